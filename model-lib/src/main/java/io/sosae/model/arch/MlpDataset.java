package io.sosae.model.arch;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.SplittableRandom;

/**
 * Input MLPs with their outputs on the paper's 1,000-point grid: what the multi-scale
 * autoencoder is trained and evaluated on.
 *
 * @param outputs per MLP, its outputs on {@link MlpGenerator#paperGrid()} (single precision)
 */
public record MlpDataset(List<Mlp> mlps, List<MlpMatrix> matrices, List<float[]> outputs) {

    public MlpDataset {
        mlps = List.copyOf(mlps);
        matrices = List.copyOf(matrices);
        outputs = List.copyOf(outputs);
    }

    /** {@code count} random MLPs of the family (random depth), from {@code seed}. */
    public static MlpDataset random(MlpFamily family, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Mlp> mlps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            mlps.add(MlpGenerator.random(family, random));
        }
        return of(mlps);
    }

    /** {@code count} random MLPs with exactly {@code hiddenLayers} hidden layers. */
    public static MlpDataset random(MlpFamily family, int hiddenLayers, int count, long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        List<Mlp> mlps = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            mlps.add(MlpGenerator.random(family, hiddenLayers, random));
        }
        return of(mlps);
    }

    /** The dataset of given MLPs, sorted by depth (the encoders' multiplexer wants runs of one depth). */
    public static MlpDataset of(List<Mlp> given) {
        List<Mlp> mlps = new ArrayList<>(given);
        mlps.sort(Comparator.comparingInt(Mlp::hiddenLayers));
        float[] grid = MlpGenerator.paperGrid();
        int points = grid.length / MlpGenerator.INPUTS;
        List<MlpMatrix> matrices = new ArrayList<>();
        List<float[]> outputs = new ArrayList<>();
        for (Mlp m : mlps) {
            matrices.add(MlpMatrix.encode(m, MlpGenerator.MAX_WIDTH));
            double[] y = m.forward(grid, points);
            float[] f = new float[points];
            for (int i = 0; i < points; i++) {
                f[i] = (float) y[i];
            }
            outputs.add(f);
        }
        return new MlpDataset(mlps, matrices, outputs);
    }

    public int size() {
        return mlps.size();
    }
}
