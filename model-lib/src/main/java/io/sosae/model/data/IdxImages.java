package io.sosae.model.data;

/**
 * Images read from an IDX3 file, pixels scaled to [0, 1] by /255.
 *
 * @param count  number of images
 * @param rows   rows per image
 * @param cols   columns per image
 * @param values count x rows x cols values, row-major; not copied (package-internal hand-over)
 */
public record IdxImages(int count, int rows, int cols, float[] values) {
    public int pixelsPerImage() {
        return rows * cols;
    }
}
