package io.sosae.model.train;

/** Progress callbacks of a {@link Trainer} run (progress bars, live counters, logs). */
@FunctionalInterface
public interface TrainingListener {
    void onEpoch(EpochStats stats);

    TrainingListener NONE = s -> {};
}
