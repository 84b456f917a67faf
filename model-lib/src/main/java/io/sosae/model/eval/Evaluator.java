package io.sosae.model.eval;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sosae.model.core.Autoencoder;
import io.sosae.model.core.AutoencoderConfig;
import io.sosae.model.data.Dataset;
import io.sosae.model.data.DatasetSplit;
import io.sosae.model.length.ActiveLength;
import io.sosae.model.train.EpochStats;
import io.sosae.model.train.Trainer;
import io.sosae.model.train.TrainingListener;
import io.sosae.model.train.TrainingOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Trains one configuration and measures it the paper's way on a fixed train/test split. */
public final class Evaluator {
    private final Device device;
    private final LinearProbe.Options probeOptions;
    private final int classes;

    public Evaluator(Device device, LinearProbe.Options probeOptions, int classes) {
        this.device = device;
        this.probeOptions = probeOptions;
        this.classes = classes;
    }

    /**
     * @param referenceLength the length at which {@code accuracyAtCompressedLength} is measured for
     *     methods that do not truncate by themselves (SOSAE's L on the same seed); ignored for SOSAE
     */
    public MethodResult evaluate(
            String name,
            AutoencoderConfig config,
            TrainingOptions options,
            DatasetSplit split,
            int referenceLength,
            TrainingListener listener) {
        return evaluate(name, config, null, options, split, referenceLength, listener);
    }

    /**
     * The same, training from {@code initial} (for example {@link io.sosae.model.stream.ClosedForm}'s
     * model of the training split) instead of the configuration's random initialisation; null =
     * random.
     */
    public MethodResult evaluate(
            String name,
            AutoencoderConfig config,
            io.sosae.model.core.ModelState initial,
            TrainingOptions options,
            DatasetSplit split,
            int referenceLength,
            TrainingListener listener) {
        Dataset train = split.train();
        Dataset test = split.test();
        float[] trainX = train.values(); // values() and labels() copy: take them once
        float[] testX = test.values();
        int[] trainY = train.labels();
        int[] testY = test.labels();
        long start = System.nanoTime();
        try (Autoencoder model =
                initial == null ? Autoencoder.create(config, device) : Autoencoder.restore(initial, device)) {
            List<EpochStats> history = Trainer.fit(model, trainX, train.size(), options, listener);
            double trainSeconds = (System.nanoTime() - start) / 1e9;
            int d = config.capacity();
            float[] trainCodes = model.encode(trainX, train.size());
            float[] testCodes = model.encode(testX, test.size());
            double[] energies = ActiveLength.energies(trainCodes, train.size(), d, model.decoderNorms());
            int length = ActiveLength.fromEnergies(energies, options.tolerance());
            int units = ActiveLength.activeUnits(energies, options.tolerance());
            boolean truncates = config.method().truncates();
            int compressed = truncates ? Math.max(1, length) : d;
            int atLength = truncates ? compressed : Math.max(1, Math.min(d, referenceLength));
            List<double[]> curve = new ArrayList<>();
            double accuracy;
            double accuracyAt;
            try (LinearProbe probe =
                    LinearProbe.train(trainCodes, train.size(), d, trainY, classes, probeOptions, device)) {
                accuracy = probe.accuracy(testCodes, test.size(), testY);
                accuracyAt = probe.accuracy(testCodes, test.size(), testY, atLength);
                for (int l : curveLengths(d, compressed)) {
                    curve.add(new double[] {l, probe.accuracy(testCodes, test.size(), testY, l)});
                }
            }
            double flops = truncates ? 100.0 * compressed / d : 100.0 * nonZeroShare(testCodes);
            long memory = (long) (train.size() + test.size()) * compressed * Float.BYTES;
            double err = reconstructionError(model, testX, test.size(), test.dim(), d);
            double errTruncated = reconstructionError(model, testX, test.size(), test.dim(), atLength);
            Map<String, Object> hp = new LinkedHashMap<>();
            hp.put("activation", config.encoderActivation().name());
            hp.put("loss", config.reconstructionLoss().name());
            hp.put("regularizers", config.regularizers().toString());
            hp.put("kSparse", config.kSparse());
            hp.put("maskingNoise", config.maskingNoise());
            hp.put("gaussianNoise", config.gaussianNoise());
            hp.put("learningRate", config.learningRate());
            hp.put("unitNormDecoder", config.unitNormDecoder());
            hp.put("start", initial == null ? "random" : "given state (closed form)");
            hp.put("epochs", options.epochs());
            hp.put("batchSize", options.batchSize());
            hp.put("compactEvery", options.compactEvery());
            hp.put("lengthTolerance", options.tolerance());
            hp.put(
                    "finalTrainLoss",
                    history.isEmpty()
                            ? Double.NaN
                            : history.get(history.size() - 1).loss());
            return new MethodResult(
                    name,
                    config.method().name(),
                    d,
                    config.seed(),
                    compressed,
                    units,
                    accuracy,
                    accuracyAt,
                    flops,
                    memory,
                    err,
                    errTruncated,
                    trainSeconds,
                    curve,
                    hp);
        }
    }

    /** Lengths for the truncation curve: 1, 5, 10, 20, ... up to d, plus the compressed length. */
    static List<Integer> curveLengths(int d, int compressed) {
        java.util.TreeSet<Integer> ls = new java.util.TreeSet<>();
        ls.add(1);
        ls.add(5);
        int step = Math.max(1, d / 40);
        for (int l = step; l <= d; l += step) {
            ls.add(l);
        }
        ls.add(d);
        ls.add(compressed);
        ls.removeIf(l -> l > d);
        return new ArrayList<>(ls);
    }

    private static double reconstructionError(Autoencoder model, float[] x0, int rows, int dim, int length) {
        try (NDManager tmp = model.newInputManager()) {
            NDArray x = model.upload(x0, rows, tmp);
            NDArray y = model.reconstruct(x, length, tmp);
            return x.sub(y).abs().mean().getFloat();
        }
    }

    private static double nonZeroShare(float[] codes) {
        long nz = 0;
        for (float v : codes) {
            if (v != 0f) {
                nz++;
            }
        }
        return codes.length == 0 ? 0 : (double) nz / codes.length;
    }
}
