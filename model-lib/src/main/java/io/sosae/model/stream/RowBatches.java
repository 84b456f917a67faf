package io.sosae.model.stream;

/** The checks every {@link StreamCompressor} makes on a row-major batch of {@code rows x n} values. */
public final class RowBatches {
    private RowBatches() {}

    /** Rejects a batch that is not {@code rows x n} values (rows > 0). */
    public static void check(float[] batch, int rows, int n) {
        if (rows <= 0 || batch.length != rows * n) {
            throw new IllegalArgumentException(
                    "a batch must be rows x " + n + " values; got " + batch.length + " for " + rows + " rows");
        }
    }

    /** Whether every value of row {@code row} is finite (a NaN or infinite row is left out of learning). */
    public static boolean finiteRow(float[] batch, int row, int n) {
        for (int j = row * n; j < (row + 1) * n; j++) {
            if (!Float.isFinite(batch[j])) {
                return false;
            }
        }
        return true;
    }
}
