package io.sosae.model.search;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Consumer;

/**
 * Chooses a code width the way the SOSAE paper's baselines do: train one model per candidate
 * width, each to the same stopping rule, and keep the smallest width whose validation error is
 * within a stated tolerance of the best candidate's (an elbow rule that can be stated and
 * re-run). How the candidates train is the trainer's choice: one after another ({@link
 * AutoencoderCandidates}) or all together in batched passes ({@link BatchedCandidates}); each is
 * reported to a listener as it finishes.
 */
public final class HiddenSizeSearch {

    /** Trains one candidate width and measures it. */
    @FunctionalInterface
    public interface CandidateTrainer {
        Candidate train(int width);

        /** Trains every width, in order, telling the listener of each as it finishes. */
        default List<Candidate> trainAll(List<Integer> widths, Consumer<Candidate> listener) {
            List<Candidate> done = new ArrayList<>();
            for (int width : widths) {
                Candidate c = train(width);
                done.add(c);
                listener.accept(c);
            }
            return done;
        }
    }

    private final CandidateTrainer trainer;
    private final double tolerance;

    /**
     * @param tolerance how much above the best validation error the chosen width may be (0.05:
     *     5%)
     */
    public HiddenSizeSearch(CandidateTrainer trainer, double tolerance) {
        if (!(tolerance >= 0) || Double.isInfinite(tolerance)) {
            throw new IllegalArgumentException("tolerance must be >= 0, was " + tolerance);
        }
        this.trainer = trainer;
        this.tolerance = tolerance;
    }

    public SearchResult run(SearchStrategy strategy, Consumer<Candidate> listener) {
        List<Candidate> done = trainer.trainAll(strategy.widths(), listener);
        return new SearchResult(strategy.name(), tolerance, done, choose(done, tolerance));
    }

    /** The smallest width within {@code tolerance} of the best validation error. */
    static Candidate choose(List<Candidate> candidates, double tolerance) {
        if (candidates.isEmpty()) {
            throw new IllegalArgumentException("no candidates to choose from");
        }
        double best = candidates.stream()
                .mapToDouble(Candidate::validationError)
                .min()
                .orElseThrow();
        return candidates.stream()
                .filter(c -> c.validationError() <= best * (1 + tolerance))
                .min(Comparator.comparingInt(Candidate::width))
                .orElseThrow();
    }
}
