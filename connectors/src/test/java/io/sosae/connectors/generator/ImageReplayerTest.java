package io.sosae.connectors.generator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sosae.schemas.ImageFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class ImageReplayerTest {
    private static final List<ImageSample> SAMPLES = List.of(
            new ImageSample(2, 1, 1, new byte[] {1, 2}, 7), new ImageSample(2, 1, 1, new byte[] {3, (byte) 255}, null));

    @Test
    void replaysOnceWithSequenceNumbersEventTimesAndLabels() {
        ImageReplayer r = new ImageReplayer(SAMPLES, "img", false, Instant.EPOCH, Duration.ofMillis(10));
        ImageFrame a = r.next();
        ImageFrame b = r.next();
        assertThat(r.hasNext()).isFalse();
        assertThat(a.getSeq()).isZero();
        assertThat(b.getSeq()).isEqualTo(1);
        assertThat(b.getEventTime()).isEqualTo(Instant.ofEpochMilli(10));
        assertThat(a.getLabel()).isEqualTo(7);
        assertThat(b.getLabel()).isNull();
        assertThat(b.getPixels().array()).containsExactly(3, (byte) 255);
    }

    @Test
    void cyclesForeverWhenAsked() {
        ImageReplayer r = new ImageReplayer(SAMPLES, "img", true, Instant.EPOCH, Duration.ofMillis(1));
        for (int i = 0; i < 5; i++) {
            r.next();
        }
        assertThat(r.hasNext()).isTrue();
        assertThat(r.next().getSeq()).isEqualTo(5);
    }

    @Test
    void rejectsInconsistentSamples() {
        assertThatThrownBy(() -> new ImageSample(2, 2, 1, new byte[3], null)).hasMessageContaining("expected 4");
        assertThatThrownBy(() -> new ImageReplayer(List.of(), "x", false, Instant.EPOCH, Duration.ZERO))
                .hasMessageContaining("empty");
    }
}
