package io.sosae.jobs.operator;

import io.sosae.schemas.ImageFrame;
import io.sosae.schemas.SensorFrame;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.apache.flink.api.common.functions.MapFunction;

/**
 * An image as a frame of width x height x channels values in [0, 1] (uint8 / 255), so images go
 * through the very same compressor as sensor frames; only the model behind it differs.
 */
public final class ImageToFrame implements MapFunction<ImageFrame, SensorFrame> {
    private static final long serialVersionUID = 1L;

    @Override
    public SensorFrame map(ImageFrame image) {
        ByteBuffer px = image.getPixels().duplicate();
        List<Float> values = new ArrayList<>(px.remaining());
        while (px.hasRemaining()) {
            values.add((px.get() & 0xff) / 255f);
        }
        return SensorFrame.newBuilder()
                .setStreamId(image.getStreamId())
                .setSeq(image.getSeq())
                .setEventTime(image.getEventTime())
                .setValues(values)
                .setLabel(image.getLabel())
                .build();
    }
}
