package io.sosae.model.search;

import java.util.List;

/**
 * What a hidden-size search found: every candidate, and the chosen width, the smallest whose
 * validation error is within {@code tolerance} of the best candidate's.
 */
public record SearchResult(String strategy, double tolerance, List<Candidate> candidates, Candidate chosen) {
    public SearchResult {
        candidates = List.copyOf(candidates);
    }

    /** FLOPs of the whole search (every candidate). */
    public double totalFlops() {
        return candidates.stream().mapToDouble(Candidate::flops).sum();
    }

    public double totalSeconds() {
        return candidates.stream().mapToDouble(Candidate::seconds).sum();
    }
}
