package io.sosae.jobs.drift;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class PageHinkleyTest {
    private static final PageHinkley.Settings S = new PageHinkley.Settings(0.05, 0.5, 3, 1.0);

    /** Feeds the values; returns the index of every signalled change, +index up, -index down. */
    private static List<Integer> changes(double[] values, PageHinkley.Settings s) {
        List<Integer> at = new ArrayList<>();
        PageHinkley t = PageHinkley.EMPTY;
        for (int i = 0; i < values.length; i++) {
            PageHinkley.Step step = t.update(values[i], s);
            t = step.next();
            int index = i;
            step.change().ifPresent(c -> at.add(c.upward() ? index : -index));
        }
        return at;
    }

    private static double[] levels(long seed, double noise, double... perTwenty) {
        SplittableRandom r = new SplittableRandom(seed);
        double[] v = new double[perTwenty.length * 20];
        for (int i = 0; i < v.length; i++) {
            v[i] = perTwenty[i / 20] * (1 + noise * r.nextGaussian());
        }
        return v;
    }

    @Test
    void aStationarySignalWithNoiseNeverSignals() {
        for (long seed = 1; seed <= 20; seed++) {
            assertThat(changes(levels(seed, 0.05, 8, 8, 8, 8, 8), S))
                    .as("seed %d", seed)
                    .isEmpty();
            assertThat(changes(
                            levels(seed, 0.05, 0.03, 0.03, 0.03, 0.03), new PageHinkley.Settings(0.05, 0.5, 3, 1e-4)))
                    .as("seed %d", seed)
                    .isEmpty();
        }
    }

    @Test
    void aStepUpAndABackDownAreEachSignalledOnceWithinAFewReports() {
        List<Integer> at = changes(levels(3, 0.02, 8, 18, 18, 8, 8), S);
        assertThat(at).hasSize(2);
        assertThat(at.get(0)).isBetween(20, 23); // up, within three reports of the step at 20
        assertThat(-at.get(1)).isBetween(60, 66); // down: the reference after the reset is ~18
    }

    @Test
    void theScaleIsRelativeSoTheSameSettingsServeLengthsAndErrors() {
        PageHinkley.Settings errors = new PageHinkley.Settings(0.05, 0.5, 3, 1e-4);
        assertThat(changes(levels(4, 0.02, 0.02, 0.05), errors)).singleElement().satisfies(i -> assertThat(i)
                .isBetween(20, 23));
        assertThat(changes(levels(4, 0.02, 200, 500), S)).singleElement().satisfies(i -> assertThat(i)
                .isBetween(20, 23));
    }

    @Test
    void nonFiniteValuesAreIgnoredAndStateRoundTrips() {
        PageHinkley t = PageHinkley.EMPTY.update(5, S).next().update(6, S).next();
        assertThat(t.update(Double.NaN, S).next()).isEqualTo(t);
        assertThat(PageHinkley.fromArray(t.toArray())).isEqualTo(t);
        assertThat(PageHinkley.fromArray(null)).isEqualTo(PageHinkley.EMPTY);
        assertThatThrownBy(() -> PageHinkley.fromArray(new double[2])).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new PageHinkley.Settings(0.05, 0, 3, 1)).hasMessageContaining("threshold > 0");
    }
}
