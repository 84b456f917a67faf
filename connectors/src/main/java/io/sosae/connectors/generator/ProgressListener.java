package io.sosae.connectors.generator;

import java.time.Duration;

/** Called by {@link FrameProducer} every few records and once at the end. */
@FunctionalInterface
public interface ProgressListener {

    /**
     * @param sent records handed to the producer so far
     * @param acknowledged records the broker has acknowledged so far
     * @param elapsed time since the run started
     */
    void onProgress(long sent, long acknowledged, Duration elapsed);

    static ProgressListener none() {
        return (sent, acknowledged, elapsed) -> {};
    }
}
