package io.sosae.tools.bench;

import com.github.luben.zstd.Zstd;
import io.sosae.schemas.SensorFrame;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.util.List;

/**
 * What the frames of a stream cost without a model: raw float32 values, and the whole stream's
 * float32 bytes compressed by zstd at level 19 (the best general-purpose lossless baseline, with
 * the advantage of seeing every frame at once), both per frame.
 */
record RawSize(double float32BytesPerFrame, double zstd19BytesPerFrame) {

    static RawSize of(List<SensorFrame> frames) {
        int n = frames.get(0).getValues().size();
        ByteBuffer raw = ByteBuffer.allocate(frames.size() * n * 4).order(ByteOrder.LITTLE_ENDIAN);
        for (SensorFrame f : frames) {
            for (float v : f.getValues()) {
                raw.putFloat(v);
            }
        }
        byte[] compressed = Zstd.compress(raw.array(), 19);
        return new RawSize(4.0 * n, compressed.length / (double) frames.size());
    }
}
