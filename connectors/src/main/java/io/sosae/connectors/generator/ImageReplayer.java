package io.sosae.connectors.generator;

import io.sosae.schemas.ImageFrame;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.Instant;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;

/**
 * Replays a list of images as {@link ImageFrame}s with increasing sequence numbers and event times,
 * once or cycling forever. The data set (MNIST, Fashion-MNIST) is read elsewhere; this class only
 * turns samples into frames, so connectors need no model-library code.
 */
public final class ImageReplayer implements Iterator<ImageFrame> {
    private final List<ImageSample> samples;
    private final String streamId;
    private final boolean cycle;
    private final Instant start;
    private final Duration period;
    private long seq;

    public ImageReplayer(List<ImageSample> samples, String streamId, boolean cycle, Instant start, Duration period) {
        if (samples.isEmpty()) {
            throw new IllegalArgumentException("nothing to replay: the sample list is empty");
        }
        this.samples = List.copyOf(samples);
        this.streamId = streamId;
        this.cycle = cycle;
        this.start = start;
        this.period = period;
    }

    @Override
    public boolean hasNext() {
        return cycle || seq < samples.size();
    }

    @Override
    public ImageFrame next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        ImageSample s = samples.get((int) (seq % samples.size()));
        ImageFrame f = ImageFrame.newBuilder()
                .setStreamId(streamId)
                .setSeq(seq)
                .setEventTime(start.plus(period.multipliedBy(seq)))
                .setWidth(s.width())
                .setHeight(s.height())
                .setChannels(s.channels())
                .setPixels(ByteBuffer.wrap(s.pixels()))
                .setLabel(s.label())
                .build();
        seq++;
        return f;
    }
}
