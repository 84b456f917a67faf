package io.sosae.tools.cli;

import io.sosae.tools.cluster.FlinkCluster;
import io.sosae.tools.cluster.FlinkRest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(
        name = "cluster",
        mixinStandardHelpOptions = true,
        description = "A standalone Flink session cluster on 127.0.0.1 from Flink's Maven Central jars.",
        subcommands = {ClusterCommand.Start.class, ClusterCommand.Stop.class, ClusterCommand.Status.class})
final class ClusterCommand implements Runnable {
    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                new picocli.CommandLine(this), "a subcommand is required: start, stop or status");
    }

    /** Options every cluster subcommand shares. */
    static class Where {
        @Option(
                names = "--dir",
                defaultValue = "cluster",
                description = "The cluster's working directory (configuration, logs, checkpoints, savepoints)."
                        + " Default: ${DEFAULT-VALUE}.")
        Path dir;

        @Option(
                names = "--flink-jobs-target",
                description = "flink-jobs/target of a build (flink-lib/, cluster-lib/ and the job jar)."
                        + " Default: the repository's.")
        Path target;

        FlinkCluster.Layout layout() {
            return FlinkCluster.Layout.of(flinkJobsTarget(target));
        }
    }

    static Path flinkJobsTarget(Path given) {
        if (given != null) {
            return given;
        }
        String root = System.getProperty("sosae.root");
        return (root != null ? Path.of(root) : Path.of(""))
                .resolve("flink-jobs")
                .resolve("target");
    }

    @Command(name = "start", mixinStandardHelpOptions = true, description = "Starts a JobManager and TaskManagers.")
    static final class Start implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Where where = new Where();

        @Option(
                names = "--taskmanagers",
                defaultValue = "2",
                description = "TaskManager processes. Default: ${DEFAULT-VALUE}.")
        int taskManagers;

        @Option(
                names = "--slots",
                defaultValue = "2",
                description = "Slots per TaskManager. Default: ${DEFAULT-VALUE}.")
        int slots;

        @Option(
                names = "--taskmanager-memory",
                defaultValue = "1600m",
                description =
                        "A TaskManager's process size, split by Flink's own memory model. Default: ${DEFAULT-VALUE}.")
        String taskManagerMemory;

        @Option(
                names = "--pushgateway",
                description =
                        "Push every process's metrics to this Prometheus Pushgateway (e.g. http://127.0.0.1:9091).")
        String pushGateway;

        @Override
        public Integer call() throws Exception {
            java.util.Map<String, String> conf = pushGateway == null
                    ? java.util.Map.of()
                    : io.sosae.tools.cluster.PushGatewayReporter.configuration(pushGateway, "sosae-cluster");
            FlinkCluster c = FlinkCluster.start(
                    where.dir,
                    where.layout(),
                    new FlinkCluster.Settings(taskManagers, slots, taskManagerMemory, "1024m", conf),
                    Duration.ofMinutes(2));
            System.out.println("Flink cluster up: " + c.restUrl() + " (" + taskManagers + " TaskManagers x " + slots
                    + " slots); logs in " + c.directory().resolve("log"));
            return ExitCodes.OK;
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops every process of the cluster.")
    static final class Stop implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Where where = new Where();

        @Override
        public Integer call() throws Exception {
            FlinkCluster c = FlinkCluster.attach(where.dir, where.layout());
            c.stop();
            System.out.println("Flink cluster in " + c.directory() + " stopped; logs kept in "
                    + c.directory().resolve("log"));
            return ExitCodes.OK;
        }
    }

    @Command(name = "status", mixinStandardHelpOptions = true, description = "Processes, TaskManagers and jobs.")
    static final class Status implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Where where = new Where();

        @Override
        public Integer call() throws Exception {
            FlinkCluster c = FlinkCluster.attach(where.dir, where.layout());
            FlinkRest rest = new FlinkRest(c.restUrl());
            System.out.println("REST " + c.restUrl() + ", processes alive " + c.alive() + ", TaskManagers registered "
                    + rest.taskManagers().map(String::valueOf).orElse("(not reachable)"));
            if (rest.taskManagers().isPresent()) {
                rest.jobs().forEach(j -> System.out.println("  " + j.id() + "  " + j.state() + "  " + j.name()));
            }
            return c.alive().isEmpty() ? ExitCodes.FAILURE : ExitCodes.OK;
        }
    }
}
