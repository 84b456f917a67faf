package io.sosae.model.arch;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Training an MLP for a dataset by gradient descent in the embedding space of a trained (frozen)
 * {@link MultiScaleAutoencoder}: Section 3.2 of "Simultaneous Weight and Architecture
 * Optimization for Neural Networks", one search per decoder (1-4 hidden layers).
 *
 * <p>Equations 4-6 were lost in the text extraction; reconstructed from the prose. The embedding z
 * starts at the embedding of a random MLP from the generator (the paper: "randomly sample an MLP
 * embedding from the embedding space") and descends on
 *
 * <pre>
 *   L(z, tau) = mean_i (f_k(x_i; w~) - y_i)^2 / var(y)                         (eq. 4, normalised)
 *             + lambda * sum_e a_e ( |w_e| / R + sigmoid(beta (|w_e| - tau) / R) )  (eqs. 5, 6)
 *   w~_e = w_e * sigmoid(beta (|w_e| - tau) / R)
 * </pre>
 *
 * where w = the weights decoder k decodes from z, R the family's weight range, a_e 1 when both
 * neurons of weight e are active (straight-through masks), tau the learnable threshold and beta a
 * fixed sharpness. The first term of the penalty is the L1 regularisation, the second the "soft
 * counting switch": a sigmoid that counts the weights above the threshold; the same switch
 * multiplies the weights, so weights below tau are (softly) set to zero, and learning tau gives the
 * loss "additional pathways for adjustment". The final MLP sets the weights with |w| < tau to zero
 * (hard switch), keeps the others as the effective weights w~ the search trained, and drops
 * inactive neurons; its non-zero count is the count of what remains.
 * Dividing the data term by var(y) and the weights by R are this implementation's choices, so one
 * lambda fits every target.
 */
public final class EmbeddingSearch {
    private EmbeddingSearch() {}

    /**
     * @param lambda weight of the sparsity penalty
     * @param beta sharpness of the soft counting switch (in units of the weight range)
     * @param initialThreshold tau at the start, in the family's weight units
     */
    public record Options(
            int steps, double learningRate, double lambda, double beta, double initialThreshold, long seed) {
        public Options {
            if (steps < 1 || !(learningRate > 0) || lambda < 0 || !(beta > 0) || initialThreshold < 0) {
                throw new IllegalArgumentException(
                        "search needs steps >= 1, learningRate > 0, lambda >= 0, beta > 0, threshold >= 0");
            }
        }
    }

    /** The searched MLP and its threshold. */
    public record Result(int decoder, Mlp mlp, double threshold, double finalLoss) {}

    /** Searches with decoder k (1-4) for an MLP fitting rows x [rows x 3] -> y. */
    public static Result search(MultiScaleAutoencoder model, int k, float[] x, float[] y, Options o) {
        int rows = y.length;
        double mean = 0;
        for (float v : y) {
            mean += v;
        }
        mean /= rows;
        double var = 0;
        for (float v : y) {
            var += (v - mean) * (v - mean);
        }
        var = Math.max(var / rows, 1e-12);
        double range = model.config().family().weightRange();
        // Start: the embedding of a random generated MLP with k hidden layers.
        Mlp start = MlpGenerator.random(model.config().family(), k, new SplittableRandom(o.seed()));
        float[] z0 =
                model.embeddings(List.of(MlpMatrix.encode(start, model.config().maxWidth())));
        synchronized (MultiScaleAutoencoder.AUTOGRAD) {
            NDManager manager = model.manager().newSubManager();
            try (manager) {
                NDArray z = manager.create(z0, new Shape(1, z0.length));
                NDArray tau = manager.create(new float[] {(float) (o.initialThreshold() / range)}, new Shape(1));
                z.setRequiresGradient(true);
                tau.setRequiresGradient(true);
                NDArray xs = manager.create(x, new Shape(rows, MlpGenerator.INPUTS));
                NDArray ys = manager.create(y, new Shape(1, rows));
                NDArray[] adam = {
                    manager.zeros(z.getShape()), manager.zeros(z.getShape()),
                    manager.zeros(tau.getShape()), manager.zeros(tau.getShape())
                };
                double last = Double.NaN;
                for (int step = 1; step <= o.steps(); step++) {
                    try (NDScope scope = new NDScope()) {
                        try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                            NDArray loss = objective(model, k, z, tau, xs, ys, var, o);
                            gc.backward(loss);
                            last = loss.getFloat();
                        }
                        JniUtils.setGradMode(false);
                        update(z, adam[0], adam[1], step, o.learningRate());
                        update(tau, adam[2], adam[3], step, o.learningRate());
                    }
                }
                JniUtils.setGradMode(false);
                double threshold = Math.max(0, tau.getFloat()) * range;
                Mlp found = model.toMlps(model.decode(z, k), k, threshold, o.beta())[0];
                return new Result(k, found, threshold, last);
            }
        }
    }

    private static NDArray objective(
            MultiScaleAutoencoder model, int k, NDArray z, NDArray tau, NDArray xs, NDArray ys, double var, Options o) {
        double range = model.config().family().weightRange();
        MultiScaleAutoencoder.Decoded d = model.split(model.decode(z, k), k);
        NDArray wn = d.weights().div((float) range); // [1 x rows x H], in weight-range units
        NDArray sw = Activation.sigmoid(wn.abs().sub(tau).mul((float) o.beta()));
        NDArray effective = d.weights().mul(sw);
        NDArray fit = model.run(d, effective, xs).sub(ys).square().mean().div((float) var);
        NDArray active = activeWeights(model, d, k);
        NDArray penalty = wn.abs().add(sw).mul(active).sum();
        return fit.add(penalty.mul((float) o.lambda()));
    }

    /** a_e: 1 where both endpoints of a weight are active (inputs and the output always are). */
    private static NDArray activeWeights(MultiScaleAutoencoder model, MultiScaleAutoencoder.Decoded d, int k) {
        int n = MlpGenerator.INPUTS;
        int h = model.config().maxWidth();
        NDManager m = d.masks().getManager();
        NDArray ones = m.ones(new Shape(1, 1, h));
        NDArray outputOnly = m.create(outputColumn(h), new Shape(1, 1, h));
        java.util.List<NDArray> blocks = new java.util.ArrayList<>();
        for (int l = 0; l <= k; l++) {
            int rowsOfBlock = l == 0 ? n : h;
            NDArray from = l == 0
                    ? m.ones(new Shape(1, n, 1))
                    : d.masks().get(":, {}, :", l - 1).expandDims(2);
            NDArray to = l == k ? outputOnly : d.masks().get(":, {}, :", l).expandDims(1);
            blocks.add(from.mul(to).mul(ones).reshape(1, rowsOfBlock, h));
        }
        return ai.djl.ndarray.NDArrays.concat(new ai.djl.ndarray.NDList(blocks), 1);
    }

    private static float[] outputColumn(int h) {
        float[] v = new float[h];
        v[0] = 1;
        return v;
    }

    private static void update(NDArray p, NDArray m, NDArray v, int step, double lr) {
        NDArray g = p.getGradient();
        m.muli(0.9f).addi(g.mul(0.1f));
        v.muli(0.999f).addi(g.square().mul(0.001f));
        double c1 = 1 - Math.pow(0.9, step);
        double c2 = 1 - Math.pow(0.999, step);
        p.subi(m.div((float) c1).div(v.div((float) c2).sqrt().add(1e-8f)).mul((float) lr));
        g.muli(0);
    }
}
