package io.sosae.model.arch;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.NDScope;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.pytorch.jni.JniUtils;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;

/**
 * The multi-scale encoder-decoder of "Simultaneous Weight and Architecture Optimization for Neural
 * Networks" (Section 3.1, Figure 1), in miniature, on DJL's PyTorch engine with autograd.
 *
 * <p>One encoder per hidden-layer count k = 1..4 takes the {@link MlpMatrix} of an MLP with k
 * hidden layers (weights divided by the family's weight range); the encoders act as a multiplexer:
 * for an input with k hidden layers only encoder k is active and the others output zeros. Their
 * concatenation goes through shared fully connected layers into the embedding. Decoding, shared
 * fully connected layers map the embedding back up, the result is split into one sub-vector per
 * decoder, and decoder k maps its sub-vector to the matrix of an MLP with k hidden layers (weights
 * times the weight range; sigmoid of the mask columns). Every embedding thus decodes into four MLPs,
 * with 1, 2, 3 and 4 hidden layers, which should all compute what the input MLP computes, not
 * necessarily reproduce it.
 *
 * <p>Scale-down against the paper (stated, not hidden): the paper's encoders have 7 convolutional
 * layers and its shared parts 4 fully connected layers each; here every encoder and decoder is a
 * 2-layer fully connected tanh network on the flattened matrix and each shared part 2 fully
 * connected layers ({@link Config}). Training the decoded MLPs' masks: the paper thresholds the
 * sigmoid of the mask columns at 0.5; to let gradient reach the mask columns this implementation
 * uses the thresholded mask in the forward pass and the sigmoid's gradient in the backward pass
 * (straight-through estimator), so training and evaluation decode the same MLPs.
 *
 * <p>Autograd: DJL's PyTorch gradient collector is one per JVM, so every gradient computation of
 * this package holds {@link #AUTOGRAD}. Not thread-safe otherwise.
 */
public final class MultiScaleAutoencoder implements AutoCloseable {
    /** Serialises this package's use of DJL's one-per-JVM gradient collector. */
    public static final Object AUTOGRAD = new Object();

    public static final int SCALES = MlpGenerator.MAX_HIDDEN_LAYERS;

    /**
     * Sizes of the miniature network.
     *
     * @param encoderHidden hidden width of each encoder and decoder
     * @param scaleWidth width of each encoder's output and of each decoder's input sub-vector
     * @param sharedHidden hidden width of the shared embedding and de-embedding layers
     * @param embedding dimension of the embedding space
     */
    public record Config(
            MlpFamily family, int maxWidth, int encoderHidden, int scaleWidth, int sharedHidden, int embedding) {
        public Config {
            if (maxWidth < 1 || encoderHidden < 1 || scaleWidth < 1 || sharedHidden < 1 || embedding < 1) {
                throw new IllegalArgumentException("every size of the multi-scale autoencoder must be >= 1");
            }
        }

        public static Config miniature(MlpFamily family) {
            return new Config(family, MlpGenerator.MAX_WIDTH, 128, 48, 128, 16);
        }
    }

    private final Config config;
    private final NDManager manager;
    private final Map<String, NDArray> params = new LinkedHashMap<>();
    private final Map<String, NDArray[]> adam = new LinkedHashMap<>();
    private long adamStep;

    private MultiScaleAutoencoder(Config config, Device device, long seed) {
        this.config = config;
        this.manager = NDManager.newBaseManager(device);
        SplittableRandom random = new SplittableRandom(seed);
        int n = MlpGenerator.INPUTS;
        int h = config.maxWidth();
        for (int k = 1; k <= SCALES; k++) {
            int in = MlpMatrix.rows(n, h, k) * MlpMatrix.columns(h, k);
            dense("enc" + k + ".0", in, config.encoderHidden(), random);
            dense("enc" + k + ".1", config.encoderHidden(), config.scaleWidth(), random);
            dense("dec" + k + ".0", config.scaleWidth(), config.encoderHidden(), random);
            dense("dec" + k + ".1", config.encoderHidden(), in, random);
        }
        dense("embed.0", SCALES * config.scaleWidth(), config.sharedHidden(), random);
        dense("embed.1", config.sharedHidden(), config.embedding(), random);
        dense("unembed.0", config.embedding(), config.sharedHidden(), random);
        dense("unembed.1", config.sharedHidden(), SCALES * config.scaleWidth(), random);
        for (Map.Entry<String, NDArray> p : params.entrySet()) {
            p.getValue().setRequiresGradient(true);
            Shape shape = p.getValue().getShape();
            adam.put(p.getKey(), new NDArray[] {manager.zeros(shape), manager.zeros(shape)});
        }
    }

    /** A freshly initialised network (Xavier-uniform weights from {@code seed}, zero biases). */
    public static MultiScaleAutoencoder create(Config config, Device device, long seed) {
        return new MultiScaleAutoencoder(config, device, seed);
    }

    private void dense(String name, int in, int out, SplittableRandom random) {
        float[] w = new float[in * out];
        double a = Math.sqrt(6.0 / (in + out));
        for (int i = 0; i < w.length; i++) {
            w[i] = (float) random.nextDouble(-a, a);
        }
        params.put(name + ".w", manager.create(w, new Shape(in, out)));
        params.put(name + ".b", manager.zeros(new Shape(out)));
    }

    public Config config() {
        return config;
    }

    public NDManager manager() {
        return manager;
    }

    /** Parameter names in a fixed order ({@code enc<k>.*}, {@code dec<k>.*}, {@code embed.*}, {@code unembed.*}). */
    public List<String> parameterNames() {
        return List.copyOf(params.keySet());
    }

    private NDArray layer(String name, NDArray x, boolean tanh) {
        NDArray y = x.matMul(params.get(name + ".w")).add(params.get(name + ".b"));
        return tanh ? Activation.tanh(y) : y;
    }

    /** The matrices of a batch as one [count x rows*cols] array per hidden-layer count, scaled. */
    private NDArray matrices(NDManager m, List<MlpMatrix> batch, int from, int to) {
        MlpMatrix first = batch.get(from);
        int size = first.rows() * first.columns();
        float[] v = new float[(to - from) * size];
        float scale = (float) (1 / config.family().weightRange());
        int h = config.maxWidth();
        for (int i = from; i < to; i++) {
            float[] values = batch.get(i).values();
            int cols = first.columns();
            for (int e = 0; e < size; e++) {
                boolean mask = e % cols >= h;
                v[(i - from) * size + e] = mask ? values[e] : values[e] * scale;
            }
        }
        return m.create(v, new Shape(to - from, size));
    }

    /**
     * Embeddings [batch x embedding] of MLP matrices of this family; the batch must be sorted by
     * hidden-layer count (the multiplexer routes each run of equal counts to its encoder).
     */
    public NDArray embed(NDManager m, List<MlpMatrix> batch) {
        List<NDArray> groups = new ArrayList<>();
        int i = 0;
        int previous = 0;
        while (i < batch.size()) {
            int k = batch.get(i).hiddenLayers();
            if (k < previous) {
                throw new IllegalArgumentException("the batch must be sorted by hidden-layer count");
            }
            if (batch.get(i).family() != config.family() || batch.get(i).maxWidth() != config.maxWidth()) {
                throw new IllegalArgumentException(
                        "this autoencoder embeds " + config.family() + " MLPs of width <= " + config.maxWidth());
            }
            int j = i;
            while (j < batch.size() && batch.get(j).hiddenLayers() == k) {
                j++;
            }
            NDArray e = layer("enc" + k + ".1", layer("enc" + k + ".0", matrices(m, batch, i, j), true), true);
            NDList parts = new NDList();
            int w = config.scaleWidth();
            if (k > 1) {
                parts.add(m.zeros(new Shape(j - i, (long) (k - 1) * w)));
            }
            parts.add(e);
            if (k < SCALES) {
                parts.add(m.zeros(new Shape(j - i, (long) (SCALES - k) * w)));
            }
            groups.add(NDArrays.concat(parts, 1));
            previous = k;
            i = j;
        }
        // NDArrays.concat copies a single array (duplicate()), which would cut the autograd graph.
        NDArray all = groups.size() == 1 ? groups.get(0) : NDArrays.concat(new NDList(groups), 0);
        return layer("embed.1", layer("embed.0", all, true), false);
    }

    /** Raw output of decoder k (1-based) for embeddings z: [batch x rows_k*cols_k], unscaled. */
    public NDArray decode(NDArray z, int k) {
        NDArray up = layer("unembed.1", layer("unembed.0", z, true), true);
        int w = config.scaleWidth();
        NDArray part = up.get(":, {}:{}", (k - 1) * w, k * w);
        return layer("dec" + k + ".1", layer("dec" + k + ".0", part, true), false);
    }

    /** Raw outputs of all four decoders (one de-embedding pass). */
    public NDArray[] decodeAll(NDArray z) {
        NDArray up = layer("unembed.1", layer("unembed.0", z, true), true);
        int w = config.scaleWidth();
        NDArray[] out = new NDArray[SCALES];
        for (int k = 1; k <= SCALES; k++) {
            NDArray part = up.get(":, {}:{}", (k - 1) * w, k * w);
            out[k - 1] = layer("dec" + k + ".1", layer("dec" + k + ".0", part, true), false);
        }
        return out;
    }

    /**
     * The decoded MLPs of a decoder's raw output, as tensors: weights [batch x rows x H] in the
     * family's units and the straight-through masks of the hidden layers, [batch x k x H].
     */
    public record Decoded(int hiddenLayers, NDArray weights, NDArray masks) {}

    /** Splits raw decoder-k output into weights and masks (threshold 0.5 forward, sigmoid gradient backward). */
    public Decoded split(NDArray raw, int k) {
        int n = MlpGenerator.INPUTS;
        int h = config.maxWidth();
        int rows = MlpMatrix.rows(n, h, k);
        int cols = MlpMatrix.columns(h, k);
        NDArray matrix = raw.reshape(-1, rows, cols);
        NDArray weights = matrix.get(":, :, 0:{}", h).mul(config.family().weightRange());
        NDList masks = new NDList();
        for (int l = 1; l <= k; l++) {
            int r0 = MlpMatrix.blockRow(n, h, l);
            NDArray soft = Activation.sigmoid(matrix.get(":, {}:{}, {}", r0, r0 + h, h + l - 1));
            NDArray hard = soft.gt(0.5f).toType(DataType.FLOAT32, false);
            masks.add(soft.add(hard.sub(soft).stopGradient()));
        }
        return new Decoded(k, weights, k == 1 ? masks.get(0).expandDims(1) : NDArrays.stack(masks, 1));
    }

    /** Outputs [batch x points] of decoded MLPs (weights optionally replaced) on inputs x [points x 3]. */
    public NDArray run(Decoded d, NDArray weights, NDArray x) {
        int n = MlpGenerator.INPUTS;
        int h = config.maxWidth();
        int k = d.hiddenLayers();
        MlpFamily family = config.family();
        NDArray a = x.matMul(weights.get(":, 0:{}, :", n)); // [B x P x H]
        for (int l = 1; l <= k; l++) {
            a = hidden(a, family).mul(d.masks().get(":, {}, :", l - 1).expandDims(1));
            int r0 = MlpMatrix.blockRow(n, h, l);
            NDArray w = l == k ? weights.get(":, {}:{}, 0:1", r0, r0 + h) : weights.get(":, {}:{}, :", r0, r0 + h);
            a = a.matMul(w);
        }
        NDArray y = a.squeeze(2);
        return family == MlpFamily.SIGMOID ? y : Activation.sigmoid(y);
    }

    private static NDArray hidden(NDArray v, MlpFamily family) {
        return switch (family) {
            case SIGMOID -> Activation.sigmoid(v);
            case LEAKY_RELU -> Activation.leakyRelu(v, (float) MlpFamily.LEAKY_SLOPE);
            case LINEAR -> v;
        };
    }

    /** Per-decoder mean squared errors [batch x 4] of a batch sorted by depth against targets [batch x points]. */
    public NDArray perDecoderErrors(NDManager m, List<MlpMatrix> batch, NDArray x, NDArray targets) {
        NDArray z = embed(m, batch);
        NDArray[] raw = decodeAll(z);
        NDList errors = new NDList();
        double norm = 1 / (config.family().weightRange() * config.family().weightRange());
        for (int k = 1; k <= SCALES; k++) {
            Decoded d = split(raw[k - 1], k);
            NDArray y = run(d, d.weights(), x);
            errors.add(y.sub(targets).square().mean(new int[] {1}).mul(norm));
        }
        return NDArrays.stack(errors, 1);
    }

    /** The result of one gradient computation. */
    public record StepResult(double loss, double[][] perDecoder, Map<String, Double> gradientNorms) {}

    /**
     * Computes the loss of a batch and its gradients, and applies one Adam step when {@code lr > 0}.
     * The per-decoder errors are in units of the squared weight range.
     */
    public StepResult step(
            List<MlpMatrix> batch, float[] x, int points, float[] targets, MultiScaleLoss loss, double lr) {
        synchronized (AUTOGRAD) {
            try (NDScope scope = new NDScope();
                    NDManager m = manager.newSubManager()) {
                NDArray xs = m.create(x, new Shape(points, MlpGenerator.INPUTS));
                NDArray ys = m.create(targets, new Shape(batch.size(), points));
                double value;
                double[][] per;
                try (GradientCollector gc = manager.getEngine().newGradientCollector()) {
                    NDArray errors = perDecoderErrors(m, batch, xs, ys);
                    NDArray l = loss.apply(errors);
                    gc.backward(l);
                    value = l.getFloat();
                    float[] e = errors.toFloatArray();
                    per = new double[batch.size()][SCALES];
                    for (int b = 0; b < batch.size(); b++) {
                        for (int k = 0; k < SCALES; k++) {
                            per[b][k] = e[b * SCALES + k];
                        }
                    }
                }
                JniUtils.setGradMode(false);
                Map<String, Double> norms = new LinkedHashMap<>();
                if (!Double.isFinite(value)) {
                    lr = 0; // a non-finite batch loss: no update (the caller counts skipped steps)
                }
                if (lr > 0) {
                    adamStep++;
                }
                double c1 = 1 - Math.pow(0.9, Math.max(1, adamStep));
                double c2 = 1 - Math.pow(0.999, Math.max(1, adamStep));
                for (Map.Entry<String, NDArray> p : params.entrySet()) {
                    NDArray g = gradient(p.getValue());
                    if (g == null) { // not in this batch's graph (an encoder of an absent depth)
                        norms.put(p.getKey(), 0.0);
                        continue;
                    }
                    g.tempAttach(m);
                    norms.put(p.getKey(), (double) g.square().sum().getFloat());
                    if (lr > 0) {
                        NDArray[] mv = adam.get(p.getKey());
                        mv[0].muli(0.9).addi(g.mul(0.1));
                        mv[1].muli(0.999).addi(g.square().mul(0.001));
                        NDArray update = mv[0].div(c1);
                        update.tempAttach(m);
                        p.getValue()
                                .subi(update.div(mv[1].div(c2).sqrt().add(1e-8)).mul(lr));
                    }
                    g.muli(0);
                }
                return new StepResult(value, per, norms);
            }
        }
    }

    private static NDArray gradient(NDArray p) {
        try {
            return p.getGradient();
        } catch (IllegalStateException | NullPointerException e) {
            return null;
        }
    }

    /** Decoded MLPs (hard masks) of every decoder for a batch sorted by depth: [decoder][sample]. */
    public Mlp[][] reconstruct(List<MlpMatrix> batch) {
        synchronized (AUTOGRAD) {
            JniUtils.setGradMode(false);
            try (NDManager m = manager.newSubManager()) {
                NDArray[] raw = decodeAll(embed(m, batch));
                Mlp[][] out = new Mlp[SCALES][];
                for (int k = 1; k <= SCALES; k++) {
                    out[k - 1] = toMlps(raw[k - 1], k, 0);
                }
                return out;
            }
        }
    }

    /** The embeddings (plain floats, [batch x embedding]) of a batch sorted by depth. */
    public float[] embeddings(List<MlpMatrix> batch) {
        synchronized (AUTOGRAD) {
            JniUtils.setGradMode(false);
            try (NDManager m = manager.newSubManager()) {
                return embed(m, batch).toFloatArray();
            }
        }
    }

    /**
     * Runnable MLPs of raw decoder-k output: masks thresholded at 0.5 and, when {@code threshold}
     * is positive, weights whose magnitude is below it set to 0 (the search's hard switch).
     */
    Mlp[] toMlps(NDArray raw, int k, double threshold) {
        return toMlps(raw, k, threshold, 0);
    }

    /**
     * As {@link #toMlps(NDArray, int, double)}; with {@code beta > 0} the kept weights are the
     * search's effective weights {@code w * sigmoid(beta (|w| - threshold) / R)}, what it trained.
     */
    Mlp[] toMlps(NDArray raw, int k, double threshold, double beta) {
        int n = MlpGenerator.INPUTS;
        int h = config.maxWidth();
        int rows = MlpMatrix.rows(n, h, k);
        int cols = MlpMatrix.columns(h, k);
        float[] v = raw.toFloatArray();
        int size = rows * cols;
        int count = v.length / size;
        Mlp[] out = new Mlp[count];
        float range = (float) config.family().weightRange();
        for (int b = 0; b < count; b++) {
            float[] matrix = new float[size];
            for (int e = 0; e < size; e++) {
                float value = v[b * size + e];
                if (e % cols >= h) {
                    boolean alignedMaskEntry = isMaskEntry(e / cols, e % cols, n, h);
                    matrix[e] = alignedMaskEntry && value > 0 ? 1 : 0; // sigmoid(value) > 0.5
                } else {
                    float w = value * range;
                    double soft = beta > 0 ? 1 / (1 + Math.exp(-beta * (Math.abs(w) - threshold) / range)) : 1;
                    matrix[e] = Math.abs(w) < threshold ? 0 : (float) (w * soft);
                }
            }
            // W(K+1) has one output column: zero the padding so the matrix is well-formed.
            int r0 = MlpMatrix.blockRow(n, h, k);
            for (int r = r0; r < rows; r++) {
                for (int c = MlpGenerator.OUTPUTS; c < h; c++) {
                    matrix[r * cols + c] = 0;
                }
            }
            out[b] = new MlpMatrix(config.family(), n, MlpGenerator.OUTPUTS, h, k, matrix).decode();
        }
        return out;
    }

    private static boolean isMaskEntry(int row, int column, int n, int h) {
        int l = column - h + 1;
        int r0 = MlpMatrix.blockRow(n, h, l);
        return row >= r0 && row < r0 + h;
    }

    @Override
    public void close() {
        manager.close();
    }
}
