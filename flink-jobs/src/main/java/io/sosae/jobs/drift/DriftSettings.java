package io.sosae.jobs.drift;

import java.io.Serializable;

/**
 * How the {@link DriftDetector} tests: reports skipped while a new model learns, and one {@link
 * PageHinkley.Settings} per signal (the length's floor is one unit, the error's a small absolute
 * error).
 */
public record DriftSettings(
        int warmupReports, PageHinkley.Settings length, PageHinkley.Settings error, long stateTtlMillis)
        implements Serializable {

    public DriftSettings {
        if (warmupReports < 0) {
            throw new IllegalArgumentException("drift warm-up must be >= 0 reports, was " + warmupReports);
        }
        if (stateTtlMillis < 0) {
            throw new IllegalArgumentException("state TTL must be >= 0 ms (0 = never), was " + stateTtlMillis);
        }
    }

    /**
     * A key whose last report is older than this (processing time) loses its tests and starts
     * over with the warm-up, as its model does when the compressor's state expires; 0 = never.
     */
    public DriftSettings withStateTtl(long millis) {
        return new DriftSettings(warmupReports, length, error, millis);
    }

    /** The same relative delta, threshold and minimum for both signals. */
    public static DriftSettings of(int warmupReports, double delta, double threshold, int minReports) {
        return new DriftSettings(
                warmupReports,
                new PageHinkley.Settings(delta, threshold, minReports, 1.0),
                new PageHinkley.Settings(delta, threshold, minReports, 1e-4),
                0);
    }
}
