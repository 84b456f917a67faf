package io.sosae.tools.decode;

import java.awt.image.BufferedImage;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import javax.imageio.ImageIO;

/** Writes grayscale frames (values in [0,1], row-major) as one PNG grid, originals beside reconstructions. */
public final class ImageGrid {
    private ImageGrid() {}

    /**
     * @param rows pairs of (original or null, reconstruction); each drawn side by side, one pair a row
     */
    public static void write(Path file, List<float[][]> rows, int width, int height) throws IOException {
        int scale = 3;
        BufferedImage img = new BufferedImage(
                2 * width * scale + scale, Math.max(1, rows.size()) * height * scale, BufferedImage.TYPE_BYTE_GRAY);
        for (int r = 0; r < rows.size(); r++) {
            for (int side = 0; side < 2; side++) {
                float[] v = rows.get(r)[side];
                if (v == null) {
                    continue;
                }
                if (v.length != width * height) {
                    throw new IllegalArgumentException(
                            "a frame of " + v.length + " values is not " + width + "x" + height);
                }
                for (int y = 0; y < height; y++) {
                    for (int x = 0; x < width; x++) {
                        int g = Math.max(0, Math.min(255, Math.round(v[y * width + x] * 255)));
                        int rgb = (g << 16) | (g << 8) | g;
                        for (int dy = 0; dy < scale; dy++) {
                            for (int dx = 0; dx < scale; dx++) {
                                img.setRGB(
                                        side * (width * scale + scale) + x * scale + dx,
                                        r * height * scale + y * scale + dy,
                                        rgb);
                            }
                        }
                    }
                }
            }
        }
        Files.createDirectories(file.toAbsolutePath().getParent());
        ImageIO.write(img, "png", file.toFile());
    }
}
