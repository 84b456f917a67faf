package io.sosae.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class SlidingRateTest {
    private static final long S = 1_000_000_000L;

    @Test
    void windowIsWholeCheckpointIntervalsOfAtLeastTheAskedSpan() {
        Duration five = Duration.ofSeconds(5);
        assertThat(SlidingRate.windowFor(Duration.ofSeconds(2), five)).isEqualTo(Duration.ofSeconds(6));
        assertThat(SlidingRate.windowFor(Duration.ofMillis(100), five)).isEqualTo(Duration.ofSeconds(5));
        assertThat(SlidingRate.windowFor(Duration.ofSeconds(3), five)).isEqualTo(Duration.ofSeconds(6));
        assertThat(SlidingRate.windowFor(Duration.ofSeconds(10), five)).isEqualTo(Duration.ofSeconds(10));
        assertThat(SlidingRate.windowFor(Duration.ZERO, five)).isEqualTo(five);
    }

    @Test
    void commitsPerCheckpointShowAsTheirSteadyRate() {
        // 200 records/s committed every 2 s: the counter jumps by 400 every other second
        SlidingRate rate = new SlidingRate(SlidingRate.windowFor(Duration.ofSeconds(2), Duration.ofSeconds(5)));
        assertThat(rate.add(0, 0)).isZero();
        long count = 0;
        for (int t = 1; t <= 30; t++) {
            if (t % 2 == 0) {
                count += 400;
            }
            double r = rate.add(t * S, count);
            if (t >= 6) {
                assertThat(r).as("t = %d", t).isCloseTo(200, within(1e-9));
            }
        }
    }

    @Test
    void beforeTheWindowFillsTheRateIsOverTheTimeSoFar() {
        SlidingRate rate = new SlidingRate(Duration.ofSeconds(5));
        rate.add(0, 0);
        assertThat(rate.add(S, 100)).isCloseTo(100, within(1e-9));
        assertThat(rate.add(2 * S, 100)).isCloseTo(50, within(1e-9));
    }

    @Test
    void followsAChangeOfRateWithinOneWindow() {
        SlidingRate rate = new SlidingRate(Duration.ofSeconds(5));
        long count = 0;
        rate.add(0, 0);
        for (int t = 1; t <= 10; t++) {
            count += 100;
            rate.add(t * S, count);
        }
        double r = 0;
        for (int t = 11; t <= 15; t++) {
            r = rate.add(t * S, count); // stopped
        }
        assertThat(r).isZero();
    }

    @Test
    void irregularSamplingUsesTheRealSpan() {
        SlidingRate rate = new SlidingRate(Duration.ofSeconds(5));
        rate.add(0, 0);
        rate.add((long) (2.3 * S), 230);
        rate.add((long) (4.9 * S), 490);
        // the base is the newest sample at or before now - 5 s: t = 0 for now = 5.2 s
        assertThat(rate.add((long) (5.2 * S), 520)).isCloseTo(100, within(1e-9));
        // now = 7.5 s: base t = 2.3 s
        assertThat(rate.add((long) (7.5 * S), 750)).isCloseTo(100, within(1e-9));
    }
}
