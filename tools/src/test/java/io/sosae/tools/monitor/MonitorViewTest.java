package io.sosae.tools.monitor;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.schemas.DriftAlert;
import io.sosae.schemas.DriftDirection;
import io.sosae.schemas.DriftSignal;
import io.sosae.schemas.LengthReport;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class MonitorViewTest {

    private static LengthReport report(String key, long version, int length) {
        return LengthReport.newBuilder()
                .setModelKey(key)
                .setModelVersion(version)
                .setActiveLength(length)
                .setCapacity(64)
                .setEmittedLength(length)
                .setReconstructionLoss(0.0312)
                .setPushLoss(0)
                .setSamplesSeen(version * 500)
                .setCompressionRatio(64.0 / length)
                .setTime(1_000)
                .build();
    }

    private static DriftAlert alert(String key, long version, long time) {
        return DriftAlert.newBuilder()
                .setModelKey(key)
                .setModelVersion(version)
                .setSignal(DriftSignal.EMITTED_LENGTH)
                .setDirection(DriftDirection.UP)
                .setValue(16)
                .setReference(8)
                .setStatistic(7)
                .setThreshold(4.5)
                .setReports(4)
                .setTime(time)
                .build();
    }

    @Test
    void showsEachKeysLatestVersionAndItsAlerts() {
        MonitorView view = new MonitorView();
        view.add(report("b", 3, 8));
        view.add(report("a", 2, 14));
        view.add(report("a", 5, 16));
        view.add(report("a", 4, 9)); // arrives late: an older version does not replace the newer one
        view.add(alert("a", 5, 1_000));
        view.add(alert("a", 7, 4_000));
        view.add(alert("c", 2, 4_000)); // a key seen only in an alert still gets its line

        assertThat(view.rows()).extracting(MonitorView.KeyStatus::modelKey).containsExactly("a", "b", "c");
        MonitorView.KeyStatus a = view.rows().get(0);
        assertThat(a.report().getModelVersion()).isEqualTo(5);
        assertThat(a.alerts()).isEqualTo(2);
        assertThat(a.lastAlert())
                .hasValueSatisfying(l -> assertThat(l.getModelVersion()).isEqualTo(7));

        String table = view.render(Instant.ofEpochMilli(10_000));
        String[] lines = table.split("\n");
        assertThat(lines).hasSize(4);
        assertThat(lines[0]).contains("model key", "version", "length (cap)", "alerts");
        assertThat(lines[1])
                .startsWith("a ")
                .contains(" 5 ", "16 (64)", "4.0x", "0.0312", "2500", "EMITTED_LENGTH UP at v7: 8 -> 16 (6s ago)");
        assertThat(lines[2]).startsWith("b ").contains("8 (64)", "8.0x").doesNotContain("EMITTED_LENGTH");
        assertThat(lines[3]).startsWith("c ").contains(" - ", "EMITTED_LENGTH UP at v2");
    }

    @Test
    void saysSoWhenThereIsNothingYet() {
        assertThat(new MonitorView().render(Instant.now())).contains("no length reports or alerts yet");
    }
}
