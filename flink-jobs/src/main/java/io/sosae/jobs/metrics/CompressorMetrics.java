package io.sosae.jobs.metrics;

import io.sosae.model.stream.JointTraining;
import org.apache.flink.metrics.Counter;
import org.apache.flink.metrics.Histogram;
import org.apache.flink.metrics.Meter;
import org.apache.flink.metrics.MeterView;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.DescriptiveStatisticsHistogram;

/**
 * Operator-wide metrics of the SOSAE compressor (one set per subtask), registered on the
 * operator's metric group; per-model-key gauges come from {@link #forKey(String)}.
 *
 * <ul>
 *   <li>{@code codes} (counter) and {@code codesPerSecond} (meter, 60 s window)</li>
 *   <li>{@code promotions}, {@code rollbacks} (a NaN/Inf training step rolled the training model
 *       back to the serving version), {@code nonFiniteCodes} (frames dead-lettered because the
 *       serving model produced a NaN/Inf code for them), {@code framesNotTrained} (coded, but their
 *       reconstruction error was not finite, so they are kept out of the replay buffer)</li>
 *   <li>{@code learnMicrosPerRecord} (histogram over the last 1000 micro-batches: the time the
 *       compressor spent learning from a batch, divided by its records, in microseconds, so a
 *       sub-millisecond step is not rounded away), {@code batchMicros} (histogram: encode + learn
 *       time of a whole micro-batch, in microseconds)</li>
 *   <li>{@code modelKeys} (gauge): model keys this subtask holds (in memory or at rest); {@code liveModels} (gauge):
 *       models in memory now; {@code modelEvictions} (counter): models put to rest (see
 *       max-live-models); {@code modelsExpired} (counter): keys whose state expired (see
 *       state-ttl)</li>
 *   <li>per key, under {@code modelKey=<key>}, for the first {@code max-key-metrics} keys only:
 *       {@link ModelKeyGauges}; over every key: {@code keysWithOwnMetrics}, {@code
 *       meanEmittedLength}, {@code maxEmittedLength}, {@code meanReconstructionError}, {@code
 *       maxReconstructionError}, {@code meanTrainingShare} (training steps taken as a share of the
 *       full rate, see stable-train-every) (gauges computed when read), so the series a subtask exports stay
 *       bounded however many keys it holds</li>
 *   <li>with train-together above 1: {@code stackedStepShare} (training steps taken stacked with
 *       other models' as a share of all steps) and {@code modelsPerStackedStep} (models per stacked
 *       step, on average)</li>
 * </ul>
 */
public final class CompressorMetrics {

    private static final int HISTOGRAM_WINDOW = 1000;

    private final MetricGroup group;
    private final Counter codes;
    private final Meter codesPerSecond;
    private final Counter promotions;
    private final Counter rollbacks;
    private final Counter nonFiniteCodes;
    private final Counter notTrained;
    private final Histogram learnMicrosPerRecord;
    private final Histogram batchMicros;
    private final Counter evictions;
    private final Counter expirations;
    private final java.util.Map<String, ModelKeyGauges> keyGauges = new java.util.HashMap<>();
    private final int maxKeyGroups;
    private volatile int modelKeys;
    private volatile int keyGroups;
    private volatile int liveModels;

    /** Every key with its own metric group (tests, and jobs with few keys). */
    public CompressorMetrics(MetricGroup group) {
        this(group, Integer.MAX_VALUE);
    }

    /** At most {@code maxKeyGroups} keys with their own metric group; the rest in the aggregates. */
    public CompressorMetrics(MetricGroup group, int maxKeyGroups) {
        this.group = group;
        this.maxKeyGroups = maxKeyGroups;
        this.codes = group.counter("codes");
        this.codesPerSecond = group.meter("codesPerSecond", new MeterView(codes));
        this.promotions = group.counter("promotions");
        this.rollbacks = group.counter("rollbacks");
        this.nonFiniteCodes = group.counter("nonFiniteCodes");
        this.notTrained = group.counter("framesNotTrained");
        this.learnMicrosPerRecord =
                group.histogram("learnMicrosPerRecord", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        this.batchMicros = group.histogram("batchMicros", new DescriptiveStatisticsHistogram(HISTOGRAM_WINDOW));
        this.evictions = group.counter("modelEvictions");
        this.expirations = group.counter("modelsExpired");
        group.gauge("modelKeys", () -> modelKeys);
        group.gauge("liveModels", () -> liveModels);
        group.gauge("keysWithOwnMetrics", () -> keyGroups);
        group.gauge("meanEmittedLength", () -> aggregate(ModelKeyGauges::emittedLength, false));
        group.gauge("maxEmittedLength", () -> aggregate(ModelKeyGauges::emittedLength, true));
        group.gauge("meanReconstructionError", () -> aggregate(ModelKeyGauges::reconstructionError, false));
        group.gauge("maxReconstructionError", () -> aggregate(ModelKeyGauges::reconstructionError, true));
        group.gauge("meanTrainingShare", () -> aggregate(ModelKeyGauges::trainingShare, false));
    }

    /** The gauges of the subtask's joint training (steps of many models taken stacked). */
    public void trainingTogether(java.util.function.Supplier<JointTraining.Counts> counts) {
        group.gauge("stackedStepShare", () -> {
            JointTraining.Counts c = counts.get();
            return c.steps() == 0 ? Double.NaN : (double) c.stackedSteps() / c.steps();
        });
        group.gauge("modelsPerStackedStep", () -> counts.get().modelsPerRound());
    }

    /** Mean or maximum of a per-key value over the keys that have one (NaN when none has). */
    private double aggregate(java.util.function.ToDoubleFunction<ModelKeyGauges> value, boolean max) {
        java.util.List<ModelKeyGauges> keys;
        synchronized (keyGauges) { // the reporter thread reads while the task thread adds keys
            keys = new java.util.ArrayList<>(keyGauges.values());
        }
        double sum = 0;
        double top = Double.NEGATIVE_INFINITY;
        int count = 0;
        for (ModelKeyGauges g : keys) {
            if (g.expired()) {
                continue;
            }
            double v = value.applyAsDouble(g);
            if (Double.isFinite(v)) {
                sum += v;
                top = Math.max(top, v);
                count++;
            }
        }
        return count == 0 ? Double.NaN : max ? top : sum / count;
    }

    /**
     * The gauges of a model key: registered once per key (Flink cannot unregister a metric group),
     * the same object when an evicted model comes back.
     */
    public ModelKeyGauges forKey(String modelKey) {
        synchronized (keyGauges) {
            return keyGauges.computeIfAbsent(modelKey, k -> {
                modelKeys++;
                if (keyGroups >= maxKeyGroups) {
                    return new ModelKeyGauges();
                }
                keyGroups++;
                return new ModelKeyGauges(group.addGroup("modelKey", k));
            });
        }
    }

    /** Whether this subtask has held a model for the key before (an evicted model coming back). */
    public boolean knows(String modelKey) {
        synchronized (keyGauges) {
            return keyGauges.containsKey(modelKey);
        }
    }

    public void liveModels(int n) {
        liveModels = n;
    }

    public void evicted() {
        evictions.inc();
    }

    /**
     * A key's state expired: it leaves the aggregates, and a key without a metric group of its own
     * is forgotten (a key with one keeps it: Flink cannot unregister a group).
     */
    public void expired(String modelKey) {
        expirations.inc();
        synchronized (keyGauges) {
            ModelKeyGauges g = keyGauges.get(modelKey);
            if (g == null) {
                return;
            }
            g.expire();
            if (!g.hasOwnGroup()) {
                keyGauges.remove(modelKey);
                modelKeys--;
            }
        }
    }

    public long expirations() {
        return expirations.getCount();
    }

    public long evictions() {
        return evictions.getCount();
    }

    public void codesEmitted(int n) {
        codes.inc(n);
    }

    public void promoted() {
        promotions.inc();
    }

    public void rolledBack(long n) {
        if (n > 0) {
            rollbacks.inc(n);
        }
    }

    public void nonFiniteCode() {
        nonFiniteCodes.inc();
    }

    public void notTrained() {
        notTrained.inc();
    }

    /**
     * @param learnNanos time the compressor spent learning from the batch (observe)
     * @param records records it learned from (at least 1 is assumed)
     * @param batchNanos encode + learn time of the batch
     */
    public void batchTimed(long learnNanos, int records, long batchNanos) {
        learnMicrosPerRecord.update(Math.round(learnNanos / 1e3 / Math.max(1, records)));
        batchMicros.update(Math.round(batchNanos / 1e3));
    }

    public long codes() {
        return codes.getCount();
    }

    public long promotions() {
        return promotions.getCount();
    }

    public long rollbacks() {
        return rollbacks.getCount();
    }

    public long nonFiniteCodes() {
        return nonFiniteCodes.getCount();
    }

    public long framesNotTrained() {
        return notTrained.getCount();
    }
}
