package io.sosae.model.core;

/** Losses of one training step (penalties already weighted by their lambdas). */
public record StepStats(double loss, double reconstruction, double penalty, double push) {
    public boolean finite() {
        return Double.isFinite(loss) && Double.isFinite(reconstruction) && Double.isFinite(penalty);
    }
}
