package io.sosae.connectors.generator;

/** One image to replay: uint8 pixels row-major (height x width x channels) and an optional label. */
public record ImageSample(int width, int height, int channels, byte[] pixels, Integer label) {
    public ImageSample {
        if (width <= 0 || height <= 0 || channels <= 0) {
            throw new IllegalArgumentException(
                    "image dimensions must be positive: " + width + "x" + height + "x" + channels);
        }
        if (pixels.length != width * height * channels) {
            throw new IllegalArgumentException(
                    "expected " + width * height * channels + " pixels, got " + pixels.length);
        }
    }
}
