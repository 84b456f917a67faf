package io.sosae.jobs.operator;

import ai.djl.Device;
import io.sosae.jobs.config.CompressionConfig;
import io.sosae.jobs.expiry.IdleExpiry;
import io.sosae.jobs.metrics.CompressorMetrics;
import io.sosae.jobs.metrics.ModelKeyGauges;
import io.sosae.model.codec.CodePacker;
import io.sosae.model.runtime.Devices;
import io.sosae.model.stream.CompressorFactory;
import io.sosae.model.stream.EncodedBatch;
import io.sosae.model.stream.JointTraining;
import io.sosae.model.stream.Promotion;
import io.sosae.model.stream.StreamCompressor;
import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.DeadLetter;
import io.sosae.schemas.DecoderSnapshot;
import io.sosae.schemas.LengthReport;
import io.sosae.schemas.SensorFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ListState;
import org.apache.flink.api.common.state.ListStateDescriptor;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.streaming.api.TimeDomain;
import org.apache.flink.streaming.api.TimerService;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The continual compressor: keyed by model key, one {@link StreamCompressor} per key (whatever
 * method the {@link CompressionConfig} names), frames micro-batched in keyed state, codes out,
 * decoder snapshots and length reports to side outputs. It knows the compressor interface only;
 * every code and snapshot is stamped with the method the compressor reports.
 *
 * <h2>Per key</h2>
 * <ul>
 *   <li>First frame of a key: the compressor is created and its version-1 {@link DecoderSnapshot}
 *       goes to {@link #DECODERS} before the key's first code; its blob is written to keyed state.</li>
 *   <li>Frames are buffered in keyed {@link ListState} and flushed when {@code batchSize} frames are
 *       pending, or by a processing-time timer {@code maxWait} after the first pending frame, or at
 *       the end of the input. The end of input uses Flink's documented contract: a source that
 *       finishes (a bounded input, or a stop with {@code --drain}) emits a final watermark of
 *       {@code Long.MAX_VALUE}, which fires every event-time timer; each key with pending frames
 *       holds one event-time timer at {@code Long.MAX_VALUE}. Pending frames are part of every
 *       checkpoint, so none is lost on restore.</li>
 *   <li>A flush encodes the batch with the serving version, emits one {@link CompressedCode} per
 *       frame, then lets the compressor learn from the batch; a promotion writes the new blob to
 *       keyed state and emits the new version's snapshot and a {@link LengthReport}.</li>
 * </ul>
 *
 * <h2>Abandoned keys</h2>
 * With {@code state-ttl} set, a key that sends no frame for that long (processing time, from its
 * last flush) loses its model and state: one processing-time timer per key, re-armed from the
 * key's last activity when it fires early, closes the live model and clears the key's state but
 * for one number, the last version it published. A key that comes back gets a new model whose
 * versions continue after that one ({@link OffsetVersions}), so no (key, version) is ever
 * published twice. Keys that sent their last frame before the TTL was switched on carry no timer
 * and do not expire.
 *
 * <h2>Invariant</h2>
 * Every code of (modelKey, modelVersion) is emitted after that version's snapshot, and the blob in
 * state is always the last version whose snapshot was emitted. With transactional sinks committing
 * on the same checkpoint, no committed code lacks a committed snapshot; after a restore the model
 * continues from the checkpointed version, and versions promoted after that checkpoint (whose
 * snapshots were never committed) are produced again.
 *
 * <p>The compressors live in a transient map, rebuilt lazily from the blob in keyed state after a
 * restore. The codes a frame gets can differ between a failed attempt and its replay (training
 * restarts from the checkpointed serving version); only the committed attempt is visible.
 *
 * <p>Frames whose code is not finite (inputs that slipped past validation, or finite but extreme
 * ones) go to {@link #DEAD_LETTERS} with reason NON_FINITE; frames with a finite code but a
 * non-finite reconstruction error are coded but left out of training. The job never fails on them.
 */
public class CompressorFunction extends KeyedProcessFunction<String, SensorFrame, CompressedCode> {

    private static final long serialVersionUID = 2L;
    private static final Logger LOG = LoggerFactory.getLogger(CompressorFunction.class);

    public static final OutputTag<DecoderSnapshot> DECODERS =
            new OutputTag<>("decoder-snapshots", TypeInformation.of(DecoderSnapshot.class));
    public static final OutputTag<LengthReport> LENGTH_REPORTS =
            new OutputTag<>("length-reports", TypeInformation.of(LengthReport.class));
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("compressor-dead-letters", TypeInformation.of(DeadLetter.class));

    /** The event-time timer that flushes a key's pending frames when the input ends. */
    static final long END_OF_INPUT = Long.MAX_VALUE;

    private final CompressionConfig config;

    private transient ValueState<byte[]> modelBlob;
    private transient ListState<SensorFrame> pending;
    private transient ValueState<Integer> pendingCount;
    private transient ValueState<Long> flushTimer;
    private transient ValueState<Long> versionOffset;
    private transient IdleExpiry expiry;

    private transient Map<String, KeyModel> models;
    private transient CompressorFactory factory;
    private transient JointTraining joint; // null: every model steps alone
    private transient Device device;
    private transient CompressorMetrics metrics;

    public CompressorFunction(CompressionConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public void open(OpenContext openContext) {
        // State names are part of the savepoint format: never change them.
        modelBlob = getRuntimeContext()
                .getState(new ValueStateDescriptor<>(
                        "model-blob", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        pending = getRuntimeContext()
                .getListState(new ListStateDescriptor<>("pending-frames", TypeInformation.of(SensorFrame.class)));
        pendingCount = getRuntimeContext().getState(new ValueStateDescriptor<>("pending-count", Types.INT));
        flushTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("flush-timer", Types.LONG));
        versionOffset = getRuntimeContext().getState(new ValueStateDescriptor<>("version-offset", Types.LONG));
        expiry = IdleExpiry.open(getRuntimeContext(), config.stateTtlMillis());

        factory = config.toCompressorFactory();
        if (config.trainTogether() > 1) {
            joint = new JointTraining(config.trainTogether());
            factory = factory.trainingIn(joint); // methods that cannot stack their steps ignore it
        }
        if (factory.method().isAutoencoder()) {
            TorchRuntime.configure(config.torchThreads());
            int subtask = getRuntimeContext().getTaskInfo().getIndexOfThisSubtask();
            String spec = DeviceChoice.spec(
                    config.device(), getRuntimeContext().getExternalResourceInfos(DeviceChoice.RESOURCE), subtask);
            try {
                device = Devices.select(spec);
            } catch (IllegalArgumentException e) {
                throw spec.equals(config.device())
                        ? e
                        : new IllegalArgumentException(
                                "Flink assigned this subtask " + spec + " (external resource '" + DeviceChoice.RESOURCE
                                        + "'), but: " + e.getMessage(),
                                e);
            }
        } else {
            device = Device.cpu(); // plain-Java methods ignore it
        }
        models = new java.util.LinkedHashMap<>(16, 0.75f, true); // access order: the eldest is the least recently used
        metrics = new CompressorMetrics(getRuntimeContext().getMetricGroup(), config.maxKeyMetrics());
        if (joint != null) {
            metrics.trainingTogether(joint::counts);
        }
        LOG.info(
                "{} compressor subtask {} on {}: {}",
                factory.method(),
                getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                device,
                config);
    }

    @Override
    public void processElement(SensorFrame frame, Context ctx, Collector<CompressedCode> out) throws Exception {
        model(ctx.getCurrentKey(), ctx);
        pending.add(frame);
        Integer count = pendingCount.value();
        int n = count == null ? 1 : count + 1;
        pendingCount.update(n);
        if (n == 1) {
            long due = ctx.timerService().currentProcessingTime() + config.maxWaitMillis();
            ctx.timerService().registerProcessingTimeTimer(due);
            ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
            flushTimer.update(due);
        }
        if (n >= config.batchSize()) {
            flush(ctx.getCurrentKey(), ctx, ctx.timerService(), out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CompressedCode> out) throws Exception {
        if (ctx.timeDomain() == TimeDomain.EVENT_TIME) {
            if (timestamp == END_OF_INPUT) {
                flush(ctx.getCurrentKey(), ctx, ctx.timerService(), out);
            }
            return;
        }
        if (expiry.isTimer(timestamp)) {
            expireIfIdle(ctx.getCurrentKey(), timestamp, ctx.timerService());
        }
        Long due = flushTimer.value();
        if (due == null || due != timestamp) {
            return; // a timer of a batch that was already flushed by size
        }
        flush(ctx.getCurrentKey(), ctx, ctx.timerService(), out);
    }

    /**
     * The expiry timer fired: re-armed from the last activity when the key was active since,
     * otherwise the key's model and state go, keeping the last published version.
     */
    private void expireIfIdle(String key, long now, TimerService timers) throws Exception {
        Integer waiting = pendingCount.value();
        long notBefore = waiting != null && waiting > 0 ? now + config.maxWaitMillis() + 1 : now; // their flush counts
        if (!expiry.expired(timers, now, notBefore)) {
            return;
        }
        KeyModel live = models.remove(key);
        long lastVersion;
        if (live != null) {
            lastVersion = live.compressor.version();
            live.compressor.close();
        } else {
            lastVersion = restedVersion();
        }
        modelBlob.clear();
        pending.clear();
        pendingCount.clear();
        flushTimer.clear();
        timers.deleteEventTimeTimer(END_OF_INPUT);
        if (lastVersion > 0) {
            versionOffset.update(lastVersion);
        }
        metrics.expired(key);
        metrics.liveModels(models.size());
        LOG.info(
                "Model {} expired after {} ms without frames (last version {})",
                key,
                config.stateTtlMillis(),
                lastVersion);
    }

    /** The version of a model at rest in keyed state (0 when there is none). */
    private long restedVersion() throws Exception {
        byte[] blob = modelBlob.value();
        if (blob == null) {
            return versionOffset();
        }
        try (StreamCompressor rested = restore(blob)) {
            return rested.version();
        }
    }

    private StreamCompressor restore(byte[] blob) throws Exception {
        return OffsetVersions.of(factory.restore(blob, device), versionOffset());
    }

    /** What the key's versions are shifted by: the last version before its state expired, or 0. */
    private long versionOffset() throws Exception {
        Long offset = versionOffset.value();
        return offset == null ? 0 : offset;
    }

    /** Encodes, emits and learns from the key's pending frames. */
    private void flush(String key, Context ctx, TimerService timers, Collector<CompressedCode> out) throws Exception {
        Long due = flushTimer.value();
        if (due != null) {
            timers.deleteProcessingTimeTimer(due);
        }
        timers.deleteEventTimeTimer(END_OF_INPUT);
        flushTimer.clear();
        List<SensorFrame> frames = new ArrayList<>();
        Iterable<SensorFrame> buffered = pending.get();
        if (buffered != null) {
            buffered.forEach(frames::add);
        }
        pending.clear();
        pendingCount.clear();
        if (frames.isEmpty()) {
            return;
        }

        long start = System.nanoTime();
        expiry.touch(timers);
        KeyModel m = model(key, ctx);
        int n = m.compressor.inputDim();
        int rows = frames.size();
        float[] batch = new float[rows * n];
        for (int r = 0; r < rows; r++) {
            List<Float> values = frames.get(r).getValues();
            if (values.size() != n) { // validated upstream; a changed inputDim with old state lands here
                throw new IllegalStateException(
                        "frame of stream " + frames.get(r).getStreamId() + " has " + values.size()
                                + " values but model " + key + " takes " + n);
            }
            for (int i = 0; i < n; i++) {
                batch[r * n + i] = values.get(i);
            }
        }

        EncodedBatch encoded = m.compressor.encode(batch, rows);
        long now = timers.currentProcessingTime();
        float[] training = new float[rows * n];
        int coded = 0;
        int goodRows = 0;
        double errorSum = 0;
        for (int r = 0; r < rows; r++) {
            float[] code = encoded.codes()[r];
            if (!allFinite(code)) {
                metrics.nonFiniteCode();
                ctx.output(DEAD_LETTERS, CodeRecords.nonFiniteCode(frames.get(r), m.key, encoded.modelVersion(), now));
                continue;
            }
            // The error reported is the error of what a receiver decodes: after packing.
            float modelError = encoded.reconstructionErrors()[r];
            CodePacker.Packed packed = m.packer().pack(code, batch, r, modelError);
            out.collect(CodeRecords.code(
                    frames.get(r),
                    m.key,
                    m.compressor.method(),
                    encoded.modelVersion(),
                    packed.code(),
                    packed.error()));
            coded++;
            if (!Float.isFinite(modelError)) {
                // Finite but extreme inputs: the code is fine, but learning from the frame would only
                // produce a non-finite loss (a rollback) every time the replay buffer samples it.
                metrics.notTrained();
                continue;
            }
            System.arraycopy(batch, r * n, training, goodRows * n, n);
            goodRows++;
            errorSum += packed.error();
        }
        metrics.codesEmitted(coded);
        if (goodRows == 0) {
            return;
        }
        m.gauges.reconstructionError(errorSum / goodRows);

        long encodedAt = System.nanoTime();
        Optional<Promotion> promotion =
                m.compressor.observe(goodRows == rows ? training : Arrays.copyOf(training, goodRows * n), goodRows);
        metrics.rolledBack(m.compressor.rollbacks() - m.rollbacks);
        m.rollbacks = m.compressor.rollbacks();
        if (promotion.isPresent()) {
            publish(ctx, now, m, promotion.get(), true);
            m.gauges.trainingShare(m.compressor.trainingShare());
        }
        long end = System.nanoTime();
        metrics.batchTimed(end - encodedAt, goodRows, end - start);
    }

    /**
     * The key's compressor: from the transient map, else restored from the blob in keyed state,
     * else created at version 1 (its snapshot emitted now, before any code of the key).
     */
    private KeyModel model(String key, Context ctx) throws Exception {
        KeyModel m = models.get(key);
        if (m != null) {
            return m;
        }
        byte[] blob = modelBlob.value();
        if (blob != null) {
            boolean evictedBefore = metrics.knows(key);
            m = new KeyModel(key, restore(blob), metrics.forKey(key));
            // State written before the end-of-input timer existed may hold pending frames without it.
            ctx.timerService().registerEventTimeTimer(END_OF_INPUT);
            if (evictedBefore) {
                LOG.debug("Model {} back from keyed state at version {}", key, m.compressor.version());
            } else {
                LOG.info(
                        "Model {} ({}) restored at version {} (L = {})",
                        key,
                        factory.method(),
                        m.compressor.version(),
                        m.compressor.servingLength());
            }
            live(key, m);
            m.gauges.serving(
                    m.compressor.version(),
                    m.compressor.servingLength(),
                    m.compressor.servingLength(),
                    m.compressor.inputDim());
        } else {
            m = new KeyModel(key, OffsetVersions.of(factory.create(device), versionOffset()), metrics.forKey(key));
            LOG.info(
                    "Model {} ({}) created (inputDim {}, capacity {})",
                    key,
                    factory.method(),
                    m.compressor.inputDim(),
                    m.compressor.capacity());
            live(key, m);
            publish(ctx, ctx.timerService().currentProcessingTime(), m, m.compressor.promotion(), false);
        }
        return m;
    }

    /**
     * Holds a key's model in memory, putting the least recently used one to rest beyond
     * max-live-models: it is closed and dropped, and its key's state keeps its last published version
     * (what it learnt since is lost, as after a failover).
     */
    private void live(String key, KeyModel m) {
        models.put(key, m);
        var eldest = models.entrySet().iterator();
        while (models.size() > config.maxLiveModels()) {
            KeyModel rest = eldest.next().getValue();
            eldest.remove();
            rest.compressor.close();
            metrics.evicted();
        }
        metrics.liveModels(models.size());
    }

    /** Models in memory now (for tests). */
    int liveModels() {
        return models.size();
    }

    /** Writes a serving version to state and emits its snapshot (and, for promotions, its report). */
    private void publish(Context ctx, long now, KeyModel m, Promotion p, boolean promoted) throws Exception {
        modelBlob.update(p.blob());
        m.serve(p);
        ctx.output(DECODERS, CodeRecords.snapshot(m.key, m.compressor.method(), p, config.encoding(), now));
        if (promoted) {
            ctx.output(
                    LENGTH_REPORTS, CodeRecords.report(m.key, p, m.compressor.inputDim(), m.compressor.flops(), now));
            metrics.promoted();
        }
        m.gauges.serving(p.modelVersion(), p.activeLength(), p.emittedLength(), m.compressor.inputDim());
    }

    private static boolean allFinite(float[] code) {
        for (float v : code) {
            if (!Float.isFinite(v)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() throws Exception {
        if (models != null) {
            models.values().forEach(m -> m.compressor.close());
            models.clear();
        }
        if (joint != null) {
            joint.close();
        }
        super.close();
    }

    /** Metrics of this subtask (for tests). */
    CompressorMetrics metrics() {
        return metrics;
    }

    /** The step counts of this subtask's joint training, or null without one (for tests). */
    JointTraining.Counts jointCounts() {
        return joint == null ? null : joint.counts();
    }

    /** Gauges of a model key held by this subtask, or null (for tests). */
    ModelKeyGauges gauges(String modelKey) {
        KeyModel m = models.get(modelKey);
        return m == null ? null : m.gauges;
    }

    /** Transient per-key runtime: the compressor and what the metrics need between batches. */
    private final class KeyModel {
        final String key;
        final StreamCompressor compressor;
        final ModelKeyGauges gauges;
        long rollbacks;
        private CodePacker packer;
        private long packerVersion;

        KeyModel(String key, StreamCompressor compressor, ModelKeyGauges gauges) {
            this.key = key;
            this.compressor = compressor;
            this.gauges = gauges;
        }

        void serve(Promotion p) {
            packer = config.packer(p.decoder());
            packerVersion = p.modelVersion();
        }

        /** The packer of the serving version (a restored model's is cut from its promotion once). */
        CodePacker packer() {
            if (packer == null || packerVersion != compressor.version()) {
                serve(compressor.promotion());
            }
            return packer;
        }
    }
}
