package io.sosae.reference;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Seed 001's training recipe: [3,4,3], SGD batch 1, lr 0.01, BCE, 2000 epochs on binary 3-vectors. */
class ReferenceTrainingTest {

    /** All eight binary 3-vectors, the kind of data the paper trains on ([1,1,0], [0,1,0], ...). */
    private static List<double[]> binaryPatterns() {
        List<double[]> patterns = new ArrayList<>();
        for (int m = 0; m < 8; m++) {
            patterns.add(new double[] {(m >> 2) & 1, (m >> 1) & 1, m & 1});
        }
        return patterns;
    }

    @Test
    void paperRecipeLearnsToReconstructBinaryPatterns() {
        List<double[]> patterns = binaryPatterns();
        // Seed 3 is one of the 6 of seeds 1..8 that reach all patterns; seeds 1 and 7 stall in a
        // local minimum with 4-6 patterns right, which the paper's "hit-and-trial" would also meet.
        ReferenceAutoencoder ae = ReferenceAutoencoder.paperTopology(3);
        double before = ae.meanObjective(patterns);

        double lastEpoch = Double.NaN;
        for (int epoch = 0; epoch < ReferenceAutoencoder.PAPER_EPOCHS; epoch++) {
            lastEpoch = ae.trainEpoch(patterns, ReferenceAutoencoder.PAPER_LEARNING_RATE);
        }
        double after = ae.meanObjective(patterns);

        assertThat(after / before).as("BCE after / before 2000 epochs").isLessThan(0.05);
        assertThat(lastEpoch).isLessThan(0.05);
        for (double[] p : patterns) {
            double[] y = ae.forward(p);
            for (int i = 0; i < p.length; i++) {
                assertThat((double) Math.round(y[i]))
                        .as("pattern %s output %d = %s", java.util.Arrays.toString(p), i, y[i])
                        .isEqualTo(p[i]);
            }
        }
    }

    @Test
    void trainStepIsOneSgdStepOnTheGradients() {
        ReferenceAutoencoder ae = ReferenceAutoencoder.paperTopology(4);
        ReferenceMlp before = ae.network();
        double[] x = {1, 0, 1};

        MlpGradients g = ae.gradients(x);
        assertThat(ae.network()).as("gradients() must not train").isSameAs(before);
        double loss = ae.trainStep(x, 0.01);

        assertThat(loss).isEqualTo(before.objective(x, x).total());
        assertThat(ae.network().layers()).isEqualTo(before.sgdStep(g, 0.01).layers());
        assertThat(before.layers()).isNotEqualTo(ae.network().layers());
    }

    @Test
    void aStepLowersTheLossOnThatSample() {
        ReferenceAutoencoder ae = ReferenceAutoencoder.paperTopology(5);
        double[] x = {0, 1, 1};

        double first = ae.trainStep(x, 0.1);

        assertThat(ae.objective(x).total()).isLessThan(first);
    }
}
