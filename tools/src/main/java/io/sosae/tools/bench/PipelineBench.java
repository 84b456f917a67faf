package io.sosae.tools.bench;

import ai.djl.Device;
import ai.djl.pytorch.jni.JniUtils;
import io.sosae.connectors.generator.FrameProducer;
import io.sosae.connectors.generator.SensorStreamSimulator;
import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.connectors.kafka.Topics;
import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.connectors.registry.SchemaRegistryClient;
import io.sosae.connectors.serde.ConfluentAvroSerializer;
import io.sosae.embedded.ApicurioRegistryServer;
import io.sosae.embedded.EmbeddedKafkaBroker;
import io.sosae.jobs.config.CompressionConfig;
import io.sosae.jobs.config.CompressionOptions;
import io.sosae.jobs.job.CompressionJob;
import io.sosae.jobs.job.KeyedStateBackend;
import io.sosae.jobs.operator.TorchRuntime;
import io.sosae.model.report.Percentiles;
import io.sosae.model.runtime.Devices;
import io.sosae.model.stream.ContinualSosae;
import io.sosae.model.stream.EncodedBatch;
import io.sosae.model.stream.JointTraining;
import io.sosae.model.stream.Promotion;
import io.sosae.schemas.SensorFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Consumer;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.FileUtils;

/**
 * The pipeline performance benchmark: how much of the model's own speed the exactly-once Flink
 * pipeline keeps, and how long a frame takes from its producer to a committed code.
 *
 * <ol>
 *   <li><b>Model only</b>: {@link ContinualSosae} encode + observe on the very frames and settings of
 *       the job, micro-batched per stream as the operator does (batches of {@code batchSize} frames
 *       of one key, List&lt;Float&gt; to float[] copy included), one thread; records/s, and the
 *       time split into encode, train steps and promotions.</li>
 *   <li><b>Sustained pipeline</b>: an in-JVM KRaft broker, an Apicurio registry process and a local
 *       Flink MiniCluster running {@link CompressionJob} exactly-once (transactional sinks, checkpoint
 *       every {@code checkpointMs}) over a backlog of {@code frames} frames produced beforehand;
 *       records/s from the first to the last committed code as seen by a read_committed consumer.</li>
 *   <li><b>End-to-end latency</b>: for each checkpoint interval of {@code latencyIntervalsMs}, a fresh
 *       job fed by {@link FrameProducer} at {@code rateFraction} of the sustained rate; latency is the
 *       time from the producer taking a frame to its code being visible to a read_committed
 *       consumer (same JVM, same clock); the first {@code warmupMillis} are left out.</li>
 * </ol>
 *
 * Exactly-once codes only become visible when the checkpoint after them completes, so latency is
 * bounded below by the checkpoint interval (on average half of it, at the tail all of it); the
 * report shows latency at several intervals and the expected floor next to the measurements.
 */
public final class PipelineBench {

    /** Ratio of pipeline to model-only throughput the pipeline should reach. */
    public static final double TARGET_RATIO = 0.8;
    /** Share of the reference streams' pipeline throughput the run's streams should keep. */
    public static final double TARGET_SCALING = 0.5;
    /** End-to-end p99 at most this multiple of the floor the report computes (batching + checkpoint). */
    public static final double TARGET_P99_OVER_FLOOR = 2.0;
    /** The p99 target holds at every latency phase with a checkpoint interval up to this. */
    public static final long P99_TARGET_MAX_CHECKPOINT_MS = 300;

    private PipelineBench() {}

    /**
     * @param frames backlog size of the sustained-throughput phase (also the model-only frames)
     * @param streams simulated sensor streams (one model each)
     * @param channels values per frame (model input dimension)
     * @param capacity model capacity
     * @param device cpu, gpu, gpu:N, auto
     * @param batchSize operator micro-batch size
     * @param maxWaitMs operator micro-batch max wait
     * @param promoteEvery records between promotions
     * @param parallelism Flink parallelism
     * @param torchThreads PyTorch intra-op threads (0 = leave as the JVM was started)
     * @param checkpointMs checkpoint interval of the sustained phase
     * @param latencyIntervalsMs checkpoint intervals of the latency phases
     * @param latencyMillis measured produce time per latency phase
     * @param warmupMillis produce time before measuring, per latency phase
     * @param rateFraction latency phases produce at this fraction of the sustained rate
     * @param segmentSize Flink network buffer size (small buffers let checkpoints pass a backlog)
     * @param seed simulator seed
     * @param referenceStreams also run the model-only and sustained phases with this many streams
     *     (the same frames in all), so the report shows how throughput holds with the key count;
     *     0 = not
     * @param maxLiveModels the job's bound on models kept in memory per subtask (0 = the job's
     *     default); the others rest in keyed state
     * @param stateBackend where the job's keyed state lives (hashmap or rocksdb, see {@link
     *     KeyedStateBackend})
     * @param trainTogether models whose training steps are stacked (the job's train-together; 0 =
     *     the job's default, 1 = each model alone)
     */
    public record Options(
            int frames,
            int streams,
            int channels,
            int capacity,
            String device,
            int batchSize,
            long maxWaitMs,
            int promoteEvery,
            int parallelism,
            int torchThreads,
            long checkpointMs,
            List<Long> latencyIntervalsMs,
            long latencyMillis,
            long warmupMillis,
            double rateFraction,
            String segmentSize,
            long seed,
            int referenceStreams,
            int maxLiveModels,
            KeyedStateBackend stateBackend,
            int trainTogether) {
        public Options {
            if (trainTogether < 0) {
                throw new IllegalArgumentException(
                        "trainTogether must be >= 0 (0 = the job's default), was " + trainTogether);
            }
            java.util.Objects.requireNonNull(stateBackend, "stateBackend");
            if (maxLiveModels < 0) {
                throw new IllegalArgumentException(
                        "maxLiveModels must be >= 0 (0 = the job's default), was " + maxLiveModels);
            }
            if (referenceStreams < 0) {
                throw new IllegalArgumentException("referenceStreams must be >= 0, was " + referenceStreams);
            }
            if (frames < 1 || streams < 1 || channels < 1 || parallelism < 1 || checkpointMs < 1) {
                throw new IllegalArgumentException(
                        "frames, streams, channels, parallelism and checkpointMs must be >= 1");
            }
            if (!(rateFraction > 0 && rateFraction <= 1)) {
                throw new IllegalArgumentException("rateFraction must be in (0, 1], was " + rateFraction);
            }
            latencyIntervalsMs = List.copyOf(latencyIntervalsMs);
            if (latencyMillis < 1 || warmupMillis < 0) {
                throw new IllegalArgumentException("latencyMillis must be >= 1 and warmupMillis >= 0");
            }
        }

        /** About 2 to 3 minutes on 2 cores. */
        public static Options defaults() {
            return new Options(
                    60_000,
                    2,
                    64,
                    64,
                    "cpu",
                    32,
                    200,
                    1000,
                    1,
                    1,
                    1000,
                    List.of(1000L, 300L, 100L),
                    15_000,
                    5_000,
                    0.5,
                    "4kb",
                    7,
                    2,
                    0,
                    KeyedStateBackend.HASHMAP,
                    0);
        }

        /** The same run with another number of streams (the scaling phase's reference). */
        public Options withStreams(int n) {
            return new Options(
                    frames,
                    n,
                    channels,
                    capacity,
                    device,
                    batchSize,
                    maxWaitMs,
                    promoteEvery,
                    parallelism,
                    torchThreads,
                    checkpointMs,
                    latencyIntervalsMs,
                    latencyMillis,
                    warmupMillis,
                    rateFraction,
                    segmentSize,
                    seed,
                    referenceStreams,
                    maxLiveModels,
                    stateBackend,
                    trainTogether);
        }

        /** Whether the run measures a second, reference number of streams beside {@link #streams()}. */
        public boolean scales() {
            return referenceStreams > 0 && referenceStreams != streams;
        }

        /** The job's configuration (the same for every phase). */
        public CompressionConfig compression() {
            CompressionConfig.Builder b = CompressionConfig.builder(channels)
                    .capacity(capacity)
                    .device(device)
                    .batchSize(batchSize)
                    .maxWait(Duration.ofMillis(maxWaitMs))
                    .promoteEvery(promoteEvery)
                    .torchThreads(torchThreads);
            if (maxLiveModels > 0) {
                b.set(CompressionOptions.MAX_LIVE_MODELS, maxLiveModels);
            }
            if (trainTogether > 0) {
                b.set(CompressionOptions.TRAIN_TOGETHER, trainTogether);
            }
            return b.build();
        }
    }

    /** Model-only phase. Shares are of the total model time. */
    public record ModelResult(
            long records,
            double seconds,
            double recordsPerSecond,
            double encodeSeconds,
            double trainSeconds,
            double promotionSeconds,
            double copySeconds,
            long batches,
            long trainSteps,
            long promotions,
            double encodeMsPerBatch,
            double trainStepMs,
            double promotionMs,
            double encodeShare,
            double trainShare,
            double promotionShare,
            double microsPerRecord,
            double cpuSeconds,
            double cpuMicrosPerRecord) {}

    /** Sustained phase. Times are seconds since the job was submitted. */
    public record ThroughputResult(
            long records,
            long checkpointMs,
            double firstCodeSeconds,
            double lastCodeSeconds,
            long firstChunkRecords,
            int commits,
            double recordsPerSecond,
            double recordsPerSecondFromSubmit,
            double steadyRecordsPerSecond,
            double microsPerRecord,
            List<double[]> committedOverTime,
            PipelineProfiler.Result profile,
            long checkpointBytes) {}

    /** One latency phase. */
    public record LatencyResult(
            long checkpointMs,
            double ratePerSecond,
            long produced,
            long measured,
            long missing,
            double p50Ms,
            double p90Ms,
            double p99Ms,
            double maxMs,
            double meanMs,
            double expectedFloorMeanMs,
            double expectedFloorP99Ms,
            List<double[]> cdf) {
        /** p99 within {@link #TARGET_P99_OVER_FLOOR} times the floor. */
        public boolean meetsP99Target() {
            return p99Ms <= TARGET_P99_OVER_FLOOR * expectedFloorP99Ms;
        }
    }

    /**
     * What the keys cost, measured in the model-only phase with every model still open: Java heap
     * in use after a full collection, native memory (growth of the resident set beyond the growth of
     * the committed heap: libtorch tensors, the engine's allocator, class metadata) relative to
     * before the models were created, the blob each key's state holds, and the size of the
     * sustained phase's last completed checkpoint.
     */
    public record MemoryResult(
            int keys,
            double heapBytesPerKey,
            double nativeBytesPerKey,
            double stateBlobBytesPerKey,
            long checkpointBytes,
            double checkpointBytesPerKey,
            long residentBytesAfter) {}

    /**
     * Throughput at the reference number of streams, in the same run, and the ratios to it (memory
     * is measured at the run's own streams only: after them the process's memory says nothing
     * about a handful of keys).
     */
    public record ScalingResult(
            int referenceStreams,
            double referenceModelRecordsPerSecond,
            double referencePipelineRecordsPerSecond,
            double modelRatio,
            double pipelineRatio) {}

    public record Report(
            Options options,
            String device,
            int torchThreads,
            int cores,
            ModelResult model,
            ThroughputResult pipeline,
            double ratio,
            MemoryResult memory,
            ScalingResult scaling,
            List<LatencyResult> latency,
            Map<String, Object> breakdown,
            Map<String, Object> targets,
            double totalSeconds) {}

    // ------------------------------------------------------------------------------------------

    /** Runs the three phases in one go (the embedded runtime is started and stopped here). */
    public static Report run(Options o, Consumer<String> log) throws Exception {
        long start = System.nanoTime();
        CompressionConfig config = o.compression();
        TorchRuntime.configure(o.torchThreads());
        Device device = Devices.select(o.device());
        int threads = JniUtils.getNumThreads();
        log.accept(String.format(
                "pipeline bench: %d frames, %d streams x %d channels, capacity %d, batch %d, device %s, "
                        + "%d torch thread(s), parallelism %d, %d cores",
                o.frames(),
                o.streams(),
                o.channels(),
                o.capacity(),
                o.batchSize(),
                device,
                threads,
                o.parallelism(),
                Runtime.getRuntime().availableProcessors()));

        List<SensorFrame> frames = frames(o, o.frames(), "bench");
        LOAD.clear();
        noteLoad("a");
        ModelRun modelRun = modelOnly(o, config, device, frames);
        ModelResult model = modelRun.speed();
        log.accept(String.format(
                "(a) model only: %.0f records/s (%.1f us/record; encode %.0f%%, train %.0f%%, promotions %.0f%%, "
                        + "copy %.0f%%; %.2f ms/train step, %.2f ms/encode batch)",
                model.recordsPerSecond(),
                model.microsPerRecord(),
                100 * model.encodeShare(),
                100 * model.trainShare(),
                100 * model.promotionShare(),
                100 * model.copySeconds() / model.seconds(),
                model.trainStepMs(),
                model.encodeMsPerBatch()));
        log.accept(String.format(
                "    model thread CPU %.1f us/record (%.0f%% of wall: the rest is time without a core)",
                model.cpuMicrosPerRecord(), 100 * model.cpuSeconds() / model.seconds()));

        log.accept(memoryLine("    ", modelRun.memory()));
        ModelRun reference = null;
        Options ref = o.scales() ? o.withStreams(o.referenceStreams()) : null; // --reference-streams 0: none
        if (o.scales()) {
            noteLoad("a-reference");
            reference = modelOnly(ref, config, device, frames(ref, o.frames(), "bench"));
            log.accept(String.format(
                    "(a') model only with %d streams (same frames): %.0f records/s; %d streams keep %.2f of it",
                    ref.streams(),
                    reference.speed().recordsPerSecond(),
                    o.streams(),
                    model.recordsPerSecond() / reference.speed().recordsPerSecond()));
        }

        Path work = Files.createTempDirectory("sosae-pipeline-bench");
        log.accept("starting Kafka (KRaft, in-JVM) and the schema registry (Apicurio) ...");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                ApicurioRegistryServer registryServer = ApicurioRegistryServer.start()) {
            RegistryConfig registry = RegistryConfig.of(registryServer.ccompatUrl());
            Embedded runtime = new Embedded(broker, registry, work, o);

            noteLoad("b");
            boolean trimmed = NativeMemory.trim();
            ThroughputResult pipeline = sustained(runtime, "bench-throughput", o.streams(), config, frames, log);
            log.accept(memoryDuring(pipeline.profile(), trimmed, o.streams(), config.maxLiveModels()));
            double ratio = pipeline.recordsPerSecond() / model.recordsPerSecond();
            MemoryResult memory = withCheckpoint(modelRun.memory(), pipeline.checkpointBytes());
            ScalingResult scaling = null;
            if (reference != null) {
                noteLoad("b-reference");
                ThroughputResult refPipeline = sustained(
                        runtime,
                        "bench-throughput-reference",
                        ref.streams(),
                        config,
                        frames(ref, o.frames(), "bench"),
                        log);
                scaling = new ScalingResult(
                        ref.streams(),
                        reference.speed().recordsPerSecond(),
                        refPipeline.recordsPerSecond(),
                        model.recordsPerSecond() / reference.speed().recordsPerSecond(),
                        pipeline.recordsPerSecond() / refPipeline.recordsPerSecond());
                log.accept(String.format(
                        "(b') pipeline with %d streams: %.0f records/s; %d streams keep %.2f of it (target >= %.1f)",
                        ref.streams(),
                        refPipeline.recordsPerSecond(),
                        o.streams(),
                        scaling.pipelineRatio(),
                        TARGET_SCALING));
            }
            log.accept(memoryLine("    with checkpoints: ", memory));
            log.accept(String.format(
                    "(b) pipeline: %.0f records/s first to last committed code (%d commits; %.0f records/s "
                            + "from job submission); ratio to model only %.2f (target >= %.1f)",
                    pipeline.recordsPerSecond(),
                    pipeline.commits(),
                    pipeline.recordsPerSecondFromSubmit(),
                    ratio,
                    TARGET_RATIO));

            log.accept(String.format(
                    "    steady state (after a quarter of the backlog): %.0f records/s; process CPU %.1f s over %.1f s wall",
                    pipeline.steadyRecordsPerSecond(),
                    pipeline.profile().processCpuSeconds(),
                    pipeline.profile().wallSeconds()));
            for (PipelineProfiler.ThreadGroupCpu t : pipeline.profile()
                    .threads()
                    .subList(0, Math.min(8, pipeline.profile().threads().size()))) {
                log.accept(String.format(
                        "    cpu %6.2f s (%4.1f%% of machine)  %s",
                        t.cpuSeconds(), 100 * t.shareOfMachine(), t.group()));
            }
            for (PipelineProfiler.TaskProfile t : pipeline.profile().tasks()) {
                StringBuilder line = new StringBuilder("    task " + t.task() + ":");
                t.shares().forEach((k, v) -> line.append(String.format(" %s %.0f%%,", k, 100 * v)));
                log.accept(line.toString());
            }
            double rate = o.rateFraction() * pipeline.recordsPerSecond();
            List<LatencyResult> latency = new ArrayList<>();
            for (long interval : o.latencyIntervalsMs()) {
                noteLoad("c@" + interval);
                LatencyResult l = latency(runtime, config, interval, rate, model, log);
                latency.add(l);
                log.accept(String.format(
                        "(c) latency at %.0f records/s, checkpoint %d ms: p50 %.0f ms, p90 %.0f ms, p99 %.0f ms, "
                                + "max %.0f ms (%d measured, %d missing; floor from batching + checkpoint ~%.0f ms mean, ~%.0f ms p99)",
                        rate,
                        interval,
                        l.p50Ms(),
                        l.p90Ms(),
                        l.p99Ms(),
                        l.maxMs(),
                        l.measured(),
                        l.missing(),
                        l.expectedFloorMeanMs(),
                        l.expectedFloorP99Ms()));
            }

            Map<String, Object> breakdown = breakdown(o, model, pipeline, latency, rate);
            log.accept(String.format(
                    "where the time goes: model thread %.1f us CPU/record; compressor task thread %s us CPU/record "
                            + "(%s of wall); load averages %s",
                    model.cpuMicrosPerRecord(),
                    fmt(breakdown.get("compressorThreadCpuMicrosPerRecord")),
                    fmt(breakdown.get("compressorThreadCpuShareOfWall")),
                    LOAD));
            LatencyResult best = latency.stream()
                    .min(Comparator.comparingDouble(LatencyResult::p99Ms))
                    .orElse(null);
            Map<String, Object> targets = new LinkedHashMap<>();
            targets.put("ratio", ratio);
            targets.put("ratioTarget", TARGET_RATIO);
            targets.put("ratioMet", ratio >= TARGET_RATIO);
            targets.put("bestP99Ms", best == null ? Double.NaN : best.p99Ms());
            targets.put("bestP99CheckpointMs", best == null ? -1 : best.checkpointMs());
            targets.put("p99TargetOverFloor", TARGET_P99_OVER_FLOOR);
            boolean p99Met = latency.stream().anyMatch(l -> l.checkpointMs() <= P99_TARGET_MAX_CHECKPOINT_MS);
            for (LatencyResult l : latency) {
                targets.put("p99OverFloorAtCheckpoint" + l.checkpointMs() + "ms", l.p99Ms() / l.expectedFloorP99Ms());
                targets.put("p99MetAtCheckpoint" + l.checkpointMs() + "ms", l.meetsP99Target());
                if (l.checkpointMs() <= P99_TARGET_MAX_CHECKPOINT_MS) {
                    p99Met &= l.meetsP99Target();
                }
            }
            targets.put("p99Met", p99Met);
            if (scaling != null) {
                targets.put("scalingStreams", o.streams());
                targets.put("scalingReferenceStreams", scaling.referenceStreams());
                targets.put("scalingRatio", scaling.pipelineRatio());
                targets.put("scalingTarget", TARGET_SCALING);
                targets.put("scalingMet", scaling.pipelineRatio() >= TARGET_SCALING);
            }
            return new Report(
                    o,
                    device.toString(),
                    threads,
                    Runtime.getRuntime().availableProcessors(),
                    model,
                    pipeline,
                    ratio,
                    memory,
                    scaling,
                    latency,
                    breakdown,
                    targets,
                    (System.nanoTime() - start) / 1e9);
        } finally {
            FileUtils.deleteDirectory(work.toFile());
        }
    }

    // --- inputs ---------------------------------------------------------------------------------

    /** {@code count} frames of {@code o.streams()} simulated streams, interleaved. */
    static List<SensorFrame> frames(Options o, int count, String prefix) {
        List<Iterator<SensorFrame>> its = new ArrayList<>();
        for (int s = 0; s < o.streams(); s++) {
            its.add(simulator(o, prefix + "-" + s).frames());
        }
        List<SensorFrame> all = new ArrayList<>(count);
        for (int i = 0; all.size() < count; i++) {
            all.add(its.get(i % its.size()).next());
        }
        return all;
    }

    static SensorStreamSimulator simulator(Options o, String streamId) {
        return SensorStreamSimulator.builder()
                .streamId(streamId)
                .channels(o.channels())
                .schedule("6:100000")
                .cycle(true)
                .noise(0.01)
                .seed(o.seed() + streamId.hashCode())
                .build();
    }

    /** Interleaves simulators of {@code o.streams()} streams, endlessly. */
    static Iterator<SensorFrame> endless(Options o, String prefix) {
        List<Iterator<SensorFrame>> its = new ArrayList<>();
        for (int s = 0; s < o.streams(); s++) {
            its.add(simulator(o, prefix + "-" + s).frames());
        }
        return new Iterator<>() {
            long i;

            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public SensorFrame next() {
                return its.get((int) (i++ % its.size())).next();
            }
        };
    }

    // --- (a) model only -------------------------------------------------------------------------

    /** The model-only phase's speed and what its keys cost (checkpoint size not yet known). */
    record ModelRun(ModelResult speed, MemoryResult memory) {}

    static ModelRun modelOnly(Options o, CompressionConfig config, Device device, List<SensorFrame> frames) {
        long heapBefore = usedHeapAfterGc();
        long committedBefore = committedHeap();
        long residentBefore = residentBytes();
        Map<String, List<SensorFrame>> byStream = new LinkedHashMap<>();
        for (SensorFrame f : frames) {
            byStream.computeIfAbsent(f.getStreamId(), k -> new ArrayList<>()).add(f);
        }
        Map<String, ContinualSosae> models = new LinkedHashMap<>();
        var options = config.toStreamOptions();
        // the operator's joint training (train-together), so that both phases run the same steps
        JointTraining joint = config.trainTogether() > 1 ? new JointTraining(config.trainTogether()) : null;
        for (String key : byStream.keySet()) {
            ContinualSosae m = ContinualSosae.create(config.toAutoencoderConfig(), options, device, joint);
            m.promotion(); // version 1's decoder, as the operator publishes it
            models.put(key, m);
        }
        try {
            // Warm-up on a copy of the first models' work is not possible without changing them, so
            // warm up on throwaway models: the JIT and libtorch's first calls stay out of the timing.
            try (ContinualSosae warm = ContinualSosae.create(config.toAutoencoderConfig(), options, device)) {
                List<SensorFrame> first = byStream.values().iterator().next();
                for (int i = 0; i + o.batchSize() <= Math.min(first.size(), 20 * o.batchSize()); i += o.batchSize()) {
                    float[] b = toBatch(first.subList(i, i + o.batchSize()), o.channels());
                    warm.encode(b, o.batchSize());
                    warm.observe(b, o.batchSize());
                }
            }
            long copy = 0;
            long encode = 0;
            long train = 0;
            long promote = 0;
            long batches = 0;
            long steps = 0;
            long promotions = 0;
            long promotingSteps = 0;
            long records = 0;
            int maxBatches = byStream.values().stream()
                    .mapToInt(l -> (l.size() + o.batchSize() - 1) / o.batchSize())
                    .max()
                    .orElse(0);
            java.lang.management.ThreadMXBean mx = java.lang.management.ManagementFactory.getThreadMXBean();
            long cpu0 = mx.getCurrentThreadCpuTime();
            long t0 = System.nanoTime();
            for (int b = 0; b < maxBatches; b++) { // round-robin over keys, batch by batch, like interleaved input
                for (Map.Entry<String, List<SensorFrame>> e : byStream.entrySet()) {
                    List<SensorFrame> list = e.getValue();
                    int from = b * o.batchSize();
                    if (from >= list.size()) {
                        continue;
                    }
                    int rows = Math.min(o.batchSize(), list.size() - from);
                    ContinualSosae m = models.get(e.getKey());
                    long c0 = System.nanoTime();
                    float[] batch = toBatch(list.subList(from, from + rows), o.channels());
                    long c1 = System.nanoTime();
                    EncodedBatch encoded = m.encode(batch, rows);
                    long c2 = System.nanoTime();
                    long stepsBefore = m.trainingSteps();
                    Optional<Promotion> p = m.observe(batch, rows);
                    long c3 = System.nanoTime();
                    if (encoded.codes().length != rows) {
                        throw new IllegalStateException("encoded " + encoded.codes().length + " of " + rows);
                    }
                    copy += c1 - c0;
                    encode += c2 - c1;
                    long taken = m.trainingSteps() - stepsBefore;
                    steps += taken;
                    if (p.isPresent()) {
                        promotions++;
                        promotingSteps += taken;
                        promote += c3 - c2; // the promotion and this batch's steps; steps taken out below
                    } else {
                        train += c3 - c2;
                    }
                    batches++;
                    records += rows;
                }
            }
            long total = System.nanoTime() - t0;
            double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
            // Promoting batches also took their train steps: move those to training at the mean step time.
            long nonPromotingSteps = Math.max(1, steps - promotingSteps);
            double stepNanos = (double) train / nonPromotingSteps; // batches without steps count in too
            double promotionStepNanos = promotingSteps * stepNanos;
            double trainAll = train + Math.min(promote, promotionStepNanos);
            double promoteOnly = Math.max(0, promote - promotionStepNanos);
            double seconds = total / 1e9;
            long blobBytes = 0;
            for (ContinualSosae m : models.values()) {
                blobBytes += m.promotion().blob().length;
            }
            long residentAfter = residentBytes();
            long heapAfter = usedHeapAfterGc();
            long nativeGrowth = (residentAfter - residentBefore) - (committedHeap() - committedBefore);
            int keys = models.size();
            MemoryResult memory = new MemoryResult(
                    keys,
                    (heapAfter - heapBefore) / (double) keys,
                    nativeGrowth / (double) keys,
                    blobBytes / (double) keys,
                    -1,
                    Double.NaN,
                    residentAfter);
            return new ModelRun(
                    new ModelResult(
                            records,
                            seconds,
                            records / seconds,
                            encode / 1e9,
                            trainAll / 1e9,
                            promoteOnly / 1e9,
                            copy / 1e9,
                            batches,
                            steps,
                            promotions,
                            encode / 1e6 / batches,
                            stepNanos / 1e6,
                            promotions == 0 ? 0 : promoteOnly / 1e6 / promotions,
                            encode / (double) total,
                            trainAll / total,
                            promoteOnly / total,
                            total / 1e3 / records,
                            cpu,
                            cpu * 1e6 / records),
                    memory);
        } finally {
            models.values().forEach(ContinualSosae::close);
            if (joint != null) {
                joint.close();
            }
        }
    }

    /** Java heap in use after a full collection. */
    static long usedHeapAfterGc() {
        java.lang.management.MemoryMXBean heap = java.lang.management.ManagementFactory.getMemoryMXBean();
        System.gc();
        System.gc();
        return heap.getHeapMemoryUsage().getUsed();
    }

    static long committedHeap() {
        return java.lang.management.ManagementFactory.getMemoryMXBean()
                .getHeapMemoryUsage()
                .getCommitted();
    }

    /** This process's resident set size (Linux), or -1. */
    static long residentBytes() {
        return procStatus("self", "VmRSS:");
    }

    /** A value in kB from /proc/PID/status (VmRSS, VmHWM) of a process ("self" or a pid), in bytes; -1 when unreadable. */
    static long procStatus(String pid, String field) {
        try {
            for (String line : Files.readAllLines(Path.of("/proc", pid, "status"))) {
                if (line.startsWith(field)) {
                    return 1024 * Long.parseLong(line.replaceAll("[^0-9]", ""));
                }
            }
        } catch (IOException | RuntimeException e) {
            // the process is gone, or this is not Linux: no resident set size
        }
        return -1;
    }

    static float[] toBatch(List<SensorFrame> frames, int n) {
        float[] batch = new float[frames.size() * n];
        for (int r = 0; r < frames.size(); r++) {
            List<Float> values = frames.get(r).getValues();
            for (int i = 0; i < n; i++) {
                batch[r * n + i] = values.get(i);
            }
        }
        return batch;
    }

    // --- the embedded runtime and jobs ------------------------------------------------------------

    /** The broker, registry and Flink settings the pipeline phases share. */
    static final class Embedded {
        final EmbeddedKafkaBroker broker;
        final RegistryConfig registry;
        final Path work;
        final Options options;
        int jobs;
        Path lastCheckpoints;

        Embedded(EmbeddedKafkaBroker broker, RegistryConfig registry, Path work, Options options) {
            this.broker = broker;
            this.registry = registry;
            this.work = work;
            this.options = options;
        }

        /** Fresh topics (and group and transactional ids) for one phase. */
        KafkaSettings settings(String name) {
            return settings(name, options.streams());
        }

        /**
         * Keys spread over at most 8 partitions (Flink's keyBy redistributes them anyway): one
         * partition per stream made the producer fail at a few hundred streams on the in-JVM broker.
         */
        KafkaSettings settings(String name, int streams) {
            return topics(broker, name, Math.max(Math.min(streams, 8), options.parallelism()));
        }

        /** Submits the production job (Kafka source, exactly-once sinks) on a local MiniCluster. */
        JobClient submit(KafkaSettings settings, CompressionConfig config, long checkpointMs) throws Exception {
            Configuration conf = new Configuration();
            Path tmp = Files.createDirectories(work.resolve("flink-" + (jobs++)));
            conf.set(CoreOptions.TMP_DIRS, tmp.toString());
            conf.setString("web.tmpdir", tmp.resolve("web").toString());
            conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
            conf.set(TaskManagerOptions.MEMORY_SEGMENT_SIZE, MemorySize.parse(options.segmentSize()));
            lastCheckpoints = tmp.resolve("checkpoints");
            conf.set(
                    CheckpointingOptions.CHECKPOINTS_DIRECTORY,
                    lastCheckpoints.toUri().toString());
            options.stateBackend().configure(conf);
            StreamExecutionEnvironment env =
                    StreamExecutionEnvironment.createLocalEnvironment(options.parallelism(), conf);
            env.enableCheckpointing(checkpointMs);
            CompressionJob.buildKafka(env, settings, registry, config);
            return env.executeAsync(settings.groupId());
        }

        long produce(
                KafkaSettings settings,
                Iterator<SensorFrame> frames,
                double rate,
                long max,
                FrameProducer<SensorFrame>[] handle) {
            return PipelineBench.produce(settings, registry, frames, rate, max, handle);
        }
    }

    /**
     * Fresh topics (and group and transactional ids) named after {@code name} on the broker: the
     * frames topic with {@code framePartitions} partitions, one or two for the outputs.
     */
    static KafkaSettings topics(EmbeddedKafkaBroker broker, String name, int framePartitions) {
        Topics t = Topics.prefixed(name);
        broker.createTopic(t.sensorFrames(), framePartitions);
        broker.createTopic(t.codes(), 2);
        broker.createTopic(t.decoders(), 1);
        broker.createTopic(t.lengthReports(), 1);
        broker.createTopic(t.deadLetters(), 1);
        broker.createTopic(t.driftAlerts(), 1);
        return KafkaSettings.builder(broker.bootstrapServers())
                .topics(t)
                .groupId(name)
                .transactionalIdPrefix(name)
                .build();
    }

    /** Produces frames (keyed by stream) at {@code rate} per second (0: as fast as possible), at most {@code max}. */
    static long produce(
            KafkaSettings settings,
            RegistryConfig registry,
            Iterator<SensorFrame> frames,
            double rate,
            long max,
            FrameProducer<SensorFrame>[] handle) {
        FrameProducer<SensorFrame> p = FrameProducer.builder(
                        settings.producerConfig(),
                        settings.topics().sensorFrames(),
                        new ConfluentAvroSerializer<>(new SchemaRegistryClient(registry), SensorFrame.class))
                .key(SensorFrame::getStreamId)
                .ratePerSecond(rate)
                .maxRecords(max)
                .build();
        if (handle != null) {
            handle[0] = p;
        }
        return p.run(frames);
    }

    static void cancel(JobClient job) {
        try {
            job.cancel().get();
        } catch (Exception e) {
            // the job may have ended on its own; nothing to clean up here
        }
    }

    static void failIfEnded(JobClient job) throws Exception {
        if (job.getJobStatus().get().isGloballyTerminalState()) {
            try {
                job.getJobExecutionResult().get();
            } catch (Exception e) {
                throw new IllegalStateException("The Flink job ended: " + e.getMessage(), e);
            }
            throw new IllegalStateException(
                    "The Flink job ended: " + job.getJobStatus().get());
        }
    }

    // --- (b) sustained throughput ------------------------------------------------------------------

    static ThroughputResult sustained(
            Embedded rt,
            String name,
            int streams,
            CompressionConfig config,
            List<SensorFrame> frames,
            Consumer<String> log)
            throws Exception {
        KafkaSettings settings = rt.settings(name, streams);
        long produced = rt.produce(settings, frames.iterator(), 0, Long.MAX_VALUE, null);
        log.accept("    backlog of " + produced + " frames produced; running the job (checkpoint "
                + rt.options.checkpointMs() + " ms) ...");
        try (CommittedCodeWatcher watcher = CommittedCodeWatcher.start(settings, rt.registry, null)) {
            long submitted = System.nanoTime();
            PipelineProfiler profiler = PipelineProfiler.start(50);
            PipelineProfiler.Result profile;
            long checkpointBytes;
            JobClient job = rt.submit(settings, config, rt.options.checkpointMs());
            Path checkpoints = rt.lastCheckpoints;
            try {
                long timeoutNanos =
                        Duration.ofSeconds(120).toNanos() + (long) (produced * 2e6); // 2 ms per record at worst
                long lastReport = System.nanoTime();
                while (watcher.count() < produced) {
                    Thread.sleep(100);
                    failIfEnded(job);
                    if (System.nanoTime() - submitted > timeoutNanos) {
                        throw new IllegalStateException(
                                "only " + watcher.count() + " of " + produced + " codes committed in time");
                    }
                    if (System.nanoTime() - lastReport > 5e9) {
                        lastReport = System.nanoTime();
                        log.accept(String.format(
                                "    %5.1f s: %d of %d codes committed",
                                (lastReport - submitted) / 1e9, watcher.count(), produced));
                    }
                }
                profile = profiler.stop();
                checkpointBytes = latestCheckpointBytes(checkpoints);
            } finally {
                profiler.close();
                cancel(job);
            }
            List<long[]> arrivals = watcher.arrivals(); // {nanoTime, cumulative count}
            long first = arrivals.get(0)[0];
            long last = arrivals.get(arrivals.size() - 1)[0];
            // A commit makes a whole checkpoint's codes visible at once; arrivals closer than a quarter
            // interval belong to the same commit.
            long gap = Math.max(20_000_000L, rt.options.checkpointMs() * 250_000L);
            int commits = 1;
            long firstChunk = arrivals.get(0)[1];
            boolean inFirst = true;
            for (int i = 1; i < arrivals.size(); i++) {
                if (arrivals.get(i)[0] - arrivals.get(i - 1)[0] > gap) {
                    commits++;
                    inFirst = false;
                }
                if (inFirst) {
                    firstChunk = arrivals.get(i)[1];
                }
            }
            double span = (last - first) / 1e9;
            double rate =
                    commits >= 3 && span > 0 ? (produced - firstChunk) / span : produced / ((last - submitted) / 1e9);
            // Steady state: from the first commit that made a quarter of the backlog visible to the last.
            double steady = rate;
            for (long[] a : arrivals) {
                if (a[1] >= produced / 4 && a[0] < last) {
                    steady = (produced - a[1]) / ((last - a[0]) / 1e9);
                    break;
                }
            }
            List<double[]> curve = new ArrayList<>();
            curve.add(new double[] {0, 0});
            for (long[] a : arrivals) {
                curve.add(new double[] {(a[0] - submitted) / 1e9, a[1]});
            }
            return new ThroughputResult(
                    produced,
                    rt.options.checkpointMs(),
                    (first - submitted) / 1e9,
                    (last - submitted) / 1e9,
                    firstChunk,
                    commits,
                    rate,
                    produced / ((last - submitted) / 1e9),
                    steady,
                    1e6 / rate,
                    thin(curve, 400),
                    profile,
                    checkpointBytes);
        }
    }

    /**
     * Bytes of the newest completed checkpoint under {@code dir} (its {@code chk-N} directory and
     * the job's {@code shared} directory, where incremental checkpoints keep the files they reuse),
     * or -1.
     */
    static long latestCheckpointBytes(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return -1;
        }
        Path newest = null;
        long newestId = -1;
        try (var files = Files.walk(dir)) {
            for (Path metadata : files.filter(f -> f.getFileName().toString().equals("_metadata"))
                    .toList()) {
                String chk = metadata.getParent().getFileName().toString();
                if (chk.startsWith("chk-") && Long.parseLong(chk.substring(4)) > newestId) {
                    newestId = Long.parseLong(chk.substring(4));
                    newest = metadata.getParent();
                }
            }
        }
        if (newest == null) {
            return -1;
        }
        // incremental (RocksDB) checkpoints keep the files they share with earlier ones in shared/
        return directoryBytes(newest) + directoryBytes(newest.getParent().resolve("shared"));
    }

    private static long directoryBytes(Path dir) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        try (var files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .mapToLong(f -> f.toFile().length())
                    .sum();
        }
    }

    static MemoryResult withCheckpoint(MemoryResult m, long checkpointBytes) {
        return new MemoryResult(
                m.keys(),
                m.heapBytesPerKey(),
                m.nativeBytesPerKey(),
                m.stateBlobBytesPerKey(),
                checkpointBytes,
                checkpointBytes < 0 ? Double.NaN : checkpointBytes / (double) m.keys(),
                m.residentBytesAfter());
    }

    /** The process's memory over the sustained phase: where it started, its peak, and what made it up. */
    static String memoryDuring(PipelineProfiler.Result p, boolean trimmed, int streams, int maxLiveModels) {
        java.util.function.Function<PipelineProfiler.Memory, String> parts = m -> String.format(
                "%.0f MiB (heap %.0f, direct %.0f, native %.0f)",
                m.residentBytes() / 1048576.0,
                m.heapCommittedBytes() / 1048576.0,
                m.directBytes() / 1048576.0,
                m.nativeBytes() / 1048576.0);
        return String.format(
                "    resident set during the pipeline (%d streams, at most %d live models per subtask): at its start %s%s;"
                        + " peak %s; end %s",
                streams,
                maxLiveModels,
                parts.apply(p.memoryAtStart()),
                trimmed ? ", after returning the model-only phase's freed native memory" : ", untrimmed",
                parts.apply(p.memoryAtPeak()),
                parts.apply(p.memoryAtEnd()));
    }

    static String memoryLine(String prefix, MemoryResult m) {
        return String.format(
                "%smemory per key (%d keys): heap %.1f KiB, native %.1f KiB, state blob %.1f KiB, checkpoint %s"
                        + " (process resident %.0f MiB)",
                prefix,
                m.keys(),
                m.heapBytesPerKey() / 1024,
                m.nativeBytesPerKey() / 1024,
                m.stateBlobBytesPerKey() / 1024,
                m.checkpointBytes() < 0 ? "not measured" : String.format("%.1f KiB", m.checkpointBytesPerKey() / 1024),
                m.residentBytesAfter() / 1048576.0);
    }

    // --- (c) latency -------------------------------------------------------------------------------

    static LatencyResult latency(
            Embedded rt,
            CompressionConfig config,
            long checkpointMs,
            double rate,
            ModelResult model,
            Consumer<String> log)
            throws Exception {
        Options o = rt.options;
        KafkaSettings settings = rt.settings("bench-latency-" + checkpointMs);
        Map<String, Long> producedAt = new ConcurrentHashMap<>();
        Map<String, Long> latencyNanos = new ConcurrentHashMap<>();
        long total = (long) (rate * (o.warmupMillis() + o.latencyMillis()) / 1000.0);
        long warmupRecords = (long) (rate * o.warmupMillis() / 1000.0);
        log.accept(String.format(
                "    latency phase: checkpoint %d ms, %d frames at %.0f/s (first %d are warm-up) ...",
                checkpointMs, total, rate, warmupRecords));
        Iterator<SensorFrame> source = endless(o, "lat" + checkpointMs);
        long[] taken = {0};
        Iterator<SensorFrame> stamped = new Iterator<>() {
            @Override
            public boolean hasNext() {
                return true;
            }

            @Override
            public SensorFrame next() {
                SensorFrame f = source.next();
                if (taken[0]++ >= warmupRecords) {
                    producedAt.put(id(f.getStreamId(), f.getSeq()), System.nanoTime()); // just before send()
                }
                return f;
            }
        };
        try (CommittedCodeWatcher watcher = CommittedCodeWatcher.start(settings, rt.registry, (key, visible) -> {
            Long p = producedAt.get(key);
            if (p != null) {
                latencyNanos.put(key, visible - p);
            }
        })) {
            JobClient job = rt.submit(settings, config, checkpointMs);
            try {
                long produced = rt.produce(settings, stamped, rate, total, null);
                long deadline = System.nanoTime()
                        + Duration.ofMillis(10 * checkpointMs + 15_000).toNanos();
                while (watcher.count() < produced && System.nanoTime() < deadline) {
                    Thread.sleep(50);
                    failIfEnded(job);
                }
                int measuredTarget = producedAt.size();
                long[] sorted = latencyNanos.values().stream()
                        .mapToLong(Long::longValue)
                        .sorted()
                        .toArray();
                double fill = Math.min(o.maxWaitMs(), 1000.0 * o.batchSize() / (rate / o.streams()));
                // a batch's encode and its share of training steps (fewer once models are stable)
                double processing = model.encodeMsPerBatch()
                        + model.trainStepMs() * model.trainSteps() / Math.max(1.0, model.batches());
                double floorMean = fill / 2 + processing + checkpointMs / 2.0;
                double floorP99 = fill + processing + 0.99 * checkpointMs;
                List<double[]> cdf = new ArrayList<>();
                for (int i = 0; i < sorted.length; i++) {
                    cdf.add(new double[] {sorted[i] / 1e6, (i + 1.0) / sorted.length});
                }
                double[] ms = Arrays.stream(sorted).mapToDouble(v -> v / 1e6).toArray();
                double[] p = Percentiles.of(ms, 0.50, 0.90, 0.99);
                return new LatencyResult(
                        checkpointMs,
                        rate,
                        produced,
                        sorted.length,
                        measuredTarget - sorted.length,
                        p[0],
                        p[1],
                        p[2],
                        sorted.length == 0 ? Double.NaN : ms[ms.length - 1],
                        Arrays.stream(ms).average().orElse(Double.NaN),
                        floorMean,
                        floorP99,
                        thin(cdf, 300));
            } finally {
                cancel(job);
            }
        }
    }

    static String fmt(Object v) {
        return v instanceof Double d ? String.format(java.util.Locale.ROOT, "%.2f", d) : String.valueOf(v);
    }

    static String id(String streamId, long seq) {
        return streamId + "/" + seq;
    }

    static List<double[]> thin(List<double[]> points, int max) {
        if (points.size() <= max) {
            return points;
        }
        List<double[]> out = new ArrayList<>();
        double step = (points.size() - 1) / (double) (max - 1);
        for (int i = 0; i < max; i++) {
            out.add(points.get((int) Math.round(i * step)));
        }
        return out;
    }

    // --- where the time goes -------------------------------------------------------------------------

    static Map<String, Object> breakdown(
            Options o, ModelResult m, ThroughputResult p, List<LatencyResult> latency, double rate) {
        Map<String, Object> b = new LinkedHashMap<>();
        b.put("loadAverages", LOAD);
        b.put("modelCpuMicrosPerRecord", m.cpuMicrosPerRecord());
        b.put("modelCpuShareOfWall", m.cpuSeconds() / m.seconds());
        p.profile().threads().stream()
                .filter(t -> t.group().startsWith("Flink task: SOSAE compressor"))
                .findFirst()
                .ifPresent(t -> {
                    b.put("compressorThreadCpuMicrosPerRecord", t.cpuSeconds() * 1e6 / p.records());
                    b.put(
                            "compressorThreadCpuShareOfWall",
                            t.cpuSeconds() / p.profile().wallSeconds());
                    b.put(
                            "cpuRatioModelToCompressorThread",
                            m.cpuMicrosPerRecord() / (t.cpuSeconds() * 1e6 / p.records()));
                });
        b.put("modelMicrosPerRecord", m.microsPerRecord());
        b.put("modelEncodeMicrosPerRecord", m.encodeSeconds() * 1e6 / m.records());
        b.put("modelTrainMicrosPerRecord", m.trainSeconds() * 1e6 / m.records());
        b.put("modelPromotionMicrosPerRecord", m.promotionSeconds() * 1e6 / m.records());
        b.put("modelCopyMicrosPerRecord", m.copySeconds() * 1e6 / m.records());
        b.put("pipelineMicrosPerRecord", p.microsPerRecord());
        b.put("pipelineOverheadMicrosPerRecord", p.microsPerRecord() - m.microsPerRecord());
        b.put("modelShareOfPipelineTime", m.microsPerRecord() / p.microsPerRecord());
        b.put("latencyRatePerSecond", rate);
        double fill = Math.min(o.maxWaitMs(), 1000.0 * o.batchSize() / (rate / o.streams()));
        b.put("batchFillMs", fill);
        b.put(
                "note",
                "Pipeline time per record beyond the model's is Kafka fetch + Avro decode/validate, keyed state, "
                        + "code records, Avro encode + transactional produce, checkpoints, and the broker, registry and consumer "
                        + "sharing the same cores. Exactly-once latency = batch fill (up to maxWait) + encode + wait for the next "
                        + "checkpoint (uniform in [0, interval]) + checkpoint and commit + consumer fetch.");
        for (LatencyResult l : latency) {
            b.put("latencyAboveFloorP50Ms@" + l.checkpointMs(), l.p50Ms() - l.expectedFloorMeanMs());
        }
        return b;
    }

    /** 1-minute load average at the start of each phase (other work on the machine shows here). */
    static final Map<String, Double> LOAD = new ConcurrentHashMap<>();

    static void noteLoad(String phase) {
        try {
            LOAD.put(
                    phase,
                    Double.parseDouble(
                            Files.readString(Path.of("/proc/loadavg")).split(" ")[0]));
        } catch (IOException | RuntimeException e) {
            // not Linux: no load average
        }
    }

    // --- report --------------------------------------------------------------------------------------

    /** Writes report.json and index.html into {@code dir}. */
    public static void write(Report r, Path dir) throws IOException {
        ReportFiles.write(r, PipelineBenchReport.html(r), dir);
    }
}
