package io.sosae.model.length;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sosae.model.core.Activation;
import io.sosae.model.core.Autoencoder;
import io.sosae.model.core.AutoencoderConfig;
import io.sosae.model.core.Method;
import io.sosae.model.core.ReconstructionLoss;
import io.sosae.model.data.Dataset;
import io.sosae.model.data.SyntheticManifold;
import io.sosae.model.loss.Regularizer;
import io.sosae.model.train.EpochStats;
import io.sosae.model.train.Trainer;
import io.sosae.model.train.TrainingOptions;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Active length of a SOSAE on synthetic data of known intrinsic dimension m in {4, 8, 16}, with
 * ONE shared set of hyperparameters for all m (calibration and every setting tried:
 * docs/synthetic-calibration.md). The data: latents through a fixed random tanh/sigmoid map into
 * 64 dimensions, with every latent direction carrying the same signal whatever m ({@link
 * SyntheticManifold.Scaling#PER_DIRECTION}) and the map's weights at half scale (curvature 0.5).
 *
 * <p>Which ReLU units survive is decided by a race in the first epoch, so L moves by a few units
 * between initialisations (seed 1, 2, 3 gave 7/13/18, 10/12/17, 6/13/17 when calibrated; seeds 4
 * and 5, not run here, 12/11/16 and 8/15/18: single m=4 runs can exceed 2m). The test therefore
 * trains three initialisations per m and asserts that the median L lies in [m, 2m] and grows with
 * m, and that cutting every model's codes to its L changes the held-out reconstruction error by
 * < 1%.
 */
@org.junit.jupiter.api.extension.ExtendWith(io.sosae.model.testing.SingleTorchThread.class)
class SyntheticActiveLengthTest {
    static final int AMBIENT = 64;
    static final int CAPACITY = 64;
    static final long MAP_SEED = 11;
    static final double CURVATURE = 0.5;
    static final int TRAIN_SAMPLES = 6000;
    static final int TEST_SAMPLES = 2000;
    static final int EPOCHS = 60;
    static final int BATCH = 64;
    static final double LEARNING_RATE = 1e-3;
    static final double LAMBDA = 3e-4;
    static final double ALPHA = 0.1;
    static final int COMPACT_EVERY = 5;
    static final long[] INIT_SEEDS = {1, 2, 3};

    @Test
    void activeLengthLiesBetweenMAnd2MAndTruncationIsLossless() {
        int l4 = medianLength(4);
        int l8 = medianLength(8);
        int l16 = medianLength(16);
        assertThat(l4).as("m=4: median L within [m, 2m]").isBetween(4, 8);
        assertThat(l8).as("m=8: median L within [m, 2m]").isBetween(8, 16);
        assertThat(l16).as("m=16: median L within [m, 2m]").isBetween(16, 32);
        assertThat(l4).as("L grows with the intrinsic dimension").isLessThan(l8);
        assertThat(l8).as("L grows with the intrinsic dimension").isLessThan(l16);
    }

    private static int medianLength(int m) {
        int[] lengths = new int[INIT_SEEDS.length];
        for (int i = 0; i < INIT_SEEDS.length; i++) {
            lengths[i] = trainAndMeasure(m, INIT_SEEDS[i]);
        }
        int[] sorted = lengths.clone();
        Arrays.sort(sorted);
        System.out.printf(
                "m=%d lengths over init seeds %s: %s, median %d%n",
                m, Arrays.toString(INIT_SEEDS), Arrays.toString(lengths), sorted[sorted.length / 2]);
        return sorted[sorted.length / 2];
    }

    /** Trains on a manifold of dimension m; asserts truncation is lossless; returns L. */
    private static int trainAndMeasure(int m, long initSeed) {
        SyntheticManifold manifold = SyntheticManifold.builder()
                .latentDim(m)
                .ambientDim(AMBIENT)
                .seed(MAP_SEED)
                .curvature(CURVATURE)
                .scaling(SyntheticManifold.Scaling.PER_DIRECTION)
                .build();
        Dataset train = manifold.sample(TRAIN_SAMPLES, 5);
        Dataset test = manifold.sample(TEST_SAMPLES, 9);
        AutoencoderConfig config = AutoencoderConfig.builder(AMBIENT, CAPACITY)
                .method(Method.SOSAE)
                .encoderActivation(Activation.RELU)
                .outputSigmoid(true)
                .reconstructionLoss(ReconstructionLoss.MAE)
                .regularizer(new Regularizer.Push(LAMBDA, ALPHA))
                .unitNormDecoder(true)
                .learningRate(LEARNING_RATE)
                .seed(initSeed)
                .build();
        try (Autoencoder model = Autoencoder.create(config, Device.cpu())) {
            List<EpochStats> history = Trainer.fit(
                    model,
                    train.values(),
                    train.size(),
                    TrainingOptions.of(EPOCHS, BATCH).withCompactEvery(COMPACT_EVERY),
                    s -> {});
            int length = history.get(history.size() - 1).activeLength();
            double full;
            double truncated;
            try (NDManager mgr = model.newInputManager()) {
                NDArray x = mgr.create(test.values(), new Shape(test.size(), AMBIENT));
                full = x.sub(model.reconstruct(x, CAPACITY, mgr)).abs().mean().getFloat();
                truncated =
                        x.sub(model.reconstruct(x, length, mgr)).abs().mean().getFloat();
            }
            double relativeChange = Math.abs(truncated - full) / full;
            System.out.printf(
                    "m=%d seed=%d L=%d testMAE full=%.5f truncated=%.5f relChange=%.5f%%%n",
                    m, initSeed, length, full, truncated, 100 * relativeChange);
            assertThat(relativeChange)
                    .as("m=%d seed %d: relative change of the test MAE when truncating to L=%d", m, initSeed, length)
                    .isLessThan(0.01);
            return length;
        }
    }
}
