package io.sosae.jobs.drift;

import io.sosae.jobs.expiry.IdleExpiry;
import io.sosae.schemas.DriftAlert;
import io.sosae.schemas.DriftDirection;
import io.sosae.schemas.DriftSignal;
import io.sosae.schemas.LengthReport;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.state.ValueState;
import org.apache.flink.api.common.state.ValueStateDescriptor;
import org.apache.flink.api.common.typeinfo.PrimitiveArrayTypeInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.KeyedProcessFunction;
import org.apache.flink.util.Collector;

/**
 * Watches each model key's {@link LengthReport}s and writes a {@link DriftAlert} when its emitted
 * length or its reconstruction error changes level: one {@link PageHinkley} test per signal and
 * key, in keyed state. The first {@code warmupReports} reports of a key are skipped: a new model's
 * length and error fall while it learns, which is not drift. A fall of the error (the model
 * improving) moves the error test's reference but raises no alert; the length alerts both ways (a
 * simpler stream is news too). Counts its alerts in the {@code driftAlerts} counter (the
 * Prometheus rules alert on it). With a state TTL, a key without a report for that long loses its
 * tests (one processing-time timer per key, re-armed from its last report when it fires early).
 */
public final class DriftDetector extends KeyedProcessFunction<String, LengthReport, DriftAlert> {
    private static final long serialVersionUID = 1L;

    private final DriftSettings settings;
    private transient ValueState<Long> seen;
    private transient ValueState<double[]> length;
    private transient ValueState<double[]> error;
    private transient IdleExpiry expiry;
    private transient Counter alerts;

    public DriftDetector(DriftSettings settings) {
        this.settings = settings;
    }

    @Override
    public void open(OpenContext openContext) {
        seen = getRuntimeContext().getState(new ValueStateDescriptor<>("reports-seen", Types.LONG));
        length = getRuntimeContext()
                .getState(new ValueStateDescriptor<>(
                        "emitted-length-test", PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
        error = getRuntimeContext()
                .getState(new ValueStateDescriptor<>(
                        "error-test", PrimitiveArrayTypeInfo.DOUBLE_PRIMITIVE_ARRAY_TYPE_INFO));
        expiry = IdleExpiry.open(getRuntimeContext(), settings.stateTtlMillis());
        alerts = getRuntimeContext().getMetricGroup().counter("driftAlerts");
    }

    @Override
    public void onTimer(long timestamp, OnTimerContext ctx, Collector<DriftAlert> out) throws Exception {
        if (expiry.isTimer(timestamp) && expiry.expired(ctx.timerService(), timestamp, timestamp)) {
            seen.clear();
            length.clear();
            error.clear();
        }
    }

    @Override
    public void processElement(LengthReport report, Context ctx, Collector<DriftAlert> out) throws Exception {
        expiry.touch(ctx.timerService());
        long n = seen.value() == null ? 1 : seen.value() + 1;
        seen.update(n);
        if (n <= settings.warmupReports()) {
            return;
        }
        test(length, DriftSignal.EMITTED_LENGTH, report.getEmittedLength(), settings.length(), true, report, out);
        test(
                error,
                DriftSignal.RECONSTRUCTION_ERROR,
                report.getReconstructionLoss(),
                settings.error(),
                false,
                report,
                out);
    }

    private void test(
            ValueState<double[]> state,
            DriftSignal signal,
            double value,
            PageHinkley.Settings s,
            boolean alertDownward,
            LengthReport report,
            Collector<DriftAlert> out)
            throws Exception {
        PageHinkley.Step step = PageHinkley.fromArray(state.value()).update(value, s);
        state.update(step.next().toArray());
        step.change().filter(c -> c.upward() || alertDownward).ifPresent(c -> {
            alerts.inc();
            out.collect(DriftAlert.newBuilder()
                    .setModelKey(report.getModelKey())
                    .setModelVersion(report.getModelVersion())
                    .setSignal(signal)
                    .setDirection(c.upward() ? DriftDirection.UP : DriftDirection.DOWN)
                    .setValue(value)
                    .setReference(c.reference())
                    .setStatistic(c.statistic())
                    .setThreshold(c.threshold())
                    .setReports(c.reports())
                    .setTime(report.getTime())
                    .build());
        });
    }
}
