package io.sosae.model.ga;

/**
 * How {@link MutationGa} breeds a generation.
 *
 * @param population children per generation; each is a copy of the parent with {@code mutations}
 *     parameters perturbed (the parent itself is evaluated beside them and kept if no child beats it)
 * @param mutations k, parameters chosen at random (distinct) and perturbed in each child
 * @param mutationScale a perturbation is drawn from U(-scale, scale); the paper adds U(-1, 1)
 * @param seed seed of every random choice (a generation's draws depend only on it and the
 *     generation's index, so a restored run continues identically)
 */
public record GaOptions(int population, int mutations, double mutationScale, long seed) {

    public GaOptions {
        if (population < 1) {
            throw new IllegalArgumentException("GA population must be >= 1 child per generation, was " + population);
        }
        if (mutations < 1) {
            throw new IllegalArgumentException(
                    "GA mutations (k, parameters perturbed per child) must be >= 1, was " + mutations);
        }
        if (!(mutationScale > 0) || Double.isInfinite(mutationScale)) {
            throw new IllegalArgumentException(
                    "GA mutation scale must be a finite number > 0 (the paper uses 1), was " + mutationScale);
        }
    }

    /** The paper's best one-sample setting: about 10 agents, about 10 parameters mutated, U(-1, 1). */
    public static GaOptions paper(long seed) {
        return new GaOptions(10, 10, 1.0, seed);
    }
}
