package io.sosae.model.core;

import io.sosae.model.loss.Regularizer;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * Everything that defines an autoencoder and how it trains. Immutable; build with {@link
 * #builder(int, int)} or start from one of {@link Presets}.
 *
 * @param method the family this configuration belongs to (for reports and records)
 * @param inputDim n, the width of an input frame
 * @param capacity d, the width of the full code
 * @param encoderActivation activation after the encoder's linear map
 * @param outputSigmoid whether the decoder ends in a sigmoid ([0,1] data)
 * @param reconstructionLoss reconstruction term
 * @param regularizers penalties on the code (push, L1, L2, contractive), summed
 * @param kSparse keep only the k largest code values per sample (0 = off)
 * @param maskingNoise probability nu of zeroing an input element during training (denoising)
 * @param gaussianNoise standard deviation sigma of additive input noise during training
 * @param learningRate Adam step size
 * @param unitNormDecoder re-project every decoder column (one latent unit's output direction) to
 *     unit norm after each step, so the network cannot dodge a code penalty by shrinking codes and
 *     growing decoder columns
 * @param seed initialisation seed
 */
public record AutoencoderConfig(
        Method method,
        int inputDim,
        int capacity,
        Activation encoderActivation,
        boolean outputSigmoid,
        ReconstructionLoss reconstructionLoss,
        List<Regularizer> regularizers,
        int kSparse,
        double maskingNoise,
        double gaussianNoise,
        double learningRate,
        boolean unitNormDecoder,
        long seed) {

    public AutoencoderConfig {
        Objects.requireNonNull(method, "method");
        Objects.requireNonNull(encoderActivation, "encoderActivation");
        Objects.requireNonNull(reconstructionLoss, "reconstructionLoss");
        regularizers = List.copyOf(regularizers);
        if (inputDim <= 0) {
            throw new IllegalArgumentException("inputDim must be > 0, was " + inputDim);
        }
        if (capacity <= 0) {
            throw new IllegalArgumentException("capacity must be > 0, was " + capacity);
        }
        if (kSparse < 0 || kSparse > capacity) {
            throw new IllegalArgumentException("kSparse must be in [0, capacity=" + capacity + "], was " + kSparse);
        }
        if (!(maskingNoise >= 0 && maskingNoise < 1)) {
            throw new IllegalArgumentException("maskingNoise (nu) must be in [0, 1), was " + maskingNoise);
        }
        if (!(gaussianNoise >= 0) || Double.isInfinite(gaussianNoise)) {
            throw new IllegalArgumentException("gaussianNoise (sigma) must be >= 0, was " + gaussianNoise);
        }
        if (!(learningRate > 0) || Double.isInfinite(learningRate)) {
            throw new IllegalArgumentException("learningRate must be > 0, was " + learningRate);
        }
        if (reconstructionLoss == ReconstructionLoss.BCE && !outputSigmoid) {
            throw new IllegalArgumentException("BCE reconstruction needs outputSigmoid=true");
        }
    }

    public static Builder builder(int inputDim, int capacity) {
        return new Builder(inputDim, capacity);
    }

    public Builder toBuilder() {
        Builder b = new Builder(inputDim, capacity);
        b.method = method;
        b.encoderActivation = encoderActivation;
        b.outputSigmoid = outputSigmoid;
        b.reconstructionLoss = reconstructionLoss;
        b.regularizers = new ArrayList<>(regularizers);
        b.kSparse = kSparse;
        b.maskingNoise = maskingNoise;
        b.gaussianNoise = gaussianNoise;
        b.learningRate = learningRate;
        b.unitNormDecoder = unitNormDecoder;
        b.seed = seed;
        return b;
    }

    /** The push regulariser, if this configuration has one. */
    public java.util.Optional<Regularizer.Push> push() {
        return regularizers.stream()
                .filter(Regularizer.Push.class::isInstance)
                .map(Regularizer.Push.class::cast)
                .findFirst();
    }

    public boolean corrupts() {
        return maskingNoise > 0 || gaussianNoise > 0;
    }

    /** Fluent builder; defaults are the plain ReLU autoencoder with MAE loss and Adam 1e-3. */
    public static final class Builder {
        private final int inputDim;
        private final int capacity;
        private Method method = Method.AE;
        private Activation encoderActivation = Activation.RELU;
        private boolean outputSigmoid = true;
        private ReconstructionLoss reconstructionLoss = ReconstructionLoss.MAE;
        private List<Regularizer> regularizers = new ArrayList<>();
        private int kSparse;
        private double maskingNoise;
        private double gaussianNoise;
        private double learningRate = 1e-3;
        private boolean unitNormDecoder;
        private long seed = 42;

        private Builder(int inputDim, int capacity) {
            this.inputDim = inputDim;
            this.capacity = capacity;
        }

        public Builder method(Method m) {
            this.method = m;
            return this;
        }

        public Builder encoderActivation(Activation a) {
            this.encoderActivation = a;
            return this;
        }

        public Builder outputSigmoid(boolean s) {
            this.outputSigmoid = s;
            return this;
        }

        public Builder reconstructionLoss(ReconstructionLoss l) {
            this.reconstructionLoss = l;
            return this;
        }

        public Builder regularizer(Regularizer r) {
            this.regularizers.add(r);
            return this;
        }

        public Builder clearRegularizers() {
            this.regularizers.clear();
            return this;
        }

        public Builder kSparse(int k) {
            this.kSparse = k;
            return this;
        }

        public Builder maskingNoise(double nu) {
            this.maskingNoise = nu;
            return this;
        }

        public Builder gaussianNoise(double sigma) {
            this.gaussianNoise = sigma;
            return this;
        }

        public Builder learningRate(double lr) {
            this.learningRate = lr;
            return this;
        }

        public Builder unitNormDecoder(boolean u) {
            this.unitNormDecoder = u;
            return this;
        }

        public Builder seed(long s) {
            this.seed = s;
            return this;
        }

        public AutoencoderConfig build() {
            return new AutoencoderConfig(
                    method,
                    inputDim,
                    capacity,
                    encoderActivation,
                    outputSigmoid,
                    reconstructionLoss,
                    regularizers,
                    kSparse,
                    maskingNoise,
                    gaussianNoise,
                    learningRate,
                    unitNormDecoder,
                    seed);
        }
    }
}
