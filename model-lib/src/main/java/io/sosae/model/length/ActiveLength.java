package io.sosae.model.length;

/**
 * The active length L of a code: how many leading units carry the code's information.
 *
 * <p>Definition. Over a window of B codes h (B x d) and the decoder's row norms ||Wd_j||, unit j's
 * energy is e_j = mean_b |h_bj| * ||Wd_j||: the mean size of its contribution to the
 * reconstruction before the output nonlinearity. L is the smallest length whose tail carries at
 * most a fraction {@code tolerance} of the total energy:
 *
 * <pre>  L = min { l in 0..d : sum_{j >= l} e_j <= tolerance * sum_j e_j }</pre>
 *
 * so L is 1 + the last index whose energy is non-negligible in the cumulative sense, and zero when
 * the window is all zeros. Truncating every code to L changes each pre-sigmoid reconstruction by
 * at most sum_{j >= L} |h_bj| ||Wd_j|| (triangle inequality), on average over the window at most
 * {@code tolerance} times the total energy: that is the sense in which truncation "does not
 * change the reconstruction measurably". With tolerance 0, L is exactly 1 + the last unit that is
 * ever non-zero.
 */
public final class ActiveLength {
    /** Default tolerance: the truncated tail may hold 0.1% of the code's energy. */
    public static final double DEFAULT_TOLERANCE = 1e-3;

    private ActiveLength() {}

    /** Per-unit energies e_j of a window of codes (row-major B x d). */
    public static double[] energies(float[] codes, int rows, int capacity, float[] decoderNorms) {
        if (codes.length != (long) rows * capacity) {
            throw new IllegalArgumentException(
                    "codes hold " + codes.length + " values, expected " + rows + " x " + capacity);
        }
        if (decoderNorms != null && decoderNorms.length != capacity) {
            throw new IllegalArgumentException("decoder norms must have " + capacity + " entries");
        }
        double[] e = new double[capacity];
        for (int b = 0; b < rows; b++) {
            int base = b * capacity;
            for (int j = 0; j < capacity; j++) {
                e[j] += Math.abs(codes[base + j]);
            }
        }
        for (int j = 0; j < capacity; j++) {
            e[j] = rows == 0 ? 0 : e[j] / rows * (decoderNorms == null ? 1.0 : decoderNorms[j]);
        }
        return e;
    }

    /** L from per-unit energies (see the class comment). */
    public static int fromEnergies(double[] energies, double tolerance) {
        if (!(tolerance >= 0 && tolerance < 1)) {
            throw new IllegalArgumentException("tolerance must be in [0, 1), was " + tolerance);
        }
        double total = 0;
        for (double e : energies) {
            total += e;
        }
        if (total <= 0) {
            return 0;
        }
        double budget = tolerance * total;
        double tail = 0;
        int l = energies.length;
        // grow the tail from the end while it stays within budget
        while (l > 0 && tail + energies[l - 1] <= budget) {
            tail += energies[l - 1];
            l--;
        }
        return l;
    }

    public static int of(float[] codes, int rows, int capacity, float[] decoderNorms, double tolerance) {
        return fromEnergies(energies(codes, rows, capacity, decoderNorms), tolerance);
    }

    /** Number of units with non-zero energy: the width actually in use, which L may overstate. */
    public static int activeUnits(double[] energies, double tolerance) {
        double total = 0;
        for (double e : energies) {
            total += e;
        }
        int count = 0;
        for (double e : energies) {
            if (e > tolerance * total / energies.length) {
                count++;
            }
        }
        return count;
    }

    /**
     * Order of units by descending energy (ties keep their index order): applied with {@code
     * Autoencoder.permuteUnits}, it moves the active units to the front so that L equals the
     * number of active units.
     */
    public static int[] compactionOrder(double[] energies) {
        Integer[] idx = new Integer[energies.length];
        for (int i = 0; i < idx.length; i++) {
            idx[i] = i;
        }
        java.util.Arrays.sort(idx, (a, b) -> {
            int c = Double.compare(energies[b], energies[a]);
            return c != 0 ? c : Integer.compare(a, b);
        });
        int[] order = new int[idx.length];
        for (int i = 0; i < idx.length; i++) {
            order[i] = idx[i];
        }
        return order;
    }
}
