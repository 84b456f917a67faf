package io.sosae.jobs.drift;

import java.util.Optional;

/**
 * The two-sided Page-Hinkley test (Page 1954; Hinkley 1971) on one signal, with its tolerance and
 * threshold relative to the signal's own level, so one setting serves code lengths of 4 and of
 * 400 and errors of 0.01 and of 10.
 *
 * <p>With {@code mean} the running mean since the last reset and {@code scale = max(|mean|,
 * floor)}, each value x adds {@code x - mean - delta scale} to the upward sum and {@code x - mean
 * + delta scale} to the downward sum. An upward change is signalled when the upward sum has risen
 * more than {@code threshold scale} above its minimum, a downward change when the downward sum has
 * fallen that far below its maximum. After a signal the test resets: the new level becomes its
 * reference. The first {@code minReports} values after a reset only build the reference.
 *
 * <p>An immutable value: {@link #update} returns the next state and, when it fired, the change.
 * {@link #toArray}/{@link #fromArray} are its form in Flink state.
 */
public record PageHinkley(long count, double mean, double up, double upMin, double down, double downMax) {

    /** The test before any value. */
    public static final PageHinkley EMPTY = new PageHinkley(0, 0, 0, 0, 0, 0);

    /**
     * @param delta tolerated drift per report, relative to the level (0.05: 5%)
     * @param threshold cumulative change that signals, relative to the level (0.5: 50%)
     * @param minReports values after a reset before a change can be signalled
     * @param floor smallest scale (keeps a signal near zero from alarming on noise)
     */
    public record Settings(double delta, double threshold, int minReports, double floor)
            implements java.io.Serializable {
        public Settings {
            if (!(delta >= 0) || !(threshold > 0) || minReports < 1 || !(floor > 0)) {
                throw new IllegalArgumentException("Page-Hinkley needs delta >= 0, threshold > 0, minReports >= 1 and"
                        + " floor > 0; were " + delta + ", " + threshold + ", " + minReports + ", " + floor);
            }
        }
    }

    /** A change the test found: its direction, the level it left, and the statistic that crossed. */
    public record Change(boolean upward, double reference, double statistic, double threshold, long reports) {}

    /** The next state after {@code x}, and the change if this value signalled one. */
    public Step update(double x, Settings s) {
        if (!Double.isFinite(x)) {
            return new Step(this, Optional.empty()); // a NaN loss says nothing about the level
        }
        long n = count + 1;
        double m = mean + (x - mean) / n;
        double scale = Math.max(Math.abs(m), s.floor());
        double u = up + x - m - s.delta() * scale;
        double d = down + x - m + s.delta() * scale;
        double uMin = Math.min(upMin, u);
        double dMax = Math.max(downMax, d);
        double limit = s.threshold() * scale;
        if (n > s.minReports()) {
            if (u - uMin > limit) {
                return new Step(EMPTY, Optional.of(new Change(true, mean, u - uMin, limit, n)));
            }
            if (dMax - d > limit) {
                return new Step(EMPTY, Optional.of(new Change(false, mean, dMax - d, limit, n)));
            }
        }
        return new Step(new PageHinkley(n, m, u, uMin, d, dMax), Optional.empty());
    }

    /** One update's result. */
    public record Step(PageHinkley next, Optional<Change> change) {}

    public double[] toArray() {
        return new double[] {count, mean, up, upMin, down, downMax};
    }

    public static PageHinkley fromArray(double[] a) {
        if (a == null) {
            return EMPTY;
        }
        if (a.length != 6) {
            throw new IllegalArgumentException("a Page-Hinkley state has 6 values, got " + a.length);
        }
        return new PageHinkley((long) a[0], a[1], a[2], a[3], a[4], a[5]);
    }
}
