package io.sosae.model.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.sosae.model.core.Adam;
import io.sosae.model.core.HostBuffer;
import java.util.SplittableRandom;

/**
 * The paper's downstream protocol: a single-layer classifier (softmax regression) trained on
 * codes. All features are divided by one common scale (the root mean square of the training
 * codes), not per feature: per-feature standardisation would blow up units whose activations are
 * negligible and make the classifier depend on exactly the tail that truncation removes. A zeroed
 * (truncated) unit stays exactly zero and contributes nothing.
 */
public final class LinearProbe implements AutoCloseable {
    private final NDManager manager;
    private final NDArray weight; // [dim, classes]
    private final NDArray bias; // [classes]
    private final float[] scale; // common 1/rms, per feature so truncation can zero units
    private final int dim;
    private final HostBuffer host = new HostBuffer();

    private LinearProbe(NDManager manager, NDArray weight, NDArray bias, float[] scale, int dim) {
        this.manager = manager;
        this.weight = weight;
        this.bias = bias;
        this.scale = scale;
        this.dim = dim;
    }

    /** Options: epochs, batch size, Adam learning rate, seed of shuffling and initialisation. */
    public record Options(int epochs, int batchSize, double learningRate, long seed) {
        public static Options defaults() {
            return new Options(60, 256, 2e-3, 7);
        }
    }

    public static LinearProbe train(
            float[] features, int rows, int dim, int[] labels, int classes, Options opt, Device device) {
        if (features.length != (long) rows * dim || labels.length != rows) {
            throw new IllegalArgumentException("features must be rows x dim and labels must have rows entries");
        }
        float[] scale = commonScale(features, rows, dim);
        NDManager manager = NDManager.newBaseManager(device);
        NDArray w = manager.zeros(new Shape(dim, classes));
        NDArray b = manager.zeros(new Shape(classes));
        Adam adam = new Adam(new NDArray[] {w, b}, (float) opt.learningRate(), manager);
        SplittableRandom rnd = new SplittableRandom(opt.seed());
        try (NDManager data = manager.newSubManager()) {
            NDArray x = data.create(features, new Shape(rows, dim)).mul(data.create(scale));
            NDArray y = data.create(labels).oneHot(classes);
            for (int epoch = 0; epoch < opt.epochs(); epoch++) {
                try (NDManager ep = data.newSubManager()) {
                    NDArray perm = ep.create(io.sosae.model.train.Shuffle.permutation(rows, rnd));
                    NDArray xs = x.get(perm);
                    NDArray ys = y.get(perm);
                    xs.attach(ep);
                    ys.attach(ep);
                    for (int s = 0; s < rows; s += opt.batchSize()) {
                        int e = Math.min(rows, s + opt.batchSize());
                        try (NDManager step = ep.newSubManager()) {
                            NDArray xb = xs.get(s + ":" + e);
                            NDArray yb = ys.get(s + ":" + e);
                            xb.attach(step);
                            yb.attach(step);
                            // softmax cross-entropy: dL/dlogits = (softmax - onehot) / B
                            NDArray dLogits =
                                    xb.matMul(w).add(b).softmax(1).subi(yb).divi(e - s);
                            adam.step(new NDArray[] {xb.transpose().matMul(dLogits), dLogits.sum(new int[] {0})}, step);
                        }
                    }
                }
            }
        }
        return new LinearProbe(manager, w, b, scale, dim);
    }

    /** Accuracy on features; units at and after {@code keep} are zeroed first (truncation). */
    public double accuracy(float[] features, int rows, int[] labels, int keep) {
        if (features.length != (long) rows * dim) {
            throw new IllegalArgumentException("features must be rows x " + dim);
        }
        float[] s = scale.clone();
        for (int j = Math.max(0, keep); j < dim; j++) {
            s[j] = 0f;
        }
        JniUtils.setGradMode(false);
        try (NDManager tmp = manager.newSubManager()) {
            NDArray x = host.upload(features, new Shape(rows, dim), tmp).mul(tmp.create(s));
            long[] predicted = x.matMul(weight).add(bias).argMax(1).toLongArray();
            int correct = 0;
            for (int i = 0; i < rows; i++) {
                if (predicted[i] == labels[i]) {
                    correct++;
                }
            }
            return (double) correct / rows;
        }
    }

    public double accuracy(float[] features, int rows, int[] labels) {
        return accuracy(features, rows, labels, dim);
    }

    private static float[] commonScale(float[] f, int rows, int dim) {
        double[] sq = new double[dim];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < dim; j++) {
                double v = f[i * dim + j];
                sq[j] += v * v;
            }
        }
        double total = 0;
        for (int j = 0; j < dim; j++) {
            total += sq[j];
        }
        double rms = Math.sqrt(total / ((double) rows * dim));
        float[] inv = new float[dim];
        java.util.Arrays.fill(inv, rms > 1e-12 ? (float) (1 / rms) : 1f);
        return inv;
    }

    @Override
    public void close() {
        manager.close();
        host.close();
    }
}
