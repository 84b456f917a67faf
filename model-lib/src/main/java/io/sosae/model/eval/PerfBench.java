package io.sosae.model.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.sosae.model.core.Autoencoder;
import io.sosae.model.core.AutoencoderConfig;
import io.sosae.model.core.Method;
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

    public record Options(int inputDim, int capacity, int batchSize, int rows, int timedSteps, int memoryEpochs, int matmulSize) {
        public static Options defaults() {
            return new Options(784, 400, 256, 8192, 200, 100, 2048);
        }
    }

    /**
     * @param trainFlopsPerStep 10 * B * n * d: two forward matmuls and three backward ones
     * @param trainingToMatmulRatio the target is >= 0.5
     * @param rssMiB resident set size after each memory epoch
     */
    public record Result(
            Options options,
            double matmulGflops,
            double trainSamplesPerSecond,
            double trainGflops,
            double trainFlopsPerStep,
            double trainingToMatmulRatio,
            double encodeSamplesPerSecond,
            List<Double> rssMiB,
            double rssGrowthMiB,
            int threads) {}

    public static Result run(Options o, Device device, Consumer<String> progress) {
        double matmul = matmulGflops(o.matmulSize(), device);
        progress.accept(String.format("matmul %dx%d: %.1f GFLOP/s", o.matmulSize(), o.matmulSize(), matmul));
        AutoencoderConfig cfg = MethodPresets.of(Method.SOSAE, o.inputDim(), o.capacity(), 1);
        float[] data = randomData(o.rows() * o.inputDim(), 3);
        double trainSps;
        double encodeSps;
        try (Autoencoder model = Autoencoder.create(cfg, device); NDManager mgr = model.newInputManager()) {
            NDArray x = mgr.create(java.util.Arrays.copyOf(data, o.batchSize() * o.inputDim()), new Shape(o.batchSize(), o.inputDim()));
            for (int i = 0; i < 20; i++) {
                model.trainStep(x); // warm-up
            }
            long t0 = System.nanoTime();
            for (int i = 0; i < o.timedSteps(); i++) {
                model.trainStep(x);
            }
            trainSps = (double) o.timedSteps() * o.batchSize() / ((System.nanoTime() - t0) / 1e9);
            progress.accept(String.format("training: %.0f samples/s", trainSps));
            for (int i = 0; i < 20; i++) {
                model.encode(x, mgr).close();
            }
            long t1 = System.nanoTime();
            for (int i = 0; i < o.timedSteps(); i++) {
                model.encode(x, mgr).close();
            }
            encodeSps = (double) o.timedSteps() * o.batchSize() / ((System.nanoTime() - t1) / 1e9);
            progress.accept(String.format("encode: %.0f samples/s", encodeSps));
        }
        double flopsPerStep = 10.0 * o.batchSize() * o.inputDim() * o.capacity();
        double trainGflops = trainSps / o.batchSize() * flopsPerStep / 1e9;
        List<Double> rss = new ArrayList<>();
        try (Autoencoder model = Autoencoder.create(cfg, device)) {
            io.sosae.model.train.Trainer.fit(model, data, o.rows(), TrainingOptions.of(o.memoryEpochs(), o.batchSize()), s -> {
                rss.add(residentMiB());
                if (s.epoch() % 10 == 0) {
                    progress.accept(String.format("memory epoch %d/%d: RSS %.0f MiB", s.epoch(), s.epochs(), rss.get(rss.size() - 1)));
                }
            });
        }
        // growth between the end of the first tenth (allocators warmed up) and the last epoch
        double growth = rss.isEmpty() ? 0 : rss.get(rss.size() - 1) - rss.get(Math.min(rss.size() - 1, Math.max(0, rss.size() / 10)));
        return new Result(o, matmul, trainSps, trainGflops, flopsPerStep, trainGflops / matmul, encodeSps, rss, growth,
                Integer.getInteger("ai.djl.pytorch.num_threads", Runtime.getRuntime().availableProcessors()));
    }

    static double matmulGflops(int size, Device device) {
        JniUtils.setGradMode(false);
        try (NDManager m = NDManager.newBaseManager(device)) {
            NDArray a = m.create(randomData(size * size, 1), new Shape(size, size));
            NDArray b = m.create(randomData(size * size, 2), new Shape(size, size));
            for (int i = 0; i < 2; i++) {
                a.matMul(b).close();
            }
            int reps = 10;
            long t = System.nanoTime();
            for (int i = 0; i < reps; i++) {
                a.matMul(b).close();
            }
            double sec = (System.nanoTime() - t) / 1e9;
            return reps * 2.0 * size * size * size / sec / 1e9;
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
