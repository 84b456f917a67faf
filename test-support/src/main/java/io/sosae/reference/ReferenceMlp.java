package io.sosae.reference;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * An immutable multilayer perceptron in double precision with hand-written backprop, following
 * "A Peek Into Autoencoder Neural Networks": hidden layers share one activation, the last layer has its own; output delta
 * {@code delta * f'(z)}, hidden delta {@code (delta_next . W^T) * f'(z)}, SGD
 * {@code W -= lr * dW}. See the package doc for the layout and reduction conventions.
 *
 * <p>Training returns a new instance ({@link #sgdStep}); nothing here mutates.
 */
public final class ReferenceMlp {
    private final List<DenseLayer> layers;
    private final ReferenceActivation hiddenActivation;
    private final ReferenceActivation outputActivation;
    private final ReferenceLoss loss;
    private final ReferencePenalty penalty;

    private ReferenceMlp(
            List<DenseLayer> layers,
            ReferenceActivation hiddenActivation,
            ReferenceActivation outputActivation,
            ReferenceLoss loss,
            ReferencePenalty penalty) {
        this.layers = List.copyOf(layers);
        this.hiddenActivation = hiddenActivation;
        this.outputActivation = outputActivation;
        this.loss = loss;
        this.penalty = penalty;
    }

    public static Builder builder() {
        return new Builder();
    }

    /** A builder preset with this network's settings and weights. */
    public Builder toBuilder() {
        return new Builder()
                .layers(layers)
                .hiddenActivation(hiddenActivation)
                .outputActivation(outputActivation)
                .loss(loss)
                .penalty(penalty);
    }

    /** The same network with other weights (same shapes). */
    public ReferenceMlp withLayers(List<DenseLayer> newLayers) {
        return toBuilder().layers(newLayers).build();
    }

    public List<DenseLayer> layers() {
        return layers;
    }

    public DenseLayer layer(int index) {
        return layers.get(index);
    }

    /** Unit counts from input to output, e.g. [3, 4, 3]. */
    public int[] topology() {
        int[] t = new int[layers.size() + 1];
        t[0] = layers.get(0).inputs();
        for (int l = 0; l < layers.size(); l++) {
            t[l + 1] = layers.get(l).outputs();
        }
        return t;
    }

    public int inputSize() {
        return layers.get(0).inputs();
    }

    public int outputSize() {
        return layers.get(layers.size() - 1).outputs();
    }

    public ReferenceActivation hiddenActivation() {
        return hiddenActivation;
    }

    public ReferenceActivation outputActivation() {
        return outputActivation;
    }

    public ReferenceLoss loss() {
        return loss;
    }

    public ReferencePenalty penalty() {
        return penalty;
    }

    private ReferenceActivation activationOf(int layer) {
        return layer == layers.size() - 1 ? outputActivation : hiddenActivation;
    }

    /** Forward pass keeping every z and h. */
    public ForwardPass forward(double[] x) {
        if (x == null || x.length != inputSize()) {
            throw new IllegalArgumentException("input has " + (x == null ? "no" : String.valueOf(x.length))
                    + " values, network expects " + inputSize());
        }
        List<double[]> zs = new ArrayList<>(layers.size());
        List<double[]> hs = new ArrayList<>(layers.size());
        double[] h = x;
        for (int l = 0; l < layers.size(); l++) {
            double[] z = layers.get(l).preActivation(h);
            ReferenceActivation f = activationOf(l);
            double[] next = new double[z.length];
            for (int j = 0; j < z.length; j++) {
                next[j] = f.apply(z[j]);
            }
            zs.add(z);
            hs.add(next);
            h = next;
        }
        return new ForwardPass(x, zs, hs);
    }

    /** Output of the network for one input. */
    public double[] predict(double[] x) {
        return forward(x).output();
    }

    /** Objective for one sample. */
    public Objective objective(double[] input, double[] target) {
        return objective(new double[][] {input}, new double[][] {target});
    }

    /** Objective for a batch: reconstruction averaged over batch and outputs, penalty over batch. */
    public Objective objective(double[][] inputs, double[][] targets) {
        checkBatch(inputs, targets);
        double reconstruction = 0.0;
        double pen = 0.0;
        for (int s = 0; s < inputs.length; s++) {
            ForwardPass fp = forward(inputs[s]);
            reconstruction += reconstructionOf(fp, targets[s]);
            pen += penaltyOf(fp).value();
        }
        return new Objective(reconstruction / inputs.length, pen / inputs.length);
    }

    /** Gradients for one sample. */
    public MlpGradients gradients(double[] input, double[] target) {
        return gradients(new double[][] {input}, new double[][] {target});
    }

    /** Gradients of {@link Objective#total()} for a batch, averaged over the batch. */
    public MlpGradients gradients(double[][] inputs, double[][] targets) {
        checkBatch(inputs, targets);
        int depth = layers.size();
        double[][][] dW = new double[depth][][];
        double[][] dB = new double[depth][];
        for (int l = 0; l < depth; l++) {
            dW[l] = new double[layers.get(l).inputs()][layers.get(l).outputs()];
            dB[l] = new double[layers.get(l).outputs()];
        }
        double reconstruction = 0.0;
        double pen = 0.0;
        double scale = 1.0 / inputs.length;
        for (int s = 0; s < inputs.length; s++) {
            ForwardPass fp = forward(inputs[s]);
            reconstruction += reconstructionOf(fp, targets[s]);
            PenaltyGradient pg = penaltyOf(fp);
            pen += pg.value();
            accumulateSample(fp, targets[s], pg, scale, dW, dB);
        }
        List<LayerGradient> grads = new ArrayList<>(depth);
        for (int l = 0; l < depth; l++) {
            grads.add(new LayerGradient(dW[l], dB[l]));
        }
        return new MlpGradients(grads, new Objective(reconstruction * scale, pen * scale));
    }

    /** Backprop of one sample, added (times {@code scale}) into dW and dB. */
    private void accumulateSample(
            ForwardPass fp, double[] target, PenaltyGradient pg, double scale, double[][][] dW, double[][] dB) {
        int last = layers.size() - 1;
        double[] zOut = fp.zView(last);
        double[] yOut = fp.hView(last);
        double[] delta = new double[zOut.length];
        for (int i = 0; i < delta.length; i++) {
            // Output layer: dl/dy * f'(z), divided by the output count (mean over elements).
            delta[i] = loss.deltaWrtLogit(zOut[i], yOut[i], target[i], outputActivation) / zOut.length;
        }
        for (int l = last; l >= 0; l--) {
            double[] below = l == 0 ? fp.inputView() : fp.hView(l - 1);
            for (int i = 0; i < below.length; i++) {
                double bi = below[i] * scale;
                if (bi == 0.0) {
                    continue;
                }
                double[] row = dW[l][i];
                for (int j = 0; j < delta.length; j++) {
                    row[j] += bi * delta[j];
                }
            }
            for (int j = 0; j < delta.length; j++) {
                dB[l][j] += scale * delta[j];
            }
            if (l > 0) {
                delta = hiddenDelta(fp, l - 1, delta, pg);
            }
        }
        if (!penalty.isNone()) {
            double[][] direct = pg.dEncoderWeights();
            for (int i = 0; i < direct.length; i++) {
                for (int j = 0; j < direct[i].length; j++) {
                    dW[0][i][j] += scale * direct[i][j];
                }
            }
        }
    }

    /** Hidden layer l: (delta_next . W_next^T) * f'(z_l), plus the code penalty when l is the code. */
    private double[] hiddenDelta(ForwardPass fp, int l, double[] deltaNext, PenaltyGradient pg) {
        DenseLayer next = layers.get(l + 1);
        double[] z = fp.zView(l);
        double[] h = fp.hView(l);
        boolean code = l == 0 && !penalty.isNone();
        double[] dCode = code ? pg.dCode() : null;
        double[] dPre = code ? pg.dPreActivation() : null;
        double[] delta = new double[z.length];
        for (int j = 0; j < z.length; j++) {
            double g = 0.0;
            for (int k = 0; k < deltaNext.length; k++) {
                g += deltaNext[k] * next.weight(j, k);
            }
            if (code) {
                g += dCode[j];
            }
            delta[j] = g * hiddenActivation.derivative(z[j], h[j]);
            if (code) {
                delta[j] += dPre[j];
            }
        }
        return delta;
    }

    private double reconstructionOf(ForwardPass fp, double[] target) {
        int last = layers.size() - 1;
        double[] z = fp.zView(last);
        double[] y = fp.hView(last);
        double sum = 0.0;
        for (int i = 0; i < z.length; i++) {
            sum += loss.value(z[i], y[i], target[i]);
        }
        return sum / z.length;
    }

    private PenaltyGradient penaltyOf(ForwardPass fp) {
        return penalty.evaluate(fp.zView(0), fp.hView(0), hiddenActivation, layers.get(0));
    }

    private void checkBatch(double[][] inputs, double[][] targets) {
        if (inputs == null || targets == null || inputs.length == 0) {
            throw new IllegalArgumentException("batch must hold at least one sample");
        }
        if (inputs.length != targets.length) {
            throw new IllegalArgumentException(
                    "batch has " + inputs.length + " inputs but " + targets.length + " targets");
        }
        for (int s = 0; s < targets.length; s++) {
            if (targets[s] == null || targets[s].length != outputSize()) {
                throw new IllegalArgumentException("target " + s + " has "
                        + (targets[s] == null ? "no" : String.valueOf(targets[s].length))
                        + " values, network outputs " + outputSize());
            }
        }
    }

    /** This network after one SGD step {@code theta -= lr * grad}. */
    public ReferenceMlp sgdStep(MlpGradients gradients, double learningRate) {
        if (gradients.layers().size() != layers.size()) {
            throw new IllegalArgumentException(
                    "gradients have " + gradients.layers().size() + " layers, network has " + layers.size());
        }
        List<DenseLayer> updated = new ArrayList<>(layers.size());
        for (int l = 0; l < layers.size(); l++) {
            updated.add(layers.get(l).minus(gradients.layer(l), learningRate));
        }
        return new ReferenceMlp(updated, hiddenActivation, outputActivation, loss, penalty);
    }

    @Override
    public String toString() {
        return "ReferenceMlp" + Arrays.toString(topology()) + "[hidden=" + hiddenActivation + ", output="
                + outputActivation + ", loss=" + loss + ", penalty=" + penalty + "]";
    }

    /** Builder; defaults are that paper's: leaky ReLU hidden, sigmoid output, BCE, no penalty. */
    public static final class Builder {
        private int[] topology;
        private List<DenseLayer> layers;
        private Long initSeed;
        private ReferenceActivation hiddenActivation = ReferenceActivation.LEAKY_RELU;
        private ReferenceActivation outputActivation = ReferenceActivation.SIGMOID;
        private ReferenceLoss loss = ReferenceLoss.BCE;
        private ReferencePenalty penalty = ReferencePenalty.none();

        private Builder() {}

        /** Unit counts input to output, e.g. 3, 4, 3. Needed with {@link #glorotUniform}. */
        public Builder topology(int... unitsPerLayer) {
            this.topology = unitsPerLayer.clone();
            return this;
        }

        /** Explicit weights, first layer first. */
        public Builder layers(List<DenseLayer> explicitLayers) {
            this.layers = List.copyOf(explicitLayers);
            this.initSeed = null;
            return this;
        }

        /** Random init: W ~ U(-a, a), a = sqrt(6 / (in + out)), b = 0, from java.util.Random(seed). */
        public Builder glorotUniform(long seed) {
            this.initSeed = seed;
            this.layers = null;
            return this;
        }

        public Builder hiddenActivation(ReferenceActivation activation) {
            this.hiddenActivation = activation;
            return this;
        }

        public Builder outputActivation(ReferenceActivation activation) {
            this.outputActivation = activation;
            return this;
        }

        public Builder loss(ReferenceLoss reconstructionLoss) {
            this.loss = reconstructionLoss;
            return this;
        }

        public Builder penalty(ReferencePenalty codePenalty) {
            this.penalty = codePenalty;
            return this;
        }

        public ReferenceMlp build() {
            if (hiddenActivation == null || outputActivation == null || loss == null || penalty == null) {
                throw new IllegalStateException("activation, loss and penalty must not be null");
            }
            if (!loss.supports(outputActivation)) {
                throw new IllegalStateException(
                        loss + " needs a SIGMOID output (outputs in (0,1)), not " + outputActivation);
            }
            List<DenseLayer> built = layers != null ? layers : initialised();
            checkChain(built);
            if (!penalty.isNone() && built.size() != 2) {
                throw new IllegalStateException("a code penalty needs exactly one hidden layer, topology is "
                        + Arrays.toString(topologyOf(built)));
            }
            return new ReferenceMlp(built, hiddenActivation, outputActivation, loss, penalty);
        }

        private List<DenseLayer> initialised() {
            if (initSeed == null) {
                throw new IllegalStateException("give either layers(...) or topology(...) with glorotUniform(seed)");
            }
            if (topology == null || topology.length < 2) {
                throw new IllegalStateException("topology needs at least an input and an output size, got "
                        + (topology == null ? "none" : Arrays.toString(topology)));
            }
            Random random = new Random(initSeed);
            List<DenseLayer> init = new ArrayList<>();
            for (int l = 0; l + 1 < topology.length; l++) {
                int in = topology[l];
                int out = topology[l + 1];
                if (in <= 0 || out <= 0) {
                    throw new IllegalStateException("layer sizes must be positive: " + Arrays.toString(topology));
                }
                double a = Math.sqrt(6.0 / (in + out));
                double[][] w = new double[in][out];
                for (double[] row : w) {
                    for (int j = 0; j < out; j++) {
                        row[j] = (2.0 * random.nextDouble() - 1.0) * a;
                    }
                }
                init.add(new DenseLayer(w, new double[out]));
            }
            return init;
        }

        private void checkChain(List<DenseLayer> chain) {
            if (chain.isEmpty()) {
                throw new IllegalStateException("a network needs at least one layer");
            }
            for (int l = 1; l < chain.size(); l++) {
                if (chain.get(l).inputs() != chain.get(l - 1).outputs()) {
                    throw new IllegalStateException(
                            "layer " + l + " takes " + chain.get(l).inputs() + " inputs but layer " + (l - 1)
                                    + " gives " + chain.get(l - 1).outputs());
                }
            }
            if (topology != null && !Arrays.equals(topology, topologyOf(chain))) {
                throw new IllegalStateException("topology " + Arrays.toString(topology) + " does not match the layers "
                        + Arrays.toString(topologyOf(chain)));
            }
        }

        private static int[] topologyOf(List<DenseLayer> chain) {
            int[] t = new int[chain.size() + 1];
            t[0] = chain.get(0).inputs();
            for (int l = 0; l < chain.size(); l++) {
                t[l + 1] = chain.get(l).outputs();
            }
            return t;
        }
    }
}
