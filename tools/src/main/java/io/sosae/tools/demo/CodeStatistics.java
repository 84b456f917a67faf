package io.sosae.tools.demo;

import io.sosae.schemas.CompressedCode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Running statistics of committed codes, per stream: counts, current length, error, and a thinned
 * time series (sequence number, emitted length, true latent dimension from the label, error) for
 * the demo's plots. Thread-safe: the monitor thread adds, the terminal thread reads.
 */
public final class CodeStatistics {
    /** One plotted point: a code's sequence number, emitted length, label (true dimension) and error. */
    public record Point(long seq, int length, int trueDimension, double error, long version, double compressionRatio) {}

    /**
     * A stream's numbers at a moment; {@code lastLabel} is the label of its latest code (-1 if
     * none); the error and the payload bytes a code are moving averages over about 50 codes.
     */
    public record StreamView(
            String streamId,
            long codes,
            int length,
            long version,
            double meanError,
            double compressionRatio,
            int lastLabel,
            double meanPayloadBytes) {}

    private final int every;
    private final Map<String, Stream> streams = new HashMap<>();
    private long total;

    /** @param every keep one plotted point per this many codes of a stream */
    public CodeStatistics(int every) {
        this.every = Math.max(1, every);
    }

    private static final class Stream {
        long codes;
        int length;
        long version;
        int inputDim;
        int lastLabel = -1;
        double errorEma = Double.NaN;
        double bytesEma = Double.NaN;
        final List<Point> points = new ArrayList<>();
    }

    public synchronized void add(CompressedCode c) {
        Stream s = streams.computeIfAbsent(c.getStreamId(), k -> new Stream());
        s.codes++;
        total++;
        s.length = c.getLength();
        s.version = c.getModelVersion();
        s.inputDim = c.getInputDim();
        s.lastLabel = c.getLabel() == null ? -1 : c.getLabel();
        double err = c.getReconstructionError() == null ? Double.NaN : c.getReconstructionError();
        if (!Double.isNaN(err)) {
            s.errorEma = Double.isNaN(s.errorEma) ? err : 0.98 * s.errorEma + 0.02 * err;
        }
        int bytes = c.getPayload().remaining();
        s.bytesEma = Double.isNaN(s.bytesEma) ? bytes : 0.98 * s.bytesEma + 0.02 * bytes;
        if (s.codes % every == 1 || every == 1) {
            s.points.add(new Point(
                    c.getSeq(),
                    c.getLength(),
                    c.getLabel() == null ? -1 : c.getLabel(),
                    s.errorEma,
                    c.getModelVersion(),
                    c.getLength() == 0 ? Double.NaN : (double) c.getInputDim() / c.getLength()));
        }
    }

    public synchronized long total() {
        return total;
    }

    public synchronized List<StreamView> views() {
        List<StreamView> out = new ArrayList<>();
        streams.forEach((id, s) -> out.add(new StreamView(
                id,
                s.codes,
                s.length,
                s.version,
                s.errorEma,
                s.length == 0 ? Double.NaN : (double) s.inputDim / s.length,
                s.lastLabel,
                s.bytesEma)));
        out.sort(java.util.Comparator.comparing(StreamView::streamId));
        return out;
    }

    public synchronized Map<String, List<Point>> series() {
        Map<String, List<Point>> out = new HashMap<>();
        streams.forEach((id, s) -> out.put(id, List.copyOf(s.points)));
        return out;
    }
}
