package io.sosae.jobs.operator;

import io.sosae.schemas.SensorFrame;
import org.apache.flink.api.java.functions.KeySelector;

/**
 * The model key of a frame: its streamId (one model per stream, the default), or one shared key for
 * every frame (one model for all streams).
 */
public final class ModelKeySelector implements KeySelector<SensorFrame, String> {

    private static final long serialVersionUID = 1L;

    private final String sharedKey;

    private ModelKeySelector(String sharedKey) {
        this.sharedKey = sharedKey;
    }

    public static ModelKeySelector perStream() {
        return new ModelKeySelector(null);
    }

    public static ModelKeySelector shared(String key) {
        return new ModelKeySelector(key);
    }

    /** @param sharedKey null: per stream */
    public static ModelKeySelector of(String sharedKey) {
        return new ModelKeySelector(sharedKey);
    }

    @Override
    public String getKey(SensorFrame frame) {
        return sharedKey != null ? sharedKey : frame.getStreamId();
    }
}
