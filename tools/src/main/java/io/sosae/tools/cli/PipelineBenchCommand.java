package io.sosae.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.sosae.jobs.job.KeyedStateBackend;
import io.sosae.tools.bench.PipelineBench;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sosae bench pipeline}: model-only throughput, sustained exactly-once pipeline throughput
 * and end-to-end latency on the embedded runtime, in one run (see {@link PipelineBench}).
 */
@Command(
        name = "pipeline",
        mixinStandardHelpOptions = true,
        description =
                "Pipeline throughput against the model alone, and produce-to-committed-code latency (embedded Kafka, registry, Flink).")
final class PipelineBenchCommand implements Callable<Integer> {
    @Mixin
    DeviceOption device;

    @Option(
            names = "--frames",
            defaultValue = "60000",
            description = "Backlog for the sustained phase (and the model-only frames). Default: ${DEFAULT-VALUE}.")
    int frames;

    @Option(
            names = "--streams",
            defaultValue = "2",
            description = "Simulated streams (one model each). Default: ${DEFAULT-VALUE}.")
    int streams;

    @Option(
            names = "--channels",
            defaultValue = "64",
            description = "Channels per simulated frame (the model's input width). Default: ${DEFAULT-VALUE}.")
    int channels;

    @Option(
            names = "--capacity",
            defaultValue = "64",
            description = "Code capacity d of each model. Default: ${DEFAULT-VALUE}.")
    int capacity;

    @Option(
            names = "--batch-size",
            defaultValue = "32",
            description = "Operator micro-batch. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(
            names = "--max-wait-ms",
            defaultValue = "200",
            description = "Operator micro-batch max wait. Default: ${DEFAULT-VALUE}.")
    long maxWaitMs;

    @Option(
            names = "--promote-every",
            defaultValue = "1000",
            description =
                    "Records between promotions (compaction, length measured, a new model version and decoder snapshot). Default: ${DEFAULT-VALUE}.")
    int promoteEvery;

    @Option(names = "--parallelism", defaultValue = "1", description = "Flink parallelism. Default: ${DEFAULT-VALUE}.")
    int parallelism;

    @Option(
            names = "--torch-threads",
            defaultValue = "1",
            description = "PyTorch intra-op threads (0 = as started). Default: ${DEFAULT-VALUE}.")
    int torchThreads;

    @Option(
            names = "--checkpoint-ms",
            defaultValue = "1000",
            description = "Checkpoint interval of the sustained phase. Default: ${DEFAULT-VALUE}.")
    long checkpointMs;

    @Option(
            names = "--latency-checkpoints-ms",
            split = ",",
            defaultValue = "1000,300,100",
            description = "Checkpoint intervals of the latency phases. Default: ${DEFAULT-VALUE}.")
    List<Long> latencyCheckpointsMs;

    @Option(
            names = "--latency-seconds",
            defaultValue = "15",
            description = "Measured seconds per latency phase. Default: ${DEFAULT-VALUE}.")
    long latencySeconds;

    @Option(
            names = "--warmup-seconds",
            defaultValue = "5",
            description = "Unmeasured seconds first, per latency phase. Default: ${DEFAULT-VALUE}.")
    long warmupSeconds;

    @Option(
            names = "--rate-fraction",
            defaultValue = "0.5",
            description = "Latency phases produce at this fraction of the sustained rate. Default: ${DEFAULT-VALUE}.")
    double rateFraction;

    @Option(
            names = "--segment-size",
            defaultValue = "4kb",
            description = "Flink network buffer size. Default: ${DEFAULT-VALUE}.")
    String segmentSize;

    @Option(
            names = "--reference-streams",
            defaultValue = "2",
            description = "Also run the model-only and sustained phases with this many streams (the same frames), to"
                    + " show how throughput holds with the number of keys; 0 = not. Default: ${DEFAULT-VALUE}.")
    int referenceStreams;

    @Option(
            names = "--max-live-models",
            defaultValue = "0",
            description = "Models the job keeps in memory per subtask; the rest wait in keyed state"
                    + " (0 = the job's default). Default: ${DEFAULT-VALUE}.")
    int maxLiveModels;

    @Option(
            names = "--state-backend",
            defaultValue = "hashmap",
            description = "Keyed state backend of the job: hashmap (heap, full checkpoints) or rocksdb (local disk,"
                    + " incremental checkpoints). Default: ${DEFAULT-VALUE}.")
    String stateBackend;

    @Option(
            names = "--train-together",
            defaultValue = "0",
            description = "Models whose training steps the job stacks into one batched step (the job's"
                    + " --train-together; 0 = the job's default, 1 = each model alone). Default: ${DEFAULT-VALUE}.")
    int trainTogether;

    @Option(names = "--seed", defaultValue = "7", description = "Simulator seed. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--out",
            defaultValue = "reports/perf-pipeline",
            description = "Report directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() throws Exception {
        System.out.println("Kafka, Flink and registry warnings go to " + RuntimeLog.to(out.resolve("runtime.log"))
                + " (errors also here)");
        PipelineBench.Options o = new PipelineBench.Options(
                frames,
                streams,
                channels,
                capacity,
                device.device,
                batchSize,
                maxWaitMs,
                promoteEvery,
                parallelism,
                torchThreads,
                checkpointMs,
                latencyCheckpointsMs,
                latencySeconds * 1000,
                warmupSeconds * 1000,
                rateFraction,
                segmentSize,
                seed,
                referenceStreams,
                maxLiveModels,
                KeyedStateBackend.parse(stateBackend),
                trainTogether);
        PipelineBench.Report r = PipelineBench.run(o, System.out::println);
        PipelineBench.write(r, out);
        System.out.println(new ObjectMapper().writeValueAsString(r.targets()));
        System.out.println("report: " + out.resolve("report.json") + " and " + out.resolve("index.html"));
        boolean met = Boolean.TRUE.equals(r.targets().get("ratioMet"))
                && Boolean.TRUE.equals(r.targets().get("p99Met"))
                && !Boolean.FALSE.equals(r.targets().get("scalingMet"));
        return met ? ExitCodes.OK : ExitCodes.TARGET_MISSED;
    }
}
