package io.sosae.tools.bench;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.sosae.model.core.Autoencoder;
import io.sosae.model.core.AutoencoderConfig;
import io.sosae.model.core.Method;
import io.sosae.model.eval.MethodPresets;
import io.sosae.model.train.TrainingOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;

/**
 * Engine performance of the model, measured as ratios within one run (the machine is shared and
 * noisy): training throughput of n -> d -> n at a batch size, as GFLOP/s, beside the same
 * engine's large square matmul GFLOP/s; encode throughput; resident memory across many epochs.
 */
public final class PerfBench {
    private PerfBench() {}

    /** @param rounds matmul and training are timed alternately this many times (noise shows as spread) */
    public record Options(
            int inputDim,
            int capacity,
            int batchSize,
            int rows,
            int timedSteps,
            int memoryEpochs,
            int matmulSize,
            int rounds) {
        public static Options defaults() {
            return new Options(784, 400, 256, 8192, 200, 100, 2048, 5);
        }

        public Options withMemoryEpochs(int epochs) {
            return new Options(inputDim, capacity, batchSize, rows, timedSteps, epochs, matmulSize, rounds);
        }
    }

    /** One alternation: the matmul rate and the training rate measured back to back. */
    public record Round(double matmulGflops, double trainSamplesPerSecond, double trainGflops, double ratio) {}

    /**
     * Medians over the rounds, the rounds themselves, and the host (the ratio depends on it: a
     * core with two 512-bit FMA units doubles the matmul rate but not the memory-bound rest).
     *
     * @param trainFlopsPerStep 10 * B * n * d: two forward matmuls and three backward ones
     * @param trainingToMatmulRatio median over rounds of training GFLOP/s / matmul GFLOP/s; the target is >= 0.5
     * @param rssMiB resident set size after each memory epoch
     * @param rssGrowthMiB last epoch minus the end of the first tenth (allocator steps show up here)
     * @param rssSlopeMiBPerEpoch least-squares slope over the last 80 % of the epochs: a leak shows
     *     as a steady positive slope, allocator steps barely move it
     */
    public record Result(
            Options options,
            String cpu,
            List<Round> rounds,
            double matmulGflops,
            double trainSamplesPerSecond,
            double trainGflops,
            double trainFlopsPerStep,
            double trainingToMatmulRatio,
            double encodeSamplesPerSecond,
            List<Double> rssMiB,
            double rssGrowthMiB,
            double rssSlopeMiBPerEpoch,
            int threads) {}

    public static Result run(Options o, Device device, Consumer<String> progress) {
        AutoencoderConfig cfg = MethodPresets.of(Method.SOSAE, o.inputDim(), o.capacity(), 1);
        float[] data = randomData(o.rows() * o.inputDim(), 3);
        double flopsPerStep = 10.0 * o.batchSize() * o.inputDim() * o.capacity();
        List<Round> rounds = new ArrayList<>();
        double encodeSps;
        try (Matmul matmulBench = new Matmul(o.matmulSize(), device);
                Autoencoder model = Autoencoder.create(cfg, device);
                NDManager mgr = model.newInputManager()) {
            NDArray x = mgr.create(
                    java.util.Arrays.copyOf(data, o.batchSize() * o.inputDim()),
                    new Shape(o.batchSize(), o.inputDim()));
            // warm-up: JIT and libtorch's allocator take a few hundred steps to settle
            for (int i = 0; i < o.timedSteps(); i++) {
                model.trainStep(x);
            }
            for (int r = 0; r < o.rounds(); r++) {
                double matmul = matmulBench.gflops();
                long t0 = System.nanoTime();
                for (int i = 0; i < o.timedSteps(); i++) {
                    model.trainStep(x);
                }
                double sps = (double) o.timedSteps() * o.batchSize() / ((System.nanoTime() - t0) / 1e9);
                double gflops = sps / o.batchSize() * flopsPerStep / 1e9;
                rounds.add(new Round(matmul, sps, gflops, gflops / matmul));
                progress.accept(String.format(
                        "round %d/%d: matmul %dx%d %.1f GFLOP/s, training %.0f samples/s = %.1f GFLOP/s, ratio %.2f",
                        r + 1, o.rounds(), o.matmulSize(), o.matmulSize(), matmul, sps, gflops, gflops / matmul));
            }
            for (int i = 0; i < 20; i++) {
                model.encode(x, mgr).close();
            }
            long t1 = System.nanoTime();
            NDArray last = model.encode(x, mgr);
            for (int i = 1; i < o.timedSteps(); i++) {
                last.close();
                last = model.encode(x, mgr);
            }
            waitFor(last);
            encodeSps = (double) o.timedSteps() * o.batchSize() / ((System.nanoTime() - t1) / 1e9);
            progress.accept(String.format("encode: %.0f samples/s", encodeSps));
        }
        List<Double> rss = new ArrayList<>();
        if (o.memoryEpochs() > 0) {
            try (Autoencoder model = Autoencoder.create(cfg, device)) {
                io.sosae.model.train.Trainer.fit(
                        model, data, o.rows(), TrainingOptions.of(o.memoryEpochs(), o.batchSize()), s -> {
                            rss.add(residentMiB());
                            if (s.epoch() % 10 == 0) {
                                progress.accept(String.format(
                                        "memory epoch %d/%d: RSS %.0f MiB",
                                        s.epoch(), s.epochs(), rss.get(rss.size() - 1)));
                            }
                        });
            }
        }
        // growth between the end of the first tenth (allocators warmed up) and the last epoch
        double growth = rss.isEmpty()
                ? 0
                : rss.get(rss.size() - 1) - rss.get(Math.min(rss.size() - 1, Math.max(0, rss.size() / 10)));
        double slope = slope(rss.subList(rss.size() / 5, rss.size()));
        double trainSps = median(rounds, Round::trainSamplesPerSecond);
        return new Result(
                o,
                cpuDescription(),
                rounds,
                median(rounds, Round::matmulGflops),
                trainSps,
                trainSps / o.batchSize() * flopsPerStep / 1e9,
                flopsPerStep,
                median(rounds, Round::ratio),
                encodeSps,
                rss,
                growth,
                slope,
                Integer.getInteger(
                        "ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors()));
    }

    private static double slope(List<Double> ys) {
        int n = ys.size();
        if (n < 2) {
            return 0;
        }
        double mx = (n - 1) / 2.0;
        double my = ys.stream().mapToDouble(Double::doubleValue).average().orElse(0);
        double num = 0;
        double den = 0;
        for (int i = 0; i < n; i++) {
            num += (i - mx) * (ys.get(i) - my);
            den += (i - mx) * (i - mx);
        }
        return num / den;
    }

    private static double median(List<Round> rounds, java.util.function.ToDoubleFunction<Round> value) {
        return io.sosae.model.report.Percentiles.median(
                rounds.stream().mapToDouble(value).toArray());
    }

    /** CPU model and its vector extensions from /proc/cpuinfo (Linux), else the OS arch. */
    static String cpuDescription() {
        try {
            String model = null;
            String flags = "";
            for (String line : Files.readAllLines(Path.of("/proc/cpuinfo"))) {
                if (model == null && line.startsWith("model name")) {
                    model = line.substring(line.indexOf(':') + 1).trim();
                } else if (flags.isEmpty() && line.startsWith("flags")) {
                    flags = line;
                }
            }
            String vector = flags.contains(" avx512f") ? "AVX-512" : flags.contains(" avx2") ? "AVX2" : "no AVX2";
            return (model == null ? System.getProperty("os.arch") : model) + ", " + vector + ", "
                    + Runtime.getRuntime().availableProcessors() + " CPUs";
        } catch (IOException e) {
            return System.getProperty("os.arch") + ", " + Runtime.getRuntime().availableProcessors() + " CPUs";
        }
    }

    /** Two square operands made once per run; each call times 20 products of them. */
    private static final class Matmul implements AutoCloseable {
        private final NDManager manager;
        private final NDArray a;
        private final NDArray b;
        private final int size;

        Matmul(int size, Device device) {
            this.size = size;
            this.manager = NDManager.newBaseManager(device);
            JniUtils.setGradMode(false); // after the manager: that loads the engine's native library
            this.a = manager.create(randomData(size * size, 1), new Shape(size, size));
            this.b = manager.create(randomData(size * size, 2), new Shape(size, size));
            for (int i = 0; i < 2; i++) {
                a.matMul(b).close();
            }
        }

        double gflops() {
            int reps = 20;
            long t = System.nanoTime();
            NDArray last = a.matMul(b);
            for (int i = 1; i < reps; i++) {
                last.close();
                last = a.matMul(b);
            }
            waitFor(last);
            double sec = (System.nanoTime() - t) / 1e9;
            return reps * 2.0 * size * size * size / sec / 1e9;
        }

        @Override
        public void close() {
            manager.close();
        }
    }

    /**
     * Blocks until the device has computed {@code result}, then closes it: a CUDA kernel returns
     * at launch, so a timer stopped without this measures launches, not work. Reading one element
     * back waits for the stream; on the CPU it is a no-op in cost.
     */
    private static void waitFor(NDArray result) {
        try (result;
                NDArray first = result.get(0)) {
            first.toFloatArray();
        }
    }

    private static float[] randomData(int size, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) r.nextDouble();
        }
        return a;
    }

    /** VmRSS of this process from /proc (Linux); NaN elsewhere. */
    static double residentMiB() {
        try {
            for (String line : Files.readAllLines(Path.of("/proc/self/status"))) {
                if (line.startsWith("VmRSS:")) {
                    return Long.parseLong(line.replaceAll("[^0-9]", "")) / 1024.0;
                }
            }
        } catch (IOException e) {
            return Double.NaN;
        }
        return Double.NaN;
    }
}
