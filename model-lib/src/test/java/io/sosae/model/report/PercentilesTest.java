package io.sosae.model.report;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class PercentilesTest {
    @Test
    void medianIsTheMiddleOrTheMeanOfTheMiddleTwo() {
        assertThat(Percentiles.median(new double[] {5, 1, 3})).isEqualTo(3.0);
        assertThat(Percentiles.median(new double[] {4, 1, 3, 2})).isEqualTo(2.5);
        assertThat(Percentiles.median(new double[] {7})).isEqualTo(7.0);
        assertThat(Percentiles.median(new double[0])).isNaN();
    }

    @Test
    void interpolatesBetweenOrderStatistics() {
        double[] hundredOne = new double[101];
        for (int i = 0; i <= 100; i++) {
            hundredOne[100 - i] = i; // unsorted on purpose
        }
        assertThat(Percentiles.of(hundredOne, 0.5, 0.9, 0.99, 1.0)).containsExactly(50.0, 90.0, 99.0, 100.0);
        assertThat(Percentiles.of(new double[] {10, 20}, 0.25)).isEqualTo(12.5);
        assertThatThrownBy(() -> Percentiles.of(hundredOne, 0.0)).isInstanceOf(IllegalArgumentException.class);
    }
}
