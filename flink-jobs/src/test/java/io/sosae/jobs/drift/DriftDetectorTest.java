package io.sosae.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.schemas.DriftAlert;
import io.sosae.schemas.DriftDirection;
import io.sosae.schemas.DriftSignal;
import io.sosae.schemas.LengthReport;
import java.util.List;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DriftDetectorTest {
    private static final DriftSettings SETTINGS = DriftSettings.of(2, 0.05, 0.5, 3);

    private static LengthReport report(String key, long version, int length, double error) {
        return LengthReport.newBuilder()
                .setModelKey(key)
                .setModelVersion(version)
                .setActiveLength(length)
                .setCapacity(64)
                .setEmittedLength(length)
                .setReconstructionLoss(error)
                .setPushLoss(0)
                .setSamplesSeen(version * 512)
                .setCompressionRatio(64.0 / length)
                .setTime(version)
                .build();
    }

    private static KeyedOneInputStreamOperatorTestHarness<String, LengthReport, DriftAlert> harness(
            OperatorSubtaskState restore) throws Exception {
        var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DriftDetector(SETTINGS)), LengthReport::getModelKey, Types.STRING);
        if (restore != null) {
            h.initializeState(restore);
        }
        h.open();
        return h;
    }

    private static List<DriftAlert> alerts(KeyedOneInputStreamOperatorTestHarness<String, LengthReport, DriftAlert> h) {
        return h.extractOutputValues();
    }

    @Test
    void alertsOnTheKeyWhoseLengthAndErrorStepUpAndOnNoOther() throws Exception {
        try (var h = harness(null)) {
            // the warm-up: a new model's length falls from its capacity while it learns
            h.processElement(new StreamRecord<>(report("a", 2, 64, 0.2)));
            h.processElement(new StreamRecord<>(report("a", 3, 30, 0.1)));
            long v = 4;
            for (int i = 0; i < 10; i++, v++) {
                h.processElement(new StreamRecord<>(report("a", v, 8 + i % 2, 0.030 + 0.001 * (i % 3))));
                h.processElement(new StreamRecord<>(report("b", v, 8 + i % 2, 0.030)));
            }
            assertThat(alerts(h)).as("stationary after the warm-up").isEmpty();
            h.processElement(new StreamRecord<>(report("a", v, 18, 0.060)));
            h.processElement(new StreamRecord<>(report("b", v, 9, 0.030)));
            assertThat(alerts(h))
                    .extracting(DriftAlert::getSignal, DriftAlert::getDirection, DriftAlert::getModelKey)
                    .containsExactlyInAnyOrder(
                            org.assertj.core.groups.Tuple.tuple(DriftSignal.EMITTED_LENGTH, DriftDirection.UP, "a"),
                            org.assertj.core.groups.Tuple.tuple(
                                    DriftSignal.RECONSTRUCTION_ERROR, DriftDirection.UP, "a"));
            DriftAlert length = alerts(h).stream()
                    .filter(a -> a.getSignal() == DriftSignal.EMITTED_LENGTH)
                    .findFirst()
                    .orElseThrow();
            assertThat(length.getValue()).isEqualTo(18.0);
            assertThat(length.getReference()).isBetween(8.0, 9.0);
            assertThat(length.getStatistic()).isGreaterThan(length.getThreshold());
            assertThat(length.getModelVersion()).isEqualTo(v);
        }
    }

    @Test
    void aFallingErrorMovesTheReferenceWithoutAnAlertAndAFallingLengthAlerts() throws Exception {
        try (var h = harness(null)) {
            long v = 2;
            for (int i = 0; i < 12; i++, v++) {
                h.processElement(new StreamRecord<>(report("a", v, 20, 0.06)));
            }
            for (int i = 0; i < 3; i++, v++) {
                h.processElement(new StreamRecord<>(report("a", v, 8, 0.02)));
            }
            assertThat(alerts(h)).singleElement().satisfies(a -> {
                assertThat(a.getSignal()).isEqualTo(DriftSignal.EMITTED_LENGTH);
                assertThat(a.getDirection()).isEqualTo(DriftDirection.DOWN);
            });
            // the error's reference is now the lower level: a return to 0.06 is an upward change
            for (int i = 0; i < 5; i++, v++) {
                h.processElement(new StreamRecord<>(report("a", v, 8, 0.02)));
            }
            h.processElement(new StreamRecord<>(report("a", v, 8, 0.06)));
            assertThat(alerts(h)).last().satisfies(a -> {
                assertThat(a.getSignal()).isEqualTo(DriftSignal.RECONSTRUCTION_ERROR);
                assertThat(a.getDirection()).isEqualTo(DriftDirection.UP);
                assertThat(a.getReference()).isLessThan(0.03);
            });
        }
    }

    @Test
    void itsTestsSurviveASnapshotAndRestore() throws Exception {
        OperatorSubtaskState state;
        try (var h = harness(null)) {
            for (long v = 2; v < 12; v++) {
                h.processElement(new StreamRecord<>(report("a", v, 8, 0.03)));
            }
            state = h.snapshot(1, 1);
        }
        try (var h = harness(state)) {
            // restored past its warm-up and with its reference level: the step is found at once
            h.processElement(new StreamRecord<>(report("a", 12, 20, 0.03)));
            assertThat(alerts(h)).singleElement().satisfies(a -> {
                assertThat(a.getSignal()).isEqualTo(DriftSignal.EMITTED_LENGTH);
                assertThat(a.getReference()).isEqualTo(8.0);
            });
        }
    }

    /** With a state TTL a silent key's tests go: when it reports again it warms up from the start. */
    @Test
    void aKeyWithoutReportsForTheTtlStartsOverWithTheWarmUp() throws Exception {
        DriftSettings ttl = SETTINGS.withStateTtl(10_000);
        try (var h = new KeyedOneInputStreamOperatorTestHarness<>(
                new KeyedProcessOperator<>(new DriftDetector(ttl)), LengthReport::getModelKey, Types.STRING)) {
            h.open();
            h.setProcessingTime(0);
            long v = 2;
            for (int i = 0; i < 8; i++, v++) {
                h.processElement(new StreamRecord<>(report("a", v, 8, 0.03)));
                h.processElement(new StreamRecord<>(report("b", v, 8, 0.03)));
            }
            int withBoth = h.numKeyedStateEntries();
            // b keeps reporting every 4 s, a is silent
            for (long t = 4_000; t <= 24_000; t += 4_000, v++) {
                h.setProcessingTime(t);
                h.processElement(new StreamRecord<>(report("b", v, 8, 0.03)));
            }
            assertThat(withBoth - h.numKeyedStateEntries())
                    .as("a's five states are gone")
                    .isEqualTo(5);
            // a comes back at a much longer length: inside its new warm-up that is no alert
            h.processElement(new StreamRecord<>(report("a", v, 40, 0.03)));
            h.processElement(new StreamRecord<>(report("a", v + 1, 40, 0.03)));
            assertThat(alerts(h)).isEmpty();
        }
    }
}
