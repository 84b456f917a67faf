package io.sosae.jobs.metrics;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.metrics.Gauge;
import org.apache.flink.metrics.MetricGroup;
import org.apache.flink.runtime.metrics.util.InterceptingOperatorMetricGroup;
import org.junit.jupiter.api.Test;

/** Per-key metric groups stay bounded; every key counts in the aggregates. */
class CompressorMetricsTest {

    /** Flink's intercepting group, also recording which key groups were opened. */
    static final class Recording extends InterceptingOperatorMetricGroup {
        final List<String> keyGroups = new ArrayList<>();

        @Override
        public MetricGroup addGroup(String key, String value) {
            keyGroups.add(key + "=" + value);
            return super.addGroup(key, value);
        }

        double gauge(String name) {
            return ((Number) ((Gauge<?>) get(name)).getValue()).doubleValue();
        }
    }

    @Test
    void onlyTheFirstKeysGetTheirOwnGroupAndEveryKeyCountsInTheAggregates() {
        Recording group = new Recording();
        CompressorMetrics metrics = new CompressorMetrics(group, 3);
        for (int k = 0; k < 1000; k++) {
            ModelKeyGauges g = metrics.forKey("key-" + k);
            g.serving(1, 4 + k % 10, 4 + k % 10, 64);
            g.reconstructionError(k == 999 ? 0.5 : 0.01);
        }
        assertThat(group.keyGroups).containsExactly("modelKey=key-0", "modelKey=key-1", "modelKey=key-2");
        assertThat(group.gauge("modelKeys")).isEqualTo(1000);
        assertThat(group.gauge("keysWithOwnMetrics")).isEqualTo(3);
        assertThat(group.gauge("maxEmittedLength")).isEqualTo(13);
        assertThat(group.gauge("meanEmittedLength")).isEqualTo(8.5);
        assertThat(group.gauge("maxReconstructionError")).isEqualTo(0.5);
        assertThat(group.gauge("meanReconstructionError"))
                .isCloseTo((999 * 0.01 + 0.5) / 1000, org.assertj.core.api.Assertions.within(1e-12));
        // a key seen before keeps its gauges object (an evicted model coming back)
        assertThat(metrics.forKey("key-500")).isSameAs(metrics.forKey("key-500"));
        assertThat(group.keyGroups).hasSize(3);
    }

    /** An expired key leaves the aggregates; one without its own group is forgotten. */
    @Test
    void expiredKeysLeaveTheAggregates() {
        Recording group = new Recording();
        CompressorMetrics metrics = new CompressorMetrics(group, 1);
        ModelKeyGauges own = metrics.forKey("own");
        own.serving(3, 20, 20, 64);
        own.trainingShare(1.0);
        ModelKeyGauges other = metrics.forKey("other");
        other.serving(2, 4, 4, 64);
        other.trainingShare(0.25);
        assertThat(group.gauge("maxEmittedLength")).isEqualTo(20);
        assertThat(group.gauge("meanTrainingShare")).isEqualTo(0.625);

        metrics.expired("own");
        assertThat(group.gauge("maxEmittedLength")).isEqualTo(4);
        assertThat(group.gauge("meanTrainingShare")).isEqualTo(0.25);
        assertThat(metrics.forKey("own"))
                .as("a key with its own group keeps it")
                .isSameAs(own);
        assertThat(group.gauge("modelKeys")).isEqualTo(2);
        metrics.expired("other");
        assertThat(group.gauge("modelKeys")).isEqualTo(1);
        assertThat(metrics.expirations()).isEqualTo(2);
        // the key with its own group comes back: it counts again
        own.serving(4, 6, 6, 64);
        assertThat(group.gauge("maxEmittedLength")).isEqualTo(6);
    }

    @Test
    void zeroMeansAggregatesOnly() {
        Recording group = new Recording();
        CompressorMetrics metrics = new CompressorMetrics(group, 0);
        metrics.forKey("a").serving(2, 5, 5, 64);
        assertThat(group.keyGroups).isEmpty();
        assertThat(group.gauge("maxEmittedLength")).isEqualTo(5);
        assertThat(group.gauge("maxReconstructionError")).isNaN();
    }
}
