package io.sosae.jobs.metrics;

import org.apache.flink.metrics.MetricGroup;

/**
 * Gauges of one model key, under the metric group {@code modelKey=<key>} so
 * the Prometheus reporter exports the key as a label:
 * {@code activeLength} (L of the serving version), {@code emittedLength} (values per code),
 * {@code compressionRatio} (inputDim / emittedLength), {@code reconstructionError} (mean absolute
 * error of the last micro-batch reconstructed from its truncated codes), {@code modelVersion}.
 * Values are written by the task thread and read by the reporter thread.
 */
public final class ModelKeyGauges {

    private volatile int activeLength;
    private volatile int emittedLength;
    private volatile double compressionRatio = Double.NaN;
    private volatile double reconstructionError = Double.NaN;
    private volatile long modelVersion;
    private volatile boolean expired;
    private volatile double trainingShare = Double.NaN; // in the aggregates only
    private final boolean ownGroup;

    /** Values of a key without a metric group of its own (they count in the aggregates only). */
    ModelKeyGauges() {
        this.ownGroup = false;
    }

    ModelKeyGauges(MetricGroup group) {
        this.ownGroup = true;
        group.gauge("activeLength", () -> activeLength);
        group.gauge("emittedLength", () -> emittedLength);
        group.gauge("compressionRatio", () -> compressionRatio);
        group.gauge("reconstructionError", () -> reconstructionError);
        group.gauge("modelVersion", () -> modelVersion);
    }

    /** The serving version changed (created, restored or promoted). */
    public void serving(long version, int activeLength, int emittedLength, int inputDim) {
        this.expired = false;
        this.modelVersion = version;
        this.activeLength = activeLength;
        this.emittedLength = emittedLength;
        this.compressionRatio = emittedLength > 0 ? (double) inputDim / emittedLength : Double.NaN;
    }

    /** The key's state expired (see state-ttl): its values no longer describe a live model. */
    void expire() {
        this.expired = true;
        this.reconstructionError = Double.NaN;
        this.compressionRatio = Double.NaN;
    }

    /** Whether these values are exported under the key's own metric group. */
    boolean hasOwnGroup() {
        return ownGroup;
    }

    /** Whether the key's state expired and no frame of it came since. */
    public boolean expired() {
        return expired;
    }

    /** The model's training work as a share of its full rate (see stable-train-every). */
    public void trainingShare(double share) {
        this.trainingShare = share;
    }

    public double trainingShare() {
        return trainingShare;
    }

    public void reconstructionError(double meanAbsoluteError) {
        this.reconstructionError = meanAbsoluteError;
    }

    public int activeLength() {
        return activeLength;
    }

    public int emittedLength() {
        return emittedLength;
    }

    public double compressionRatio() {
        return compressionRatio;
    }

    public double reconstructionError() {
        return reconstructionError;
    }

    public long modelVersion() {
        return modelVersion;
    }
}
