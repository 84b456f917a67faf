package io.sosae.model.train;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sosae.model.core.Autoencoder;
import io.sosae.model.core.StepStats;
import io.sosae.model.length.ActiveLength;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Trains an {@link Autoencoder} on an in-memory data set (row-major float32, one frame a row).
 * The data set is copied to the model's device once; each epoch gathers one shuffled copy and
 * steps through contiguous batches of it, so no per-batch host buffers are made.
 */
public final class Trainer {
    private Trainer() {}

    public static List<EpochStats> fit(
            Autoencoder model, float[] data, int rows, TrainingOptions options, TrainingListener listener) {
        int n = model.inputDim();
        if (data.length != (long) rows * n) {
            throw new IllegalArgumentException("data holds " + data.length + " values, expected " + rows + " x " + n);
        }
        List<EpochStats> history = new ArrayList<>();
        SplittableRandom rnd = new SplittableRandom(options.shuffleSeed());
        try (NDManager mgr = model.newInputManager()) {
            NDArray all = mgr.create(data, new Shape(rows, n));
            for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                long start = System.nanoTime();
                double loss = 0;
                double recon = 0;
                double penalty = 0;
                int batches = 0;
                try (NDManager epochMgr = mgr.newSubManager()) {
                    NDArray perm = epochMgr.create(io.sosae.model.train.Shuffle.permutation(rows, rnd));
                    NDArray shuffled = all.get(perm);
                    shuffled.attach(epochMgr);
                    for (int s = 0;
                            s + options.batchSize() <= rows || (s < rows && batches == 0);
                            s += options.batchSize()) {
                        int e = Math.min(rows, s + options.batchSize());
                        try (NDManager batchMgr = epochMgr.newSubManager()) {
                            NDArray x = shuffled.get(s + ":" + e);
                            x.attach(batchMgr);
                            StepStats st = model.trainStep(x);
                            loss += st.loss();
                            recon += st.reconstruction();
                            penalty += st.penalty();
                            batches++;
                        }
                    }
                }
                double seconds = (System.nanoTime() - start) / 1e9;
                boolean compact = options.compactEvery() > 0 && epoch % options.compactEvery() == 0;
                double[] energies = energies(model, data, rows, options.lengthWindow());
                if (compact) {
                    model.permuteUnits(ActiveLength.compactionOrder(energies));
                    energies = energies(model, data, rows, options.lengthWindow());
                }
                EpochStats stats = new EpochStats(
                        epoch,
                        options.epochs(),
                        loss / batches,
                        recon / batches,
                        penalty / batches,
                        ActiveLength.fromEnergies(energies, options.tolerance()),
                        ActiveLength.activeUnits(energies, options.tolerance()),
                        seconds,
                        (double) batches * options.batchSize() / seconds);
                history.add(stats);
                listener.onEpoch(stats);
            }
        }
        return history;
    }

    /** Per-unit energies of the codes of the first {@code window} rows. */
    public static double[] energies(Autoencoder model, float[] data, int rows, int window) {
        int w = Math.min(rows, window);
        float[] head = java.util.Arrays.copyOf(data, w * model.inputDim());
        float[] codes = model.encode(head, w);
        return ActiveLength.energies(codes, w, model.capacity(), model.decoderNorms());
    }
}
