package io.sosae.model.length;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ActiveLengthTest {
    @Test
    void lengthIsOnePastTheLastUnitWithEnergyWhenToleranceIsZero() {
        float[] codes = {
            1, 0, 2, 0, 0,
            0, 0, 1, 0, 0
        };
        assertThat(ActiveLength.of(codes, 2, 5, null, 0.0)).isEqualTo(3);
    }

    @Test
    void aNegligibleTailIsCutButANonNegligibleOneIsKept() {
        double[] e = {5, 3, 2, 0.004, 0.003, 0.0};
        // total 10.007; tolerance 1e-3 allows 0.010 of tail
        assertThat(ActiveLength.fromEnergies(e, 1e-3)).isEqualTo(3);
        assertThat(ActiveLength.fromEnergies(e, 1e-4)).isEqualTo(5);
    }

    @Test
    void allZeroWindowHasLengthZero() {
        assertThat(ActiveLength.of(new float[12], 3, 4, null, 1e-3)).isZero();
    }

    @Test
    void decoderNormsWeighTheEnergies() {
        float[] codes = {1, 1};
        assertThat(ActiveLength.of(codes, 1, 2, new float[] {1f, 1e-6f}, 1e-3)).isEqualTo(1);
        assertThat(ActiveLength.of(codes, 1, 2, new float[] {1f, 1f}, 1e-3)).isEqualTo(2);
    }

    @Test
    void compactionOrderPutsTheMostEnergeticUnitsFirstAndKeepsTies() {
        assertThat(ActiveLength.compactionOrder(new double[] {0, 3, 0, 5, 3})).containsExactly(3, 1, 4, 0, 2);
    }

    @Test
    void activeUnitsCountsUnitsWithEnergy() {
        assertThat(ActiveLength.activeUnits(new double[] {0, 3, 0, 5, 3}, 1e-3)).isEqualTo(3);
    }

    @Test
    void rejectsMismatchedShapesAndBadTolerance() {
        assertThatThrownBy(() -> ActiveLength.of(new float[5], 2, 3, null, 0)).hasMessageContaining("expected 2 x 3");
        assertThatThrownBy(() -> ActiveLength.fromEnergies(new double[] {1}, 1.5))
                .hasMessageContaining("tolerance");
    }

    @Test
    void truncationHelpersCutPadAndZero() {
        float[] code = {1, 2, 3, 4};
        assertThat(Truncation.truncate(code, 2)).containsExactly(1, 2);
        assertThat(Truncation.zeroPad(new float[] {1, 2}, 4)).containsExactly(1, 2, 0, 0);
        float[] batch = {1, 2, 3, 4, 5, 6};
        Truncation.zeroTail(batch, 2, 3, 1);
        assertThat(batch).containsExactly(1, 0, 0, 4, 0, 0);
        assertThatThrownBy(() -> Truncation.truncate(code, 5)).isInstanceOf(IllegalArgumentException.class);
    }
}
