package io.sosae.model.ga;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * Mutation-only evolution of one parameter vector, as in "Training Deep Autoencoders with
 * Genetic Algorithms" (Norbert Váradi): no crossover; the parent is copied to every agent of the
 * population, each copy gets {@code k} randomly chosen parameters perturbed by U(-1, 1) (added to
 * the current value, not replacing it), every agent's fitness is its mean absolute error, and the
 * best agent becomes the next parent.
 *
 * <p>Decisions where the paper leaves it open: the k parameters of a child are distinct; the
 * parent is evaluated in the same pass as its children (row 0) and stays the parent unless a
 * child is strictly better (elitism: the error of the parent never rises on a fixed sample, and
 * on a changing sample, as on a stream, the parent is judged on the same rows as its children);
 * ties go to the lowest child index. A generation's random draws come from a generator seeded
 * with the run's seed and the generation's index only, so the run is deterministic and a
 * restored run (parent, generation index) continues exactly.
 *
 * <p>Not thread-safe.
 */
public final class MutationGa {

    /** Fitness of {@code count} individuals stored row-major in {@code individuals}; lower is better. */
    @FunctionalInterface
    public interface Fitness {
        float[] evaluate(float[] individuals, int count);
    }

    /** What one generation did. */
    public record Generation(long index, float parentFitness, float bestChildFitness, boolean improved) {}

    private final GaOptions options;
    private final int size;
    private float[] parent;
    private float parentFitness = Float.NaN;
    private long generation;
    private long evaluations;

    public MutationGa(float[] parent, GaOptions options, long generation) {
        if (parent.length < options.mutations()) {
            throw new IllegalArgumentException("a GA individual of " + parent.length + " parameters cannot have "
                    + options.mutations() + " distinct mutations");
        }
        this.options = options;
        this.size = parent.length;
        this.parent = parent.clone();
        this.generation = generation;
    }

    public MutationGa(float[] parent, GaOptions options) {
        this(parent, options, 0);
    }

    /** Breeds, evaluates and selects one generation. */
    public Generation step(Fitness fitness) {
        int rows = options.population() + 1;
        float[] pop = breed();
        float[] f = fitness.evaluate(pop, rows);
        if (f.length != rows) {
            throw new IllegalStateException("fitness returned " + f.length + " values for " + rows + " individuals");
        }
        evaluations += rows;
        float parentNow = f[0];
        int best = 1;
        for (int c = 2; c < rows; c++) {
            if (f[c] < f[best]) {
                best = c;
            }
        }
        boolean improved = f[best] < parentNow || !Float.isFinite(parentNow) && Float.isFinite(f[best]);
        if (improved) {
            parent = Arrays.copyOfRange(pop, best * size, (best + 1) * size);
            parentFitness = f[best];
        } else {
            parentFitness = parentNow;
        }
        long index = generation++;
        return new Generation(index, parentFitness, f[best], improved);
    }

    /** Row 0: the parent; rows 1..population: its mutated copies. */
    float[] breed() {
        int rows = options.population() + 1;
        float[] pop = new float[rows * size];
        SplittableRandom random = new SplittableRandom(mix(options.seed(), generation));
        int[] chosen = new int[options.mutations()];
        for (int r = 0; r < rows; r++) {
            System.arraycopy(parent, 0, pop, r * size, size);
            if (r == 0) {
                continue;
            }
            for (int m = 0; m < chosen.length; m++) {
                int index;
                boolean repeat;
                do {
                    index = random.nextInt(size);
                    repeat = false;
                    for (int q = 0; q < m; q++) {
                        repeat |= chosen[q] == index;
                    }
                } while (repeat);
                chosen[m] = index;
                pop[r * size + index] += (float) random.nextDouble(-options.mutationScale(), options.mutationScale());
            }
        }
        return pop;
    }

    static long mix(long seed, long generation) {
        long z = seed * 0x9E3779B97F4A7C15L + generation * 0xBF58476D1CE4E5B9L + 0x94D049BB133111EBL;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }

    public float[] parent() {
        return parent.clone();
    }

    /** The parent's error on the last generation's evaluation (NaN before the first). */
    public float parentFitness() {
        return parentFitness;
    }

    /** Generations run (continues across a restore). */
    public long generation() {
        return generation;
    }

    /** Individuals evaluated by this instance (parent included, one per row). */
    public long evaluations() {
        return evaluations;
    }

    public GaOptions options() {
        return options;
    }
}
