package io.sosae.tools.bench;

import io.sosae.jobs.job.KeyedStateBackend;
import io.sosae.tools.cli.ExitCodes;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sosae bench keys}: a TaskManager's memory as the keys grow, per state backend. */
@Command(
        name = "keys",
        mixinStandardHelpOptions = true,
        description = "Memory of one TaskManager process (standalone cluster, fresh per run) as the number of keys"
                + " grows, per keyed state backend, with a bounded live set. Exit 4 when a run does not complete.")
public final class KeysBenchCommand implements Callable<Integer> {
    @Option(
            names = "--streams",
            split = ",",
            defaultValue = "1000,3000",
            description = "Key counts, one run each per backend. Default: ${DEFAULT-VALUE}.")
    List<Integer> streams;

    @Option(
            names = "--frames-per-stream",
            defaultValue = "300",
            description = "Backlog per key (above the job's 256 warm-start rows, so every model trains)."
                    + " Default: ${DEFAULT-VALUE}.")
    int framesPerStream;

    @Option(
            names = "--state-backends",
            split = ",",
            defaultValue = "hashmap,rocksdb",
            description = "Keyed state backends to compare. Default: ${DEFAULT-VALUE}.")
    List<String> backends;

    @Option(
            names = "--max-live-models",
            defaultValue = "100",
            description = "Models the job keeps in memory; the rest wait in keyed state. Default: ${DEFAULT-VALUE}.")
    int maxLiveModels;

    @Option(
            names = "--checkpoint-ms",
            defaultValue = "1000",
            description = "Checkpoint interval. Default: ${DEFAULT-VALUE}.")
    long checkpointMs;

    @Option(
            names = "--taskmanager-memory",
            defaultValue = "2g",
            description =
                    "The TaskManager's process size (taskmanager.memory.process.size). Default: ${DEFAULT-VALUE}.")
    String taskManagerMemory;

    @Option(
            names = "--jemalloc",
            description = "Run the TaskManager on jemalloc (LD_PRELOAD of Debian's libjemalloc2), as Flink's Docker"
                    + " images do.")
    boolean jemalloc;

    @Option(
            names = "--flink",
            description = "A further option of the cluster's configuration, key=value (repeatable), e.g."
                    + " taskmanager.memory.managed.fraction=0.1 (RocksDB's memory budget).")
    java.util.Map<String, String> flink = new java.util.LinkedHashMap<>();

    @Option(
            names = "--timeout-minutes",
            defaultValue = "20",
            description = "Longest wait for one run's codes. Default: ${DEFAULT-VALUE}.")
    long timeoutMinutes;

    @Option(
            names = "--out",
            defaultValue = "reports/keys",
            description = "Report directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() throws Exception {
        KeysBench.Options o = new KeysBench.Options(
                streams,
                framesPerStream,
                backends.stream().map(KeyedStateBackend::parse).toList(),
                maxLiveModels,
                checkpointMs,
                taskManagerMemory,
                jemalloc,
                flink,
                60 * timeoutMinutes);
        String root = System.getProperty("sosae.root", "");
        KeysBench.Report r =
                KeysBench.run(o, Path.of(root).resolve("flink-jobs").resolve("target"), System.out::println);
        KeysBenchReport.write(r, out);
        System.out.println("report: " + out.resolve("report.json") + " and " + out.resolve("index.html"));
        return r.runs().stream().allMatch(KeysBench.Run::completed) ? ExitCodes.OK : ExitCodes.TARGET_MISSED;
    }
}
