package io.sosae.tools.cli;

import io.sosae.tools.cluster.FlinkCluster;
import io.sosae.tools.cluster.FlinkRest;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

@Command(
        name = "job",
        mixinStandardHelpOptions = true,
        description = "Deploys and operates the compression job on any Flink cluster through its REST API.",
        subcommands = {
            JobCommand.Submit.class,
            JobCommand.ListJobs.class,
            JobCommand.Savepoint.class,
            JobCommand.Stop.class,
            JobCommand.Upgrade.class,
            JobCommand.Rescale.class
        })
final class JobCommand implements Runnable {
    static final String ENTRY_CLASS = "io.sosae.jobs.job.CompressionJob";

    @Override
    public void run() {
        throw new picocli.CommandLine.ParameterException(
                new picocli.CommandLine(this),
                "a subcommand is required: submit, list, savepoint, stop, upgrade or rescale");
    }

    static class Rest {
        @Option(
                names = "--rest",
                required = true,
                description = "The cluster's REST endpoint, e.g. http://127.0.0.1:8081.")
        String url;

        FlinkRest client() {
            return new FlinkRest(url);
        }
    }

    /** The job a command acts on, and where its savepoint goes. */
    static class RunningJob {
        @Option(names = "--job", required = true, description = "The job's id (sosae job list).")
        String job;

        @Option(names = "--dir", description = "Savepoint directory (default: the cluster's).")
        String dir;
    }

    /** Uploads the job jar and runs it: what submit and upgrade share. */
    static class Deployment {
        @Option(names = "--jar", description = "The job jar. Default: flink-jobs/target/sosae-flink-jobs-*-job.jar.")
        Path jar;

        @Option(
                names = "--parallelism",
                defaultValue = "0",
                description = "Job parallelism (0: the cluster's default).")
        int parallelism;

        @Parameters(
                description = "The job's options after --, e.g. -- --bootstrap 127.0.0.1:9092 --registry ..."
                        + " --input-dim 64 --method SOSAE --checkpoint-interval 10s")
        List<String> jobArgs = List.of();

        String deploy(FlinkRest rest, String savepoint) throws Exception {
            Path j = jar != null ? jar : defaultJar();
            String id = rest.run(rest.upload(j), ENTRY_CLASS, jobArgs, parallelism, savepoint);
            System.out.println("job " + id + " submitted" + (savepoint != null ? " from " + savepoint : ""));
            return id;
        }

        static Path defaultJar() throws java.io.IOException {
            return FlinkCluster.Layout.of(ClusterCommand.flinkJobsTarget(null)).jobJar();
        }
    }

    @Command(name = "submit", mixinStandardHelpOptions = true, description = "Uploads the job jar and starts the job.")
    static final class Submit implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Rest rest = new Rest();

        @picocli.CommandLine.Mixin
        Deployment deployment = new Deployment();

        @Option(names = "--from-savepoint", description = "Start from this savepoint.")
        String savepoint;

        @Override
        public Integer call() throws Exception {
            deployment.deploy(rest.client(), savepoint);
            return ExitCodes.OK;
        }
    }

    @Command(name = "list", mixinStandardHelpOptions = true, description = "The cluster's jobs.")
    static final class ListJobs implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Rest rest = new Rest();

        @Override
        public Integer call() throws Exception {
            rest.client().jobs().forEach(j -> System.out.println(j.id() + "  " + j.state() + "  " + j.name()));
            return ExitCodes.OK;
        }
    }

    /** A savepoint of a running job, printed as its location: what savepoint and stop share. */
    abstract static class TakeSavepoint implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Rest rest = new Rest();

        @picocli.CommandLine.Mixin
        RunningJob running = new RunningJob();

        abstract String take(FlinkRest client) throws Exception;

        @Override
        public Integer call() throws Exception {
            System.out.println(take(rest.client()));
            return ExitCodes.OK;
        }
    }

    @Command(name = "savepoint", mixinStandardHelpOptions = true, description = "Takes a savepoint of a running job.")
    static final class Savepoint extends TakeSavepoint {
        @Override
        String take(FlinkRest client) throws Exception {
            return client.savepoint(running.job, running.dir, Duration.ofMinutes(5));
        }
    }

    @Command(name = "stop", mixinStandardHelpOptions = true, description = "Stops a job with a savepoint.")
    static final class Stop extends TakeSavepoint {
        @Override
        String take(FlinkRest client) throws Exception {
            return client.stop(running.job, running.dir, Duration.ofMinutes(5));
        }
    }

    /** Stop with a savepoint, then start the jar from it: what upgrade and rescale share. */
    abstract static class Redeploy implements Callable<Integer> {
        @picocli.CommandLine.Mixin
        Rest rest = new Rest();

        @picocli.CommandLine.Mixin
        Deployment deployment = new Deployment();

        @picocli.CommandLine.Mixin
        RunningJob running = new RunningJob();

        void check() {}

        @Override
        public Integer call() throws Exception {
            check();
            FlinkRest client = rest.client();
            String savepoint = client.stop(running.job, running.dir, Duration.ofMinutes(5));
            System.out.println("stopped " + running.job + " with savepoint " + savepoint);
            deployment.deploy(client, savepoint);
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "upgrade",
            mixinStandardHelpOptions = true,
            description = "Stops a job with a savepoint and starts the (new) jar with the given options from it:"
                    + " an upgrade or a configuration change. Give the job's options after -- as for submit.")
    static final class Upgrade extends Redeploy {}

    @Command(
            name = "rescale",
            mixinStandardHelpOptions = true,
            description = "Stops a job with a savepoint and starts it again from it at --parallelism: keyed"
                    + " model state moves to the new subtasks. Give the job's options after -- as for submit.")
    static final class Rescale extends Redeploy {
        @Override
        void check() {
            if (deployment.parallelism < 1) {
                throw new IllegalArgumentException("rescale needs --parallelism N (N >= 1)");
            }
        }
    }
}
