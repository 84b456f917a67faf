package io.sosae.connectors.testutil;

import io.sosae.schemas.SensorFrame;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/** Small, fully populated records for tests. */
public final class TestFrames {

    private TestFrames() {}

    public static SensorFrame sensorFrame(long seq, int dimension) {
        List<Float> values = new ArrayList<>();
        List<String> names = new ArrayList<>();
        for (int i = 0; i < dimension; i++) {
            values.add((i + seq % 7) / (float) (dimension + 7));
            names.add("ch" + i);
        }
        return SensorFrame.newBuilder()
                .setStreamId("stream-" + (seq % 2))
                .setSeq(seq)
                .setEventTime(Instant.ofEpochMilli(1_767_225_600_000L + seq * 10))
                .setValues(values)
                .setChannelNames(names)
                .setLabel((int) (seq % 10))
                .build();
    }
}
