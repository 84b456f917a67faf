package io.sosae.reference;

/**
 * The two parts of the training objective.
 *
 * @param reconstruction mean over batch and output elements of the element loss
 * @param penalty        mean over batch of the per-sample code penalty (0 without one)
 */
public record Objective(double reconstruction, double penalty) {

    public double total() {
        return reconstruction + penalty;
    }
}
