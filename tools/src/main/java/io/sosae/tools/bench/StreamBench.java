package io.sosae.tools.bench;

import ai.djl.Device;
import io.sosae.jobs.config.CompressionConfig;
import io.sosae.model.codec.CodeCodec;
import io.sosae.model.stream.EncodedBatch;
import io.sosae.model.stream.StreamCompressor;
import io.sosae.schemas.SensorFrame;
import java.util.List;

/**
 * One method's stream compressor on a recorded stream without Flink: the same per-micro-batch
 * encode-then-learn sequence as the keyed operator (batches of 32), for quick comparisons of
 * settings. Per regime it reports what {@link CompareBench} reports, beside the same reference PCA.
 */
public final class StreamBench {
    private StreamBench() {}

    /** What one configuration did on one stream. */
    public record Result(String stream, double seconds, long versions, List<CompareBench.Regime> regimes) {}

    static final int BATCH = 32;

    public static Result run(RecordedStream s, CompressionConfig config) {
        List<SensorFrame> frames = s.frames();
        int n = s.dim();
        int count = frames.size();
        double[] lengths = new double[count];
        double[] errors = new double[count];
        double[] bytes = new double[count];
        long start = System.nanoTime();
        long versions;
        try (StreamCompressor model = config.toCompressorFactory().create(Device.cpu())) {
            float[] x = new float[BATCH * n];
            for (int from = 0; from < count; from += BATCH) {
                int rows = Math.min(BATCH, count - from);
                for (int r = 0; r < rows; r++) {
                    List<Float> v = frames.get(from + r).getValues();
                    for (int i = 0; i < n; i++) {
                        x[r * n + i] = v.get(i);
                    }
                }
                float[] batch = rows == BATCH ? x : java.util.Arrays.copyOf(x, rows * n);
                EncodedBatch codes = model.encode(batch, rows);
                for (int r = 0; r < rows; r++) {
                    lengths[from + r] = codes.length();
                    errors[from + r] = codes.reconstructionErrors()[r];
                    bytes[from + r] = CodeCodec.encode(codes.codes()[r], config.encoding())
                            .payload()
                            .length;
                }
                model.observe(batch, rows);
            }
            versions = model.version();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        return new Result(
                s.name(),
                seconds,
                versions,
                CompareBench.regimes(s, lengths, errors, bytes, CompareBench.references(s)));
    }
}
