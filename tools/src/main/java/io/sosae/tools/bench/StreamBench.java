package io.sosae.tools.bench;

import ai.djl.Device;
import io.sosae.jobs.config.CompressionConfig;
import io.sosae.model.codec.CodePacker;
import io.sosae.model.stream.EncodedBatch;
import io.sosae.model.stream.Promotion;
import io.sosae.model.stream.StreamCompressor;
import io.sosae.schemas.SensorFrame;
import java.util.List;
import java.util.Optional;

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
            CodePacker packer = config.packer(model.promotion().decoder());
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
                    // as the operator emits them: packed, with the error of the packed code
                    CodePacker.Packed p = packer.pack(codes.codes()[r], batch, r, codes.reconstructionErrors()[r]);
                    lengths[from + r] = codes.length();
                    errors[from + r] = p.error();
                    bytes[from + r] = p.code().payload().length;
                }
                Optional<Promotion> promoted = model.observe(batch, rows);
                if (promoted.isPresent()) {
                    packer = config.packer(promoted.get().decoder());
                }
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
