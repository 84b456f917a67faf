package io.sosae.connectors.deadletter;

import io.sosae.schemas.DeadLetterReason;
import io.sosae.schemas.ImageFrame;
import java.util.Optional;

/**
 * Rejects images whose shape is missing, too large, inconsistent with the pixel bytes, or (when an
 * expected shape is set) different from it.
 */
public final class ImageFrameValidator implements RecordValidator<ImageFrame> {

    private static final long serialVersionUID = 1L;

    private final int expectedWidth;
    private final int expectedHeight;
    private final int expectedChannels;
    private final long maxPixels;

    private ImageFrameValidator(int width, int height, int channels, long maxPixels) {
        if (maxPixels < 1) {
            throw new IllegalArgumentException("maxPixels must be >= 1, got " + maxPixels);
        }
        this.expectedWidth = width;
        this.expectedHeight = height;
        this.expectedChannels = channels;
        this.maxPixels = maxPixels;
    }

    public static ImageFrameValidator anyShape(long maxPixels) {
        return new ImageFrameValidator(0, 0, 0, maxPixels);
    }

    public static ImageFrameValidator exactShape(int width, int height, int channels, long maxPixels) {
        if (width < 1 || height < 1 || channels < 1) {
            throw new IllegalArgumentException(
                    "Expected shape must be positive, got " + width + "x" + height + "x" + channels);
        }
        return new ImageFrameValidator(width, height, channels, maxPixels);
    }

    @Override
    public Optional<Violation> validate(ImageFrame image) {
        int bytes = image.getPixels() == null ? 0 : image.getPixels().remaining();
        if (bytes == 0) {
            return violation(DeadLetterReason.EMPTY, "ImageFrame has no pixels");
        }
        if (image.getWidth() < 1 || image.getHeight() < 1 || image.getChannels() < 1) {
            return violation(DeadLetterReason.INVALID, "ImageFrame shape " + shape(image) + " is not positive");
        }
        long declared = (long) image.getWidth() * image.getHeight() * image.getChannels();
        if (declared > maxPixels || bytes > maxPixels) {
            return violation(
                    DeadLetterReason.OVERSIZED,
                    "ImageFrame " + shape(image) + " with " + bytes + " bytes exceeds the limit of " + maxPixels
                            + " values");
        }
        if (declared != bytes) {
            return violation(
                    DeadLetterReason.WRONG_DIMENSION,
                    "ImageFrame " + shape(image) + " needs " + declared + " pixel bytes, has " + bytes);
        }
        if (expectedWidth > 0
                && (image.getWidth() != expectedWidth
                        || image.getHeight() != expectedHeight
                        || image.getChannels() != expectedChannels)) {
            return violation(
                    DeadLetterReason.WRONG_DIMENSION,
                    "ImageFrame " + shape(image) + ", expected " + expectedWidth + "x" + expectedHeight + "x"
                            + expectedChannels);
        }
        return Optional.empty();
    }

    private static String shape(ImageFrame image) {
        return image.getWidth() + "x" + image.getHeight() + "x" + image.getChannels();
    }

    private static Optional<Violation> violation(DeadLetterReason code, String reason) {
        return Optional.of(new Violation(code, reason));
    }
}
