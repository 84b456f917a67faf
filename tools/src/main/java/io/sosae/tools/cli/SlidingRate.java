package io.sosae.tools.cli;

import java.time.Duration;
import java.util.ArrayDeque;

/**
 * A rate over a sliding window: the growth of a counter between the newest sample and the newest
 * one at least {@code window} older, per second. The demo's codes are committed once per Flink
 * checkpoint, so a per-second delta jumps between 0 and a checkpoint's worth; over a window of
 * whole checkpoint intervals ({@link #windowFor}) the rate is steady.
 */
final class SlidingRate {
    private final long windowNanos;
    private final ArrayDeque<long[]> samples = new ArrayDeque<>(); // {nanos, count}, oldest first

    SlidingRate(Duration window) {
        if (window.isNegative() || window.isZero()) {
            throw new IllegalArgumentException("the window must be positive: " + window);
        }
        this.windowNanos = window.toNanos();
    }

    /** The smallest whole number of checkpoint intervals that spans at least {@code atLeast}. */
    static Duration windowFor(Duration checkpointInterval, Duration atLeast) {
        long interval = Math.max(1, checkpointInterval.toMillis());
        long n = Math.max(1, (atLeast.toMillis() + interval - 1) / interval);
        return Duration.ofMillis(n * interval);
    }

    Duration window() {
        return Duration.ofNanos(windowNanos);
    }

    /**
     * Records that the counter stood at {@code count} at {@code nanos} (a {@link System#nanoTime}
     * reading, not decreasing) and returns the rate per second over the window ending there: over
     * the time since the first sample while the window has not filled yet, 0 for the first sample.
     */
    double add(long nanos, long count) {
        samples.addLast(new long[] {nanos, count});
        // keep one sample at or before the window's start as the base; drop the ones before it
        while (samples.size() > 1) {
            long[] head = samples.removeFirst();
            if (samples.peekFirst()[0] > nanos - windowNanos) {
                samples.addFirst(head);
                break;
            }
        }
        long[] base = samples.peekFirst();
        long span = nanos - base[0];
        return span <= 0 ? 0 : (count - base[1]) * 1e9 / span;
    }
}
