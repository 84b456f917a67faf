package io.sosae.tools.bench;

import io.sosae.jobs.config.CompressionConfig;
import io.sosae.jobs.job.CompressionJob;
import io.sosae.jobs.job.CompressionStreams;
import io.sosae.model.core.Method;
import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.DecoderSnapshot;
import io.sosae.schemas.SensorFrame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.util.CloseableIterator;

/**
 * Every method through the same keyed operator ({@code CompressionJob.compressFrames}, the
 * production {@code CompressorFunction}) on the same recorded streams, on a local Flink: each
 * method sees identical frames in identical order and the same capacity. Per method and stream
 * it keeps what the operator emitted: every code's length, payload bytes and reconstruction error
 * (the error the job reports, which the ITCases check against an independent decoder), the
 * versions, and the wall time of the run.
 */
public final class CompareBench {
    private CompareBench() {}

    /** One method on one stream. */
    public record Run(
            String stream,
            String method,
            long frames,
            long codes,
            long deadLetters,
            long versions,
            double seconds,
            double recordsPerSecond,
            double flops,
            double settledLength,
            double settledError,
            double settledPayloadBytes,
            List<double[]> lengthOverTime,
            List<double[]> errorOverTime,
            List<Regime> regimes) {}

    /**
     * One method's settled values in one regime of a stream (the second half of its frames) beside
     * the offline PCA of that regime ({@link PcaReference}: fitted on its first half, measured on
     * its second): the components PCA needs for the method's error, and PCA's error at the
     * method's length.
     */
    public record Regime(
            int from,
            int to,
            String label,
            double settledLength,
            double settledError,
            double settledPayloadBytes,
            int pcaComponentsAtError,
            double lengthOverPcaComponents,
            double pcaErrorAtLength,
            int pcaFloat16BytesAtError,
            int pcaFitted) {

        /** The PCA components as a reader should see them: "> fitted" when no fitted count reaches the error. */
        public String pcaComponentsText() {
            return pcaComponentsAtError > pcaFitted ? "> " + pcaFitted : String.valueOf(pcaComponentsAtError);
        }

        /** The length over PCA's components, "< x" when PCA reaches the error with none it fitted. */
        public String ratioText() {
            if (pcaComponentsAtError == 0) {
                return "PCA's mean alone is better";
            }
            String r = String.format(java.util.Locale.ROOT, "%.2f", lengthOverPcaComponents);
            return pcaComponentsAtError > pcaFitted
                    ? "< " + String.format(java.util.Locale.ROOT, "%.2f", settledLength / pcaFitted)
                    : r;
        }
    }

    public record Report(List<Map<String, Object>> streams, List<String> methods, List<Run> runs) {}

    /** Windows the time series are averaged over, in frames. */
    static final int WINDOW = 250;

    public static Report run(List<RecordedStream> streams, List<Method> methods, Path work, Consumer<String> progress)
            throws Exception {
        List<Run> runs = new ArrayList<>();
        List<Map<String, Object>> described = new ArrayList<>();
        for (RecordedStream s : streams) {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("name", s.name());
            d.put("description", s.description());
            d.put("frames", s.frames().size());
            d.put("dim", s.dim());
            d.put("capacity", s.capacity());
            RawSize raw = RawSize.of(s.frames());
            d.put("rawFloat32BytesPerFrame", raw.float32BytesPerFrame());
            d.put("zstd19BytesPerFrame", raw.zstd19BytesPerFrame());
            described.add(d);
            progress.accept(String.format("%s: fitting the reference PCA of each regime ...", s.name()));
            List<PcaReference> references = references(s);
            List<Map<String, Object>> curves = new ArrayList<>();
            for (int g = 0; g < references.size(); g++) {
                curves.add(Map.of(
                        "regime", s.regimes().get(g).label(),
                        "maeByComponents", references.get(g).maeByComponents()));
            }
            d.put("pcaReference", curves);
            for (Method m : methods) {
                progress.accept(String.format(
                        "%s on %s (%d frames) ...", m, s.name(), s.frames().size()));
                Run r = runOne(s, m, work, references);
                progress.accept(String.format(
                        "%s on %s: %.0f records/s, settled length %.1f, MAE %.4f, %.0f payload bytes/frame",
                        m,
                        s.name(),
                        r.recordsPerSecond(),
                        r.settledLength(),
                        r.settledError(),
                        r.settledPayloadBytes()));
                runs.add(r);
            }
        }
        return new Report(described, methods.stream().map(Method::name).toList(), runs);
    }

    /** The configuration every method shares on a stream; only the method differs. */
    static CompressionConfig config(RecordedStream s, Method m) {
        CompressionConfig.Builder b = CompressionConfig.builder(s.dim())
                .method(m)
                .capacity(s.capacity())
                .device("auto")
                .batchSize(32)
                .maxWait(Duration.ofMillis(200)); // the job's default encoding: RICE
        return b.build();
    }

    static Run runOne(RecordedStream s, Method m, Path work, List<PcaReference> references) throws Exception {
        Configuration conf = new Configuration();
        conf.setString("io.tmp.dirs", work.toString());
        conf.setString("restart-strategy.type", "none");
        StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
        DataStream<SensorFrame> frames =
                env.fromData(s.frames(), TypeInformation.of(SensorFrame.class)).name(s.name());
        CompressionStreams out = CompressionJob.compressFrames(frames, config(s, m));
        // Every collect sink must be drained while the job runs: a sink whose buffer is full blocks
        // the operator, and with it every other output.
        DataStream<Long> versions =
                out.decoders().map(DecoderSnapshot::getModelVersion).returns(Long.class);
        DataStream<Long> dead = out.deadLetters().map(d -> 1L).returns(Long.class);
        DataStream<Double> flops = out.lengthReports()
                .map(r -> r.getFlops() == null ? Double.NaN : r.getFlops())
                .returns(Double.class);
        long start = System.nanoTime();
        List<CompressedCode> codes;
        long snapshots;
        long deadLetters;
        List<Double> reportedFlops;
        java.util.concurrent.ExecutorService drains = java.util.concurrent.Executors.newFixedThreadPool(4);
        try (CloseableIterator<CompressedCode> c = out.codes().collectAsync();
                CloseableIterator<Long> v = versions.collectAsync();
                CloseableIterator<Long> x = dead.collectAsync();
                CloseableIterator<Double> f = flops.collectAsync()) {
            org.apache.flink.core.execution.JobClient job = env.executeAsync("compare " + m + " on " + s.name());
            var codesF = java.util.concurrent.CompletableFuture.supplyAsync(() -> drain(c), drains);
            var versionsF = java.util.concurrent.CompletableFuture.supplyAsync(() -> drain(v), drains);
            var deadF = java.util.concurrent.CompletableFuture.supplyAsync(() -> drain(x), drains);
            var flopsF = java.util.concurrent.CompletableFuture.supplyAsync(() -> drain(f), drains);
            codes = codesF.get();
            snapshots = versionsF.get().size();
            deadLetters = deadF.get().size();
            reportedFlops = flopsF.get();
            job.getJobExecutionResult().get();
        } finally {
            drains.shutdownNow();
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        codes.sort(Comparator.comparingLong(CompressedCode::getSeq));
        int n = codes.size();
        List<CompressedCode> settled = codes.subList(n / 2, n); // the second half: past the first fit
        return new Run(
                s.name(),
                m.name(),
                s.frames().size(),
                n,
                deadLetters,
                snapshots,
                seconds,
                s.frames().size() / seconds,
                // the last report's count: every model key's learning and encoding up to its last version
                reportedFlops.isEmpty() ? Double.NaN : reportedFlops.get(reportedFlops.size() - 1),
                settled.stream().mapToInt(CompressedCode::getLength).average().orElse(Double.NaN),
                settled.stream().mapToDouble(CompareBench::error).average().orElse(Double.NaN),
                settled.stream()
                        .mapToInt(c -> c.getPayload().remaining())
                        .average()
                        .orElse(Double.NaN),
                windowed(codes, c -> c.getLength()),
                windowed(codes, CompareBench::error),
                regimes(s, codes, references));
    }

    /** Settled values per regime beside the regime's reference PCA. */
    static List<Regime> regimes(RecordedStream s, List<CompressedCode> codes, List<PcaReference> references) {
        int n = s.frames().size();
        double[] lengths = new double[n];
        double[] errors = new double[n];
        double[] bytes = new double[n];
        java.util.Arrays.fill(lengths, Double.NaN);
        for (CompressedCode c : codes) {
            int seq = (int) c.getSeq();
            lengths[seq] = c.getLength();
            errors[seq] = error(c);
            bytes[seq] = c.getPayload().remaining();
        }
        return regimes(s, lengths, errors, bytes, references);
    }

    /**
     * Settled values per regime from per-frame values (NaN length: no code for that frame), each
     * beside the regime's reference PCA.
     */
    static List<Regime> regimes(
            RecordedStream s, double[] lengths, double[] errors, double[] bytes, List<PcaReference> references) {
        List<Regime> out = new ArrayList<>();
        for (int g = 0; g < s.regimes().size(); g++) {
            RecordedStream.Regime regime = s.regimes().get(g);
            int mid = regime.from() + (regime.to() - regime.from()) / 2;
            double length = 0;
            double error = 0;
            double payload = 0;
            int count = 0;
            for (int i = mid; i < regime.to(); i++) {
                if (!Double.isNaN(lengths[i])) {
                    length += lengths[i];
                    error += errors[i];
                    payload += bytes[i];
                    count++;
                }
            }
            length /= count;
            error /= count;
            payload /= count;
            PcaReference pca = references.get(g);
            int k = pca.componentsFor(error);
            out.add(new Regime(
                    regime.from(),
                    regime.to(),
                    regime.label(),
                    length,
                    error,
                    payload,
                    k,
                    k == 0 ? Double.NaN : length / k,
                    pca.errorAt(length),
                    2 * k,
                    pca.maeByComponents().length - 1));
        }
        return out;
    }

    /** The reference PCA of each regime of a stream. */
    static List<PcaReference> references(RecordedStream s) {
        return s.regimes().stream()
                .map(g -> PcaReference.of(s.frames(), g.from(), g.to(), s.capacity()))
                .toList();
    }

    private static <T> List<T> drain(CloseableIterator<T> it) {
        List<T> all = new ArrayList<>();
        it.forEachRemaining(all::add);
        return all;
    }

    private static double error(CompressedCode c) {
        return c.getReconstructionError() == null ? Double.NaN : c.getReconstructionError();
    }

    /** Means over consecutive windows of {@link #WINDOW} frames: (frames so far, mean). */
    static List<double[]> windowed(List<CompressedCode> codes, java.util.function.ToDoubleFunction<CompressedCode> f) {
        List<double[]> points = new ArrayList<>();
        for (int from = 0; from < codes.size(); from += WINDOW) {
            int to = Math.min(codes.size(), from + WINDOW);
            double sum = 0;
            for (int i = from; i < to; i++) {
                sum += f.applyAsDouble(codes.get(i));
            }
            points.add(new double[] {to, sum / (to - from)});
        }
        return points;
    }
}
