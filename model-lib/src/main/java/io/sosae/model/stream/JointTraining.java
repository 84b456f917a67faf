package io.sosae.model.stream;

import io.sosae.model.core.Autoencoder;
import io.sosae.model.core.StackedSteps;
import io.sosae.model.core.StepStats;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The training steps of many streams' models, taken together: a model that joins gives its steps
 * here instead of taking them (each with the batch it sampled, so nothing depends on when the step
 * runs), and they run in rounds, each round one step of every waiting model, models of one
 * configuration and batch size stacked into one {@link StackedSteps} call. Aggregate speed then
 * grows with the number of streams instead of being a fixed cost per stream.
 *
 * <p>Steps wait until {@code models} models have some, or one model has {@code maxWaiting}, or a
 * model is about to promote (it runs them first: a promotion always sees every step its records
 * asked for, in order). Codes do not wait: they come from the serving version, which the training
 * steps do not touch. A model that is closed drops its waiting steps, as it drops what it learnt
 * since its last promotion.
 *
 * <p>One instance per thread (an operator subtask); not thread-safe.
 */
public final class JointTraining implements AutoCloseable {
    /** Most steps one model keeps waiting before they run (bounds the memory of sampled batches). */
    static final int MAX_WAITING_STEPS = 64;

    private final int models;
    private final Map<ContinualSosae, ArrayDeque<Step>> waiting = new LinkedHashMap<>();
    private final StackedSteps stacked = new StackedSteps();
    // volatile: metric reporters read them from another thread
    private volatile long steps;
    private volatile long stackedSteps;
    private volatile long stackedRounds;
    private long stackedCalls; // for tests: stacks built (one per set of rounds)

    /** A step that waits: the batch its model's owner sampled. */
    private record Step(float[] batch, int rows) {}

    /**
     * Step counters, for reports and metrics: steps taken, those of them taken stacked, and the
     * stacked rounds (one step of every model of a stack).
     */
    public record Counts(long steps, long stackedSteps, long stackedRounds) {
        /** Models per stacked round (NaN before the first). */
        public double modelsPerRound() {
            return stackedRounds == 0 ? Double.NaN : (double) stackedSteps / stackedRounds;
        }
    }

    /**
     * @param models how many models' steps wait for each other (>= 2; 1 would be each model alone,
     *     which is a model without joint training)
     */
    public JointTraining(int models) {
        if (models < 2) {
            throw new IllegalArgumentException("joint training needs at least 2 models, was " + models);
        }
        this.models = models;
    }

    /** The steps taken so far, and how many of them were stacked. */
    public Counts counts() {
        return new Counts(steps, stackedSteps, stackedRounds);
    }

    /**
     * A step of {@code owner} on a sampled batch; it runs later, in order with its others. The steps
     * of one batch of records are all added before {@link #runIfFull}, so they run in one set of rounds.
     */
    void add(ContinualSosae owner, float[] batch, int rows) {
        waiting.computeIfAbsent(owner, o -> new ArrayDeque<>()).add(new Step(batch, rows));
    }

    /** Runs the waiting steps once enough models have some, or {@code owner} has too many. */
    void runIfFull(ContinualSosae owner) {
        ArrayDeque<Step> own = waiting.get(owner);
        if (waiting.size() >= models || own != null && own.size() >= MAX_WAITING_STEPS) {
            runAll();
        }
    }

    /** Stacks built so far: one per set of consecutive rounds (for tests). */
    long stackedCalls() {
        return stackedCalls;
    }

    /** Whether {@code owner} has steps waiting. */
    boolean hasWaiting(ContinualSosae owner) {
        return waiting.containsKey(owner);
    }

    /** Drops the waiting steps of a model that closes. */
    void forget(ContinualSosae owner) {
        waiting.remove(owner);
    }

    /**
     * Runs every waiting step. Models whose next steps can be stacked (one configuration, one batch
     * size) run as many rounds together as all of them have; a model that cannot, alone.
     */
    void runAll() {
        while (!waiting.isEmpty()) {
            Map<Object, List<ContinualSosae>> groups = new LinkedHashMap<>();
            for (var e : waiting.entrySet()) {
                ContinualSosae owner = e.getKey();
                var config = owner.trainingModel().config();
                Object key = StackedSteps.supports(config)
                        ? List.of(
                                StackedSteps.stackingKey(config),
                                e.getValue().peek().rows(),
                                owner.trainingModel().device())
                        : owner; // a group of its own
                groups.computeIfAbsent(key, k -> new ArrayList<>()).add(owner);
            }
            for (List<ContinualSosae> group : groups.values()) {
                if (group.size() == 1) {
                    runAlone(group.get(0));
                } else {
                    runStacked(group);
                }
            }
        }
    }

    private void runAlone(ContinualSosae owner) {
        ArrayDeque<Step> queue = waiting.remove(owner);
        for (Step s : queue) {
            steps++;
            owner.finishStep(owner.trainingModel().trainStep(s.batch(), s.rows()));
        }
    }

    /** The rounds every model of the group has waiting with the group's batch size, stacked. */
    private void runStacked(List<ContinualSosae> group) {
        int rows = waiting.get(group.get(0)).peek().rows();
        int rounds = Integer.MAX_VALUE;
        for (ContinualSosae owner : group) {
            int same = 0;
            for (Step s : waiting.get(owner)) {
                if (s.rows() != rows) {
                    break;
                }
                same++;
            }
            rounds = Math.min(rounds, same);
        }
        int width = rows * group.get(0).inputDim();
        List<float[]> batches = new ArrayList<>(rounds);
        for (int r = 0; r < rounds; r++) {
            batches.add(new float[group.size() * width]);
        }
        List<Autoencoder> models = new ArrayList<>(group.size());
        for (int j = 0; j < group.size(); j++) {
            ContinualSosae owner = group.get(j);
            int r = 0;
            for (Step s : waiting.get(owner)) {
                if (r == rounds) {
                    break;
                }
                System.arraycopy(s.batch(), 0, batches.get(r++), j * width, width);
            }
            models.add(owner.trainingModel());
        }
        List<StepStats[]> run = stacked.step(models, batches, rows);
        stackedCalls++;
        for (StepStats[] round : run) {
            for (int j = 0; j < group.size(); j++) {
                ContinualSosae owner = group.get(j);
                ArrayDeque<Step> queue = waiting.get(owner);
                queue.poll();
                if (queue.isEmpty()) {
                    waiting.remove(owner);
                }
                owner.finishStep(round[j]); // a non-finite round is the last: the rollback comes before any next step
            }
            steps += group.size();
            stackedSteps += group.size();
            stackedRounds++;
        }
    }

    @Override
    public void close() {
        waiting.clear();
        stacked.close();
    }
}
