package io.sosae.jobs.operator;

import ai.djl.Device;
import io.sosae.jobs.job.CompressionConfig;
import io.sosae.jobs.metrics.CompressorMetrics;
import io.sosae.jobs.metrics.ModelKeyGauges;
import io.sosae.model.runtime.Devices;
import io.sosae.model.stream.ContinualSosae;
import io.sosae.model.stream.EncodedBatch;
import io.sosae.model.stream.Promotion;
import io.sosae.model.stream.StreamOptions;
import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.DeadLetter;
import io.sosae.schemas.DecoderSnapshot;
import io.sosae.schemas.LengthReport;
import io.sosae.schemas.SensorFrame;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
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
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The continual SOSAE compressor (DESIGN.md section 5): keyed by model key, one
 * {@link ContinualSosae} per key, frames micro-batched in keyed state, codes out, decoder snapshots
 * and length reports to side outputs.
 *
 * <h2>Per key</h2>
 * <ul>
 *   <li>First frame of a key: the model is created and its version-1 {@link DecoderSnapshot} goes to
 *       {@link #DECODERS} before the key's first code; its blob is written to keyed state.</li>
 *   <li>Frames are buffered in keyed {@link ListState} and flushed when {@code batchSize} frames are
 *       pending, or by a processing-time timer {@code maxWait} after the first pending frame, or at
 *       the end of a bounded input ({@link SosaeCompressorOperator#endInput()}: Flink does not fire
 *       pending processing-time timers when a bounded job ends). Pending frames are part of every
 *       checkpoint, so none is lost on restore.</li>
 *   <li>A flush encodes the batch with the serving model, emits one {@link CompressedCode} per frame,
 *       then trains on the batch ({@link ContinualSosae#observe}); a promotion writes the new blob to
 *       keyed state and emits the new version's snapshot and a {@link LengthReport}.</li>
 * </ul>
 *
 * <h2>Invariant</h2>
 * Every code of (modelKey, modelVersion) is emitted after that version's snapshot, and the blob in
 * state is always the last version whose snapshot was emitted. With transactional sinks committing on
 * the same checkpoint, no committed code lacks a committed snapshot; after a restore the model
 * continues from the checkpointed version, and versions promoted after that checkpoint (whose
 * snapshots were never committed) are produced again.
 *
 * <p>The models live in a transient map, rebuilt lazily from the blob in keyed state after a
 * restore. The codes a frame gets can differ between a failed attempt and its replay (the training
 * model restarts from the checkpointed serving version); only the committed attempt is visible.
 *
 * <p>Frames whose code is not finite (inputs that slipped past validation, or finite but extreme
 * ones) go to {@link #DEAD_LETTERS} with reason NON_FINITE; frames with a finite code but a
 * non-finite reconstruction error are coded but left out of training. The job never fails on them.
 */
public class SosaeCompressor extends KeyedProcessFunction<String, SensorFrame, CompressedCode> {

    private static final long serialVersionUID = 1L;
    private static final Logger LOG = LoggerFactory.getLogger(SosaeCompressor.class);

    public static final OutputTag<DecoderSnapshot> DECODERS =
            new OutputTag<>("decoder-snapshots", TypeInformation.of(DecoderSnapshot.class));
    public static final OutputTag<LengthReport> LENGTH_REPORTS =
            new OutputTag<>("length-reports", TypeInformation.of(LengthReport.class));
    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("compressor-dead-letters", TypeInformation.of(DeadLetter.class));

    /** Name of the keyed state that counts a key's pending frames (present only while some are). */
    static final String PENDING_COUNT = "pending-count";

    /** What a flush needs from whoever triggers it (a record, a timer, the end of input). */
    interface FlushContext {
        String key();

        long currentProcessingTime();

        void deleteProcessingTimeTimer(long time);

        <X> void output(OutputTag<X> tag, X value);
    }

    private final CompressionConfig config;

    private transient ValueState<byte[]> modelBlob;
    private transient ListState<SensorFrame> pending;
    private transient ValueState<Integer> pendingCount;
    private transient ValueState<Long> flushTimer;

    private transient Map<String, KeyModel> models;
    private transient StreamOptions options;
    private transient Device device;
    private transient CompressorMetrics metrics;

    public SosaeCompressor(CompressionConfig config) {
        this.config = Objects.requireNonNull(config, "config");
    }

    @Override
    public void open(OpenContext openContext) {
        modelBlob = getRuntimeContext().getState(
                new ValueStateDescriptor<>("model-blob", PrimitiveArrayTypeInfo.BYTE_PRIMITIVE_ARRAY_TYPE_INFO));
        pending = getRuntimeContext().getListState(
                new ListStateDescriptor<>("pending-frames", TypeInformation.of(SensorFrame.class)));
        pendingCount = getRuntimeContext().getState(new ValueStateDescriptor<>(PENDING_COUNT, Types.INT));
        flushTimer = getRuntimeContext().getState(new ValueStateDescriptor<>("flush-timer", Types.LONG));

        TorchRuntime.configure(config.torchThreads());
        device = Devices.select(config.device());
        options = config.toStreamOptions();
        models = new HashMap<>();
        metrics = new CompressorMetrics(getRuntimeContext().getMetricGroup());
        LOG.info("SOSAE compressor subtask {} on {}: {}", getRuntimeContext().getTaskInfo().getIndexOfThisSubtask(),
                device, config);
    }

    @Override
    public void processElement(SensorFrame frame, Context ctx, Collector<CompressedCode> out) throws Exception {
        FlushContext fc = of(ctx);
        model(fc);
        pending.add(frame);
        Integer count = pendingCount.value();
        int n = count == null ? 1 : count + 1;
        pendingCount.update(n);
        if (n == 1) {
            long due = ctx.timerService().currentProcessingTime() + config.maxWaitMillis();
            ctx.timerService().registerProcessingTimeTimer(due);
            flushTimer.update(due);
        }
        if (n >= config.batchSize()) {
            flush(fc, out);
        }
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<CompressedCode> out) throws Exception {
        if (ctx.timeDomain() != TimeDomain.PROCESSING_TIME) {
            return;
        }
        Long due = flushTimer.value();
        if (due == null || due != timestamp) {
            return; // a timer of a batch that was already flushed by size
        }
        flush(of(ctx), out);
    }

    /** Flushes the current key's pending frames; called by the operator at the end of input. */
    void flushAtEndOfInput(FlushContext ctx, Collector<CompressedCode> out) throws Exception {
        flush(ctx, out);
    }

    private static FlushContext of(Context ctx) {
        return new FlushContext() {
            @Override
            public String key() {
                return ctx.getCurrentKey();
            }

            @Override
            public long currentProcessingTime() {
                return ctx.timerService().currentProcessingTime();
            }

            @Override
            public void deleteProcessingTimeTimer(long time) {
                ctx.timerService().deleteProcessingTimeTimer(time);
            }

            @Override
            public <X> void output(OutputTag<X> tag, X value) {
                ctx.output(tag, value);
            }
        };
    }

    /** Encodes, emits and trains on the key's pending frames. */
    private void flush(FlushContext ctx, Collector<CompressedCode> out) throws Exception {
        Long due = flushTimer.value();
        if (due != null) {
            ctx.deleteProcessingTimeTimer(due);
        }
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
        KeyModel m = model(ctx);
        int n = m.sosae.inputDim();
        int rows = frames.size();
        float[] batch = new float[rows * n];
        for (int r = 0; r < rows; r++) {
            List<Float> values = frames.get(r).getValues();
            if (values.size() != n) { // validated upstream; a changed inputDim with old state lands here
                throw new IllegalStateException("frame of stream " + frames.get(r).getStreamId() + " has "
                        + values.size() + " values but model " + ctx.key() + " takes " + n);
            }
            for (int i = 0; i < n; i++) {
                batch[r * n + i] = values.get(i);
            }
        }

        EncodedBatch encoded = m.sosae.encode(batch, rows);
        long now = ctx.currentProcessingTime();
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
            float error = encoded.reconstructionErrors()[r];
            out.collect(CodeRecords.code(frames.get(r), m.key, encoded.modelVersion(), code, error, config.encoding()));
            coded++;
            if (!Float.isFinite(error)) {
                // Finite but extreme inputs: the code is fine, but training on the frame would only
                // produce a non-finite loss (a rollback) every time the replay buffer samples it.
                metrics.notTrained();
                continue;
            }
            System.arraycopy(batch, r * n, training, goodRows * n, n);
            goodRows++;
            errorSum += error;
        }
        metrics.codesEmitted(coded);
        if (goodRows == 0) {
            return;
        }
        m.gauges.reconstructionError(errorSum / goodRows);

        long encodedAt = System.nanoTime();
        long seenBefore = m.sosae.samplesSeen();
        Optional<Promotion> promotion = m.sosae.observe(
                goodRows == rows ? training : Arrays.copyOf(training, goodRows * n), goodRows);
        long steps = m.sosae.samplesSeen() / options.trainEvery() - seenBefore / options.trainEvery();
        metrics.rolledBack(m.sosae.rollbacks() - m.rollbacks);
        m.rollbacks = m.sosae.rollbacks();
        if (promotion.isPresent()) {
            publish(ctx, m, promotion.get(), true);
        }
        long end = System.nanoTime();
        metrics.batchTimed(end - encodedAt, steps, end - start);
    }

    /**
     * The key's model: from the transient map, else restored from the blob in keyed state, else
     * created at version 1 (its snapshot emitted now, before any code of the key).
     */
    private KeyModel model(FlushContext ctx) throws Exception {
        String key = ctx.key();
        KeyModel m = models.get(key);
        if (m != null) {
            return m;
        }
        byte[] blob = modelBlob.value();
        if (blob != null) {
            m = new KeyModel(key, ContinualSosae.restore(blob, options, device), metrics.forKey(key));
            LOG.info("Model {} restored at version {} (L = {})", key, m.sosae.version(), m.sosae.servingLength());
            models.put(key, m);
            m.gauges.serving(m.sosae.version(), m.sosae.servingLength(), m.sosae.servingLength(), m.sosae.inputDim());
        } else {
            m = new KeyModel(key, ContinualSosae.create(config.toAutoencoderConfig(), options, device), metrics.forKey(key));
            LOG.info("Model {} created (inputDim {}, capacity {})", key, m.sosae.inputDim(), m.sosae.capacity());
            models.put(key, m);
            publish(ctx, m, m.sosae.promotion(), false);
        }
        return m;
    }

    /** Writes a serving version to state and emits its snapshot (and, for promotions, its report). */
    private void publish(FlushContext ctx, KeyModel m, Promotion p, boolean promoted) throws Exception {
        modelBlob.update(p.blob());
        long now = ctx.currentProcessingTime();
        ctx.output(DECODERS, CodeRecords.snapshot(m.key, p, config.encoding(), now));
        if (promoted) {
            ctx.output(LENGTH_REPORTS, CodeRecords.report(m.key, p, m.sosae.inputDim(), now));
            metrics.promoted();
        }
        m.gauges.serving(p.modelVersion(), p.activeLength(), p.activeLength(), m.sosae.inputDim());
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
            models.values().forEach(m -> m.sosae.close());
            models.clear();
        }
        super.close();
    }

    /** Metrics of this subtask (for tests). */
    CompressorMetrics metrics() {
        return metrics;
    }

    /** Gauges of a model key held by this subtask, or null (for tests). */
    ModelKeyGauges gauges(String modelKey) {
        KeyModel m = models.get(modelKey);
        return m == null ? null : m.gauges;
    }

    /** Transient per-key runtime: the model and what the metrics need between batches. */
    private static final class KeyModel {
        final String key;
        final ContinualSosae sosae;
        final ModelKeyGauges gauges;
        long rollbacks;

        KeyModel(String key, ContinualSosae sosae, ModelKeyGauges gauges) {
            this.key = key;
            this.sosae = sosae;
            this.gauges = gauges;
        }
    }
}
