package io.sosae.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import org.junit.jupiter.api.Test;

class GaConvergenceTest {

    private static double[] times(int n) {
        double[] t = new double[n];
        for (int i = 0; i < n; i++) {
            t[i] = i * 0.01;
        }
        return t;
    }

    @Test
    void aPlateauIsTheFirstGenerationAfterWhichTheWindowGainsLessThanTheTolerance() {
        double[] mae = new double[300];
        for (int g = 0; g < mae.length; g++) {
            mae[g] = g < 100 ? 1.0 - 0.005 * g : 0.5; // falls to 0.5 at generation 100, then flat
        }
        GaConvergence.Outcome o = new GaConvergence(50, 0.01, 0.597).analyse(mae, times(300));
        assertThat(o.converged()).isTrue();
        // at g = 99: mae 0.505, at 149: 0.5, a gain of 0.99 % < 1 %
        assertThat(o.generation()).isEqualTo(99);
        assertThat(o.seconds()).isCloseTo(0.99, within(1e-12));
        assertThat(o.mae()).isEqualTo(1.0 - 0.005 * 99);
        assertThat(o.targetGeneration()).isEqualTo(81); // 1 - 0.405 = 0.595 <= 0.597 < 0.6
    }

    @Test
    void aCurveStillFallingAtTheEndHasNotConverged() {
        double[] mae = new double[200];
        for (int g = 0; g < mae.length; g++) {
            mae[g] = Math.exp(-0.01 * g); // 10 % less every 10 generations, to the end
        }
        GaConvergence.Outcome o = new GaConvergence(50, 0.01, 0.01).analyse(mae, times(200));
        assertThat(o.converged()).isFalse();
        assertThat(o.generation()).isEqualTo(-1);
        assertThat(o.seconds()).isNaN();
        assertThat(o.targetGeneration()).isEqualTo(-1);
        assertThat(new GaConvergence(500, 0.01, 0)
                        .analyse(new double[10], times(10))
                        .converged())
                .as("a run shorter than the window cannot show a plateau")
                .isFalse();
    }

    @Test
    void badRulesAreRefused() {
        assertThatThrownBy(() -> new GaConvergence(0, 0.01, 0.1)).hasMessageContaining("window");
        assertThatThrownBy(() -> new GaConvergence(10, 1, 0.1)).hasMessageContaining("tolerance");
    }
}
