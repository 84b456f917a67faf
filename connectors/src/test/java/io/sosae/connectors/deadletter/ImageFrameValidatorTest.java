package io.sosae.connectors.deadletter;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sosae.schemas.DeadLetterReason;
import io.sosae.schemas.ImageFrame;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ImageFrameValidatorTest {

    private final ImageFrameValidator mnist = ImageFrameValidator.exactShape(28, 28, 1, 4096);

    @Test
    void acceptsTheExpectedShape() {
        assertThat(mnist.validate(image(28, 28, 1, 784))).isEmpty();
        assertThat(ImageFrameValidator.anyShape(4096).validate(image(8, 4, 3, 96)))
                .isEmpty();
    }

    @Test
    void rejectsEachKindOfBadImage() {
        assertThat(code(mnist.validate(image(28, 28, 1, 0)))).isEqualTo(DeadLetterReason.EMPTY);
        assertThat(code(mnist.validate(image(0, 28, 1, 10)))).isEqualTo(DeadLetterReason.INVALID);
        assertThat(code(mnist.validate(image(28, 28, 1, 700)))).isEqualTo(DeadLetterReason.WRONG_DIMENSION);
        assertThat(code(mnist.validate(image(14, 14, 1, 196)))).isEqualTo(DeadLetterReason.WRONG_DIMENSION);
        assertThat(code(mnist.validate(image(100, 100, 1, 10_000)))).isEqualTo(DeadLetterReason.OVERSIZED);
        assertThat(code(mnist.validate(image(65_536, 65_536, 3, 1))))
                .as("no int overflow")
                .isEqualTo(DeadLetterReason.OVERSIZED);
    }

    @Test
    void refusesNonsenseSettings() {
        assertThatThrownBy(() -> ImageFrameValidator.exactShape(0, 28, 1, 100))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> ImageFrameValidator.anyShape(0)).isInstanceOf(IllegalArgumentException.class);
    }

    private static DeadLetterReason code(Optional<Violation> v) {
        assertThat(v).isPresent();
        return v.get().code();
    }

    private static ImageFrame image(int w, int h, int c, int bytes) {
        return ImageFrame.newBuilder()
                .setStreamId("cam")
                .setSeq(0)
                .setEventTime(Instant.EPOCH)
                .setWidth(w)
                .setHeight(h)
                .setChannels(c)
                .setPixels(ByteBuffer.wrap(new byte[bytes]))
                .build();
    }
}
