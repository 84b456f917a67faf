package io.sosae.model.arch;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Training and evaluation of a {@link MultiScaleAutoencoder}: Table 1 of "Simultaneous Weight and
 * Architecture Optimization for Neural Networks" in miniature.
 *
 * <p>Each step takes a mini-batch of input MLPs (sorted by depth for the multiplexer) and a random
 * subset of the 1,000 grid inputs (the same subset for the whole batch; a scale-down, the paper
 * uses all 1,000), decodes each MLP with all four decoders and applies the chosen
 * {@link MultiScaleLoss} to the per-decoder mean squared errors.
 */
public final class MultiScaleTraining {
    private MultiScaleTraining() {}

    /**
     * @param epochs passes over the training MLPs
     * @param batchSize MLPs per step
     * @param points grid inputs per step (of 1,000)
     * @param learningRate Adam's step size
     */
    public record Options(int epochs, int batchSize, int points, double learningRate, long seed) {
        public Options {
            if (epochs < 1 || batchSize < 1 || points < 1 || points > 1000 || !(learningRate > 0)) {
                throw new IllegalArgumentException(
                        "training needs epochs >= 1, batchSize >= 1, 1 <= points <= 1000 and learningRate > 0");
            }
        }
    }

    /** Trains in place; reports the mean loss of each epoch. Returns those means. */
    public static double[] train(
            MultiScaleAutoencoder model, MlpDataset data, MultiScaleLoss loss, Options o, Consumer<String> log) {
        SplittableRandom random = new SplittableRandom(o.seed());
        float[] grid = MlpGenerator.paperGrid();
        int all = grid.length / MlpGenerator.INPUTS;
        int[] order = new int[data.size()];
        for (int i = 0; i < order.length; i++) {
            order[i] = i;
        }
        double[] means = new double[o.epochs()];
        for (int epoch = 0; epoch < o.epochs(); epoch++) {
            shuffle(order, random);
            double sum = 0;
            int steps = 0;
            int skipped = 0;
            for (int start = 0; start < order.length; start += o.batchSize()) {
                int[] idx = Arrays.copyOfRange(order, start, Math.min(order.length, start + o.batchSize()));
                Arrays.sort(idx); // the dataset is sorted by depth, so sorted indices are runs of one depth
                int[] pts = sample(all, o.points(), random);
                float[] x = new float[pts.length * MlpGenerator.INPUTS];
                for (int p = 0; p < pts.length; p++) {
                    System.arraycopy(grid, pts[p] * MlpGenerator.INPUTS, x, p * MlpGenerator.INPUTS, 3);
                }
                List<MlpMatrix> batch = new ArrayList<>();
                float[] y = new float[idx.length * pts.length];
                for (int b = 0; b < idx.length; b++) {
                    batch.add(data.matrices().get(idx[b]));
                    float[] out = data.outputs().get(idx[b]);
                    for (int p = 0; p < pts.length; p++) {
                        y[b * pts.length + p] = out[pts[p]];
                    }
                }
                sum += model.step(batch, x, pts.length, y, loss, o.learningRate())
                        .loss();
                steps++;
            }
            means[epoch] = steps == 0 ? Double.NaN : sum / steps;
            log.accept(String.format(
                    java.util.Locale.ROOT,
                    "  %s loss, epoch %d: %.5f (%d non-finite steps skipped)",
                    loss.name(),
                    epoch + 1,
                    means[epoch],
                    skipped));
        }
        return means;
    }

    /**
     * Table 1 cells: {@code mpe[decoder-1][inputDepth-1]}, the median over the test MLPs of depth
     * {@code inputDepth} of the MPE of the MLP decoder {@code decoder} decodes, on all 1,000 grid
     * inputs; plus {@code best[inputDepth-1]}, the median over those MLPs of the best of the four
     * decoders' MPEs.
     */
    public record Table(double[][] mpe, double[] best) {}

    /** Evaluates on test sets, one per input depth (index 0 = 1 hidden layer). */
    public static Table evaluate(MultiScaleAutoencoder model, List<MlpDataset> testByDepth) {
        int scales = MultiScaleAutoencoder.SCALES;
        double[][] mpe = new double[scales][testByDepth.size()];
        double[] best = new double[testByDepth.size()];
        float[] grid = MlpGenerator.paperGrid();
        int points = grid.length / MlpGenerator.INPUTS;
        for (int d = 0; d < testByDepth.size(); d++) {
            MlpDataset test = testByDepth.get(d);
            double[][] per = new double[scales][test.size()];
            for (int start = 0; start < test.size(); start += 256) {
                int end = Math.min(test.size(), start + 256);
                Mlp[][] decoded = model.reconstruct(test.matrices().subList(start, end));
                for (int k = 0; k < scales; k++) {
                    for (int b = start; b < end; b++) {
                        double[] yhat = decoded[k][b - start].forward(grid, points);
                        float[] y = test.outputs().get(b);
                        double[] yd = new double[points];
                        for (int p = 0; p < points; p++) {
                            yd[p] = y[p];
                        }
                        per[k][b] = Mpe.of(yd, yhat);
                    }
                }
            }
            double[] bestPer = new double[test.size()];
            Arrays.fill(bestPer, Double.POSITIVE_INFINITY);
            for (int k = 0; k < scales; k++) {
                mpe[k][d] = Mpe.median(per[k]);
                for (int b = 0; b < test.size(); b++) {
                    bestPer[b] = Math.min(bestPer[b], per[k][b]);
                }
            }
            best[d] = Mpe.median(bestPer);
        }
        return new Table(mpe, best);
    }

    private static void shuffle(int[] a, SplittableRandom random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int t = a[i];
            a[i] = a[j];
            a[j] = t;
        }
    }

    private static int[] sample(int n, int k, SplittableRandom random) {
        int[] all = new int[n];
        for (int i = 0; i < n; i++) {
            all[i] = i;
        }
        for (int i = 0; i < k; i++) {
            int j = i + random.nextInt(n - i);
            int t = all[i];
            all[i] = all[j];
            all[j] = t;
        }
        int[] out = Arrays.copyOf(all, k);
        Arrays.sort(out);
        return out;
    }
}
