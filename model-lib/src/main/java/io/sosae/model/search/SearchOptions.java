package io.sosae.model.search;

/**
 * How a {@link SearchedWidthCompressor} searches its stream's code width.
 *
 * @param strategy "grid" (widths step, 2 step, ... up to the capacity) or "random" ({@code
 *     randomCount} widths from [1, capacity])
 * @param window rows collected for one search (the last fifth validates the candidates)
 * @param epochs epochs each candidate, and then the chosen width's model, trains on the window
 * @param gridStep the grid's step
 * @param randomCount the random search's widths
 * @param tolerance the chosen width is the smallest within this share of the best validation error
 * @param drift search again once the serving error (a moving average) exceeds the chosen
 *     candidate's validation error by this share
 * @param seed seed of the random widths and of the candidates' initialisation
 */
public record SearchOptions(
        String strategy,
        int window,
        int epochs,
        int gridStep,
        int randomCount,
        double tolerance,
        double drift,
        long seed) {

    public SearchOptions {
        if (!strategy.equals("grid") && !strategy.equals("random")) {
            throw new IllegalArgumentException("search strategy must be grid or random, was " + strategy);
        }
        if (window < 10 || epochs < 1 || gridStep < 1 || randomCount < 1) {
            throw new IllegalArgumentException("search window must be >= 10 rows and epochs, grid step and random count"
                    + " >= 1; were " + window + ", " + epochs + ", " + gridStep + ", " + randomCount);
        }
        if (!(tolerance >= 0) || !(drift > 0)) {
            throw new IllegalArgumentException(
                    "search tolerance must be >= 0 and drift > 0, were " + tolerance + ", " + drift);
        }
    }

    SearchStrategy strategyFor(int capacity, long round) {
        return strategy.equals("grid")
                ? new SearchStrategy.Grid(Math.min(gridStep, capacity), capacity, Math.min(gridStep, capacity))
                : new SearchStrategy.RandomWidths(Math.min(randomCount, capacity), 1, capacity, seed + round);
    }
}
