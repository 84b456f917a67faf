package io.sosae.tools.bench;

import io.sosae.jobs.config.CompressionConfig;
import io.sosae.jobs.job.CompressionJob;
import io.sosae.jobs.job.CompressionStreams;
import io.sosae.model.core.Method;
import io.sosae.model.eval.MethodPresets;
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
            List<double[]> errorOverTime) {}

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
            described.add(d);
            for (Method m : methods) {
                progress.accept(String.format(
                        "%s on %s (%d frames) ...", m, s.name(), s.frames().size()));
                Run r = runOne(s, m, work);
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
                .maxWait(Duration.ofMillis(200))
                .targetError(s.targetError());
        if (s.targetError() == 0) { // images: the paper's calibration, as the demo's image pipeline
            b.pushLambda(MethodPresets.PUSH_LAMBDA)
                    .pushAlpha(MethodPresets.PUSH_ALPHA)
                    .learningRate(1e-3);
        }
        return b.build();
    }

    static Run runOne(RecordedStream s, Method m, Path work) throws Exception {
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
                windowed(codes, CompareBench::error));
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
