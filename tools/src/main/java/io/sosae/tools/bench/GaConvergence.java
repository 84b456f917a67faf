package io.sosae.tools.bench;

/**
 * When a GA run counts as converged, for {@code sosae bench ga}.
 *
 * <p>The curve is the parent's MAE per generation, which never rises (elitist selection on fixed
 * samples). The run <b>converged</b> at the first generation g after which the next {@code
 * window} generations lower the MAE by less than {@code relativeTolerance} of its value at g
 * (MAE(g + window) >= (1 - tol) MAE(g)): a plateau. A run whose last {@code window} generations
 * still improved it by more than that has not converged within its budget. Separately, the
 * <b>target</b> is reached at the first generation whose MAE is at or below {@code target}.
 *
 * @param window generations of the plateau
 * @param relativeTolerance improvement over the window below which it counts as a plateau
 * @param target MAE that counts as an accurate reconstruction
 */
public record GaConvergence(int window, double relativeTolerance, double target) {

    public GaConvergence {
        if (window <= 0) {
            throw new IllegalArgumentException("convergence window must be > 0 generations, was " + window);
        }
        if (!(relativeTolerance >= 0 && relativeTolerance < 1)) {
            throw new IllegalArgumentException("convergence tolerance must lie in [0, 1), was " + relativeTolerance);
        }
    }

    /**
     * @param converged whether a plateau was found
     * @param generation index of the plateau's first generation (-1 when not converged)
     * @param seconds wall time at that generation (NaN when not converged)
     * @param mae MAE at that generation (NaN when not converged)
     * @param targetGeneration first generation at or below the target (-1 when never)
     * @param targetSeconds wall time at that generation (NaN when never)
     */
    public record Outcome(
            boolean converged,
            long generation,
            double seconds,
            double mae,
            long targetGeneration,
            double targetSeconds) {}

    /**
     * @param mae the parent's MAE after each generation, one entry per generation, index = generation
     * @param seconds wall time after each generation
     */
    public Outcome analyse(double[] mae, double[] seconds) {
        if (mae.length != seconds.length) {
            throw new IllegalArgumentException("one time per generation: " + mae.length + " vs " + seconds.length);
        }
        long plateau = -1;
        for (int g = 0; g + window < mae.length; g++) {
            if (mae[g + window] >= (1 - relativeTolerance) * mae[g]) {
                plateau = g;
                break;
            }
        }
        long reached = -1;
        for (int g = 0; g < mae.length; g++) {
            if (mae[g] <= target) {
                reached = g;
                break;
            }
        }
        return new Outcome(
                plateau >= 0,
                plateau,
                plateau >= 0 ? seconds[(int) plateau] : Double.NaN,
                plateau >= 0 ? mae[(int) plateau] : Double.NaN,
                reached,
                reached >= 0 ? seconds[(int) reached] : Double.NaN);
    }
}
