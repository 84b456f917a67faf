package io.sosae.model.pca;

/**
 * How a {@link StreamingPca} tracks its stream.
 *
 * <p>The rank follows two energy thresholds, as in SPIRIT (Papadimitriou, Sun and Faloutsos,
 * "Streaming Pattern Discovery in Multiple Time-Series", VLDB 2005): when the first k components
 * retain less than {@code lowEnergy} of the variance, or the first k-1 already retain more than
 * {@code highEnergy}, the rank is reset to the smallest one retaining their midpoint. Between the
 * thresholds the rank is held, so it does not flicker.
 *
 * @param inputDim n, values per row
 * @param maxRank the most components a code may have (the method's capacity)
 * @param lowEnergy grow when the retained share of variance falls below this
 * @param highEnergy shrink when one component fewer still retains more than this
 * @param halfLife rows after which an observation's weight in the mean and covariance has halved
 *     (forgetting, so the components follow a drifting stream)
 * @param promoteEvery rows between re-estimations of the components (each is a new version)
 * @param margin components shipped past the rank in a decoder snapshot
 */
public record PcaOptions(
        int inputDim, int maxRank, double lowEnergy, double highEnergy, int halfLife, int promoteEvery, int margin) {

    public PcaOptions {
        if (inputDim <= 0) {
            throw new IllegalArgumentException("inputDim must be > 0, was " + inputDim);
        }
        if (maxRank <= 0) {
            throw new IllegalArgumentException("PCA rank limit (capacity) must be > 0, was " + maxRank);
        }
        if (!(lowEnergy > 0 && lowEnergy <= highEnergy && highEnergy < 1)) {
            throw new IllegalArgumentException("PCA energy thresholds must satisfy 0 < low <= high < 1, were low "
                    + lowEnergy + ", high " + highEnergy + " (SPIRIT's defaults: 0.95 and 0.98)");
        }
        if (halfLife <= 0 || promoteEvery <= 0 || margin < 0) {
            throw new IllegalArgumentException("PCA halfLife and promoteEvery must be > 0 and margin >= 0, were "
                    + halfLife + ", " + promoteEvery + ", " + margin);
        }
    }

    /** The rank a new stream starts with: every value up to the limit (nothing is known yet). */
    int initialRank() {
        return Math.min(maxRank, inputDim);
    }

    /** The energy share the rank is reset to when it leaves the band. */
    double targetEnergy() {
        return (lowEnergy + highEnergy) / 2;
    }
}
