package io.sosae.tools.bench;

import ai.djl.Device;
import io.sosae.model.data.Dataset;
import io.sosae.model.ga.BackpropTrainer;
import io.sosae.model.ga.GaOptions;
import io.sosae.model.ga.MutationGa;
import io.sosae.model.ga.PaperNetwork;
import io.sosae.model.ga.PopulationFitness;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * {@code sosae bench ga}: the setting of "Training Deep Autoencoders with Genetic Algorithms"
 * (Norbert Váradi) on real MNIST digits. The paper's small convolutional autoencoder with a 2-D
 * latent is evolved by the mutation-only GA on one training digit and on ten (one per class),
 * then trained by backpropagation (Adam) from the same initial parameters for the same wall time;
 * the batched population pass is timed against the per-individual loop in the same run.
 *
 * <p>The samples: the first training digit of each class 0-9 in the fixed split's order; the
 * one-sample run uses the first of them (a 0).
 */
public final class GaBench {
    private GaBench() {}

    /**
     * @param one GA settings of the one-sample run (the paper: about 10 agents, about 10 mutations)
     * @param ten GA settings of the ten-sample run (the paper's Fig. 4: population 20, 1 mutation)
     * @param maxGenerations generations cap of each GA run
     * @param seconds wall-time budget of each GA run; backprop then gets what the GA used
     * @param convergence the convergence rule's window and tolerance (its target is set per run, below)
     * @param targetRatio the accuracy target, as a share of the run's background error (MAE of an
     *     all-background image, 0.1 everywhere)
     * @param learningRate Adam's learning rate for backprop
     * @param speedSeconds wall time of each side of the batched-vs-loop timing, per population
     */
    public record Options(
            GaOptions one,
            GaOptions ten,
            int maxGenerations,
            double seconds,
            int convergenceWindow,
            double convergenceTolerance,
            double targetRatio,
            double learningRate,
            double speedSeconds) {}

    /** One GA + backprop comparison on a set of samples. */
    public record Run(
            int samples,
            int[] labels,
            int population,
            int mutations,
            long generations,
            long evaluations,
            double gaSeconds,
            double initialMae,
            double gaMae,
            double backgroundMae,
            double target,
            GaConvergence.Outcome convergence,
            long backpropSteps,
            double backpropSeconds,
            double backpropMae,
            double backpropTargetSeconds,
            double gaSpread,
            double backpropSpread,
            double[][] gaCurve,
            double[][] backpropCurve,
            float[][] originals,
            float[][] gaImages,
            float[][] backpropImages) {}

    /** Evaluations per second of one population size, both ways, and their agreement. */
    public record Speed(
            int population, int samples, double batchedPerSecond, double loopPerSecond, double maxDifference) {
        public double speedUp() {
            return batchedPerSecond / loopPerSecond;
        }
    }

    public record Report(
            Options options, String device, List<Run> runs, List<Speed> speed, Map<String, Boolean> checks) {}

    public static Report run(Dataset train, Options o, Device device, Consumer<String> log) {
        int[] picks = firstOfEachClass(train);
        float[] ten = targets(train, picks);
        List<Run> runs = new ArrayList<>();
        runs.add(evolve(
                Arrays.copyOf(ten, PaperNetwork.PIXELS), new int[] {train.label(picks[0])}, o.one(), o, device, log));
        int[] labels = new int[picks.length];
        for (int i = 0; i < picks.length; i++) {
            labels[i] = train.label(picks[i]);
        }
        runs.add(evolve(ten, labels, o.ten(), o, device, log));
        List<Speed> speed = new ArrayList<>();
        speed.add(speed(
                Arrays.copyOf(ten, PaperNetwork.PIXELS), 1, o.one().population() + 1, o.speedSeconds(), device, log));
        speed.add(speed(ten, picks.length, o.ten().population() + 1, o.speedSeconds(), device, log));
        speed.add(speed(ten, picks.length, 10 * o.ten().population() + 1, o.speedSeconds(), device, log));
        Map<String, Boolean> checks = new LinkedHashMap<>();
        checks.put(
                "batched fitness equals the loop's (max |diff| <= 1e-4)",
                speed.stream().allMatch(s -> s.maxDifference() <= 1e-4));
        checks.put(
                "batched pass faster than the loop at the larger population",
                speed.get(speed.size() - 1).speedUp() > 1);
        checks.put("GA lowers the MAE on 1 and on 10 samples", runs.stream().allMatch(r -> r.gaMae() < r.initialMae()));
        checks.put(
                "one sample: the GA reaches the target MAE",
                runs.get(0).convergence().targetGeneration() >= 0);
        return new Report(o, device.toString(), runs, speed, checks);
    }

    static int[] firstOfEachClass(Dataset train) {
        int[] picks = new int[10];
        Arrays.fill(picks, -1);
        int found = 0;
        for (int i = 0; i < train.size() && found < 10; i++) {
            int label = train.label(i);
            if (label >= 0 && label < 10 && picks[label] < 0) {
                picks[label] = i;
                found++;
            }
        }
        if (found < 10) {
            throw new IllegalArgumentException("the training set lacks some digit classes");
        }
        return picks;
    }

    private static float[] targets(Dataset train, int[] picks) {
        if (train.dim() != PaperNetwork.PIXELS) {
            throw new IllegalArgumentException(
                    "the paper's network takes 28x28 images, the data set has " + train.dim() + " values per row");
        }
        float[] x = new float[picks.length * PaperNetwork.PIXELS];
        train.copyRows(picks, x);
        return PaperNetwork.scaleTargets(x);
    }

    private static Run evolve(
            float[] targets, int[] labels, GaOptions ga, Options o, Device device, Consumer<String> log) {
        int s = labels.length;
        try (PopulationFitness fitness = new PopulationFitness(targets, s, device)) {
            float[] initial = PaperNetwork.initialize(ga.seed());
            double initialMae = fitness.evaluate(initial, 1)[0];
            double background = 0;
            for (float t : targets) {
                background += Math.abs(t - 0.1f);
            }
            background /= targets.length;
            double target = o.targetRatio() * background;
            MutationGa evo = new MutationGa(initial, ga);
            double[] mae = new double[o.maxGenerations()];
            double[] secs = new double[o.maxGenerations()];
            long start = System.nanoTime();
            int g = 0;
            double elapsed = 0;
            while (g < o.maxGenerations() && elapsed < o.seconds()) {
                mae[g] = evo.step(fitness).parentFitness();
                elapsed = (System.nanoTime() - start) / 1e9;
                secs[g] = elapsed;
                g++;
                if (g % 1000 == 0) {
                    log.accept(String.format(
                            java.util.Locale.ROOT,
                            "GA %d sample(s): generation %d, %.1f s, MAE %.4f",
                            s,
                            g,
                            elapsed,
                            mae[g - 1]));
                }
            }
            mae = Arrays.copyOf(mae, g);
            secs = Arrays.copyOf(secs, g);
            GaConvergence.Outcome outcome =
                    new GaConvergence(o.convergenceWindow(), o.convergenceTolerance(), target).analyse(mae, secs);
            float[] best = evo.parent();
            log.accept(String.format(
                    java.util.Locale.ROOT,
                    "GA %d sample(s): %d generations in %.1f s, MAE %.4f -> %.4f (target %.4f), converged %s",
                    s,
                    g,
                    elapsed,
                    initialMae,
                    mae[g - 1],
                    target,
                    outcome.converged() ? "at " + outcome.generation() : "no"));
            BackpropTrainer.Result bp =
                    new BackpropTrainer(fitness, o.learningRate()).train(initial, elapsed, Long.MAX_VALUE);
            double bpTarget = Double.NaN;
            for (BackpropTrainer.Point p : bp.curve()) {
                if (p.mae() <= target) {
                    bpTarget = p.seconds();
                    break;
                }
            }
            log.accept(String.format(
                    java.util.Locale.ROOT,
                    "backprop %d sample(s): %d steps in %.1f s, MAE %.4f",
                    s,
                    bp.steps(),
                    bp.seconds(),
                    bp.mae()));
            float[] gaRec = fitness.reconstruct(best);
            float[] bpRec = fitness.reconstruct(bp.parameters());
            return new Run(
                    s,
                    labels,
                    ga.population(),
                    ga.mutations(),
                    g,
                    evo.evaluations(),
                    elapsed,
                    initialMae,
                    mae[g - 1],
                    background,
                    target,
                    outcome,
                    bp.steps(),
                    bp.seconds(),
                    bp.mae(),
                    bpTarget,
                    spread(gaRec, targets, s),
                    spread(bpRec, targets, s),
                    curve(mae, secs),
                    bp.curve().stream()
                            .map(p -> new double[] {p.seconds(), p.mae()})
                            .toArray(double[][]::new),
                    images(targets, s),
                    images(gaRec, s),
                    images(bpRec, s));
        }
    }

    /** At most ~400 points of (seconds, MAE): every generation where it changed, thinned evenly. */
    private static double[][] curve(double[] mae, double[] secs) {
        int step = Math.max(1, mae.length / 400);
        List<double[]> points = new ArrayList<>();
        for (int g = 0; g < mae.length; g += step) {
            points.add(new double[] {secs[g], mae[g]});
        }
        points.add(new double[] {secs[mae.length - 1], mae[mae.length - 1]});
        return points.toArray(double[][]::new);
    }

    /**
     * How different the reconstructions of different samples are, relative to the samples: the
     * mean pairwise L1 distance between reconstructions over that between targets. 1 = as
     * distinct as the inputs; near 0 = one image for every input (the paper's "average" failure).
     * NaN for one sample.
     */
    static double spread(float[] rec, float[] targets, int s) {
        if (s < 2) {
            return Double.NaN;
        }
        double r = 0;
        double t = 0;
        int px = PaperNetwork.PIXELS;
        for (int a = 0; a < s; a++) {
            for (int b = a + 1; b < s; b++) {
                for (int i = 0; i < px; i++) {
                    r += Math.abs(rec[a * px + i] - rec[b * px + i]);
                    t += Math.abs(targets[a * px + i] - targets[b * px + i]);
                }
            }
        }
        return r / t;
    }

    private static float[][] images(float[] rows, int s) {
        float[][] out = new float[s][];
        for (int i = 0; i < s; i++) {
            out[i] = PaperNetwork.unscale(
                    Arrays.copyOfRange(rows, i * PaperNetwork.PIXELS, (i + 1) * PaperNetwork.PIXELS));
        }
        return out;
    }

    /** Alternating rounds of batched and loop evaluation of one random population, each side ~seconds long. */
    private static Speed speed(
            float[] targets, int s, int population, double seconds, Device device, Consumer<String> log) {
        float[] pop = new float[population * PaperNetwork.PARAMETERS];
        for (int i = 0; i < population; i++) {
            System.arraycopy(
                    PaperNetwork.initialize(100 + i), 0, pop, i * PaperNetwork.PARAMETERS, PaperNetwork.PARAMETERS);
        }
        try (PopulationFitness f = new PopulationFitness(targets, s, device)) {
            float[] batched = f.evaluate(pop, population);
            float[] loop = f.evaluateLoop(pop, population);
            double diff = 0;
            for (int i = 0; i < population; i++) {
                diff = Math.max(diff, Math.abs(batched[i] - loop[i]));
            }
            long batchedNanos = 0;
            long loopNanos = 0;
            long batchedEvals = 0;
            long loopEvals = 0;
            int rounds = 4;
            for (int r = 0; r < rounds; r++) {
                long t0 = System.nanoTime();
                while (System.nanoTime() - t0 < seconds / rounds * 1e9) {
                    f.evaluate(pop, population);
                    batchedEvals += population;
                }
                long t1 = System.nanoTime();
                batchedNanos += t1 - t0;
                while (System.nanoTime() - t1 < seconds / rounds * 1e9) {
                    f.evaluateLoop(pop, population);
                    loopEvals += population;
                }
                loopNanos += System.nanoTime() - t1;
            }
            Speed sp =
                    new Speed(population, s, batchedEvals / (batchedNanos / 1e9), loopEvals / (loopNanos / 1e9), diff);
            log.accept(String.format(
                    java.util.Locale.ROOT,
                    "fitness of %d individuals on %d samples: batched %.0f/s, loop %.0f/s, speed-up %.1fx, max |diff| %.2e",
                    population,
                    s,
                    sp.batchedPerSecond(),
                    sp.loopPerSecond(),
                    sp.speedUp(),
                    diff));
            return sp;
        }
    }
}
