package io.sosae.model.loss;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class PushWeightsTest {
    @Test
    void vectorWeightsArePowersOfOnePlusAlphaFromOne() {
        float[] w = PushWeights.vector(4, 0.5);
        assertThat(w).containsExactly(1.5f, 2.25f, 3.375f, 5.0625f);
    }

    @Test
    void nestedFormIsProductOfPerDimensionPowersWithCumulativeAlphas() {
        // shape (d2=2, d1=3): alpha1 = a*3/5, alpha2 = a*5/5
        double a = 0.1;
        float[] w = PushWeights.nested(a, 2, 3);
        assertThat(w).hasSize(6);
        for (int k2 = 1; k2 <= 2; k2++) {
            for (int k1 = 1; k1 <= 3; k1++) {
                double expected = Math.pow(1 + a * 3 / 5, k1) * Math.pow(1 + a, k2);
                assertThat((double) w[(k2 - 1) * 3 + (k1 - 1)]).isCloseTo(expected, within(1e-5));
            }
        }
    }

    @Test
    void oneDimensionalNestedFormIsTheVectorForm() {
        assertThat(PushWeights.nested(0.02, 400)).containsExactly(PushWeights.vector(400, 0.02));
    }

    @Test
    void weightsGrowStrictlyAlongTheCode() {
        float[] w = PushWeights.vector(400, 0.02);
        for (int i = 1; i < w.length; i++) {
            assertThat(w[i]).isGreaterThan(w[i - 1]);
        }
    }

    @Test
    void rejectsBadArguments() {
        assertThatThrownBy(() -> PushWeights.nested(-0.1, 3)).hasMessageContaining("alpha");
        assertThatThrownBy(() -> PushWeights.nested(0.1, 3, 0)).hasMessageContaining("positive");
        assertThatThrownBy(() -> new Regularizer.Push(0.1, 0.02, new int[] {2, 3}).weights(7))
                .hasMessageContaining("7");
    }
}
