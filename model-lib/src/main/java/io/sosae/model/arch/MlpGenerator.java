package io.sosae.model.arch;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The random MLP generator of the appendix of "Simultaneous Weight and Architecture Optimization
 * for Neural Networks": 3 inputs, 1 output, 1-4 hidden layers of 3-7 neurons (uniform), 50, 70, 80
 * or 90 % of the links removed (uniform over those four) while one randomly chosen path from each
 * input to the output is fixed first, so every input stays connected; the kept links get weights
 * uniform in [-10, 10] (sigmoid family) or [-3, 3] (leaky ReLU and linear families).
 *
 * <p>The number of kept links is {@code round(links * (1 - removed))}, but never fewer than the
 * fixed paths need. No biases (see {@link Mlp}). Deterministic for a given random source.
 */
public final class MlpGenerator {
    public static final int INPUTS = 3;
    public static final int OUTPUTS = 1;
    public static final int MIN_WIDTH = 3;
    public static final int MAX_WIDTH = 7;
    public static final int MAX_HIDDEN_LAYERS = 4;
    private static final double[] REMOVED = {0.5, 0.7, 0.8, 0.9};

    private MlpGenerator() {}

    /** A random MLP of the family: random depth, widths and sparsity level. */
    public static Mlp random(MlpFamily family, SplittableRandom random) {
        return random(family, 1 + random.nextInt(MAX_HIDDEN_LAYERS), random);
    }

    /** A random MLP with {@code hiddenLayers} hidden layers. */
    public static Mlp random(MlpFamily family, int hiddenLayers, SplittableRandom random) {
        int[] widths = new int[hiddenLayers];
        for (int l = 0; l < hiddenLayers; l++) {
            widths[l] = MIN_WIDTH + random.nextInt(MAX_WIDTH - MIN_WIDTH + 1);
        }
        double removed = REMOVED[random.nextInt(REMOVED.length)];
        int links = links(widths);
        return withLinks(family, widths, (int) Math.round(links * (1 - removed)), random);
    }

    /** All possible links of a 3 -> widths -> 1 MLP. */
    public static int links(int[] widths) {
        int total = 0;
        for (int l = 0; l <= widths.length; l++) {
            total += Mlp.fanIn(l, INPUTS, widths) * Mlp.fanOut(l, widths, OUTPUTS);
        }
        return total;
    }

    /**
     * An MLP with the given widths and (at least) {@code keep} links: the fixed input-to-output
     * paths first, then links drawn uniformly from the rest.
     */
    public static Mlp withLinks(MlpFamily family, int[] widths, int keep, SplittableRandom random) {
        int k = widths.length;
        List<boolean[]> kept = new ArrayList<>();
        for (int l = 0; l <= k; l++) {
            kept.add(new boolean[Mlp.fanIn(l, INPUTS, widths) * Mlp.fanOut(l, widths, OUTPUTS)]);
        }
        int count = 0;
        for (int input = 0; input < INPUTS; input++) {
            int from = input;
            for (int l = 0; l <= k; l++) {
                int fanOut = Mlp.fanOut(l, widths, OUTPUTS);
                int to = l == k ? 0 : random.nextInt(fanOut);
                boolean[] layer = kept.get(l);
                if (!layer[from * fanOut + to]) {
                    layer[from * fanOut + to] = true;
                    count++;
                }
                from = to;
            }
        }
        int total = links(widths);
        int target = Math.min(total, Math.max(keep, count));
        // Draw the remaining links uniformly among the free ones (selection sampling over all links).
        int free = total - count;
        int need = target - count;
        for (int l = 0; l <= k; l++) {
            boolean[] layer = kept.get(l);
            for (int e = 0; e < layer.length && need > 0; e++) {
                if (layer[e]) {
                    continue;
                }
                if (random.nextInt(free) < need) {
                    layer[e] = true;
                    need--;
                }
                free--;
            }
        }
        double range = family.weightRange();
        List<float[]> weights = new ArrayList<>();
        for (boolean[] layer : kept) {
            float[] w = new float[layer.length];
            for (int e = 0; e < layer.length; e++) {
                if (layer[e]) {
                    float v;
                    do {
                        v = (float) random.nextDouble(-range, range);
                    } while (v == 0);
                    w[e] = v;
                }
            }
            weights.add(w);
        }
        return new Mlp(family, INPUTS, widths, OUTPUTS, weights);
    }

    /**
     * The paper's inputs: the 10 x 10 x 10 grid of [-1, 1]^3 (10 evenly spaced values per
     * dimension, ends included), 1,000 rows of 3, row-major.
     */
    public static float[] grid(int perDimension) {
        float[] g = new float[perDimension * perDimension * perDimension * INPUTS];
        int r = 0;
        for (int a = 0; a < perDimension; a++) {
            for (int b = 0; b < perDimension; b++) {
                for (int c = 0; c < perDimension; c++) {
                    g[r++] = value(a, perDimension);
                    g[r++] = value(b, perDimension);
                    g[r++] = value(c, perDimension);
                }
            }
        }
        return g;
    }

    private static float value(int i, int count) {
        return count == 1 ? 0 : (float) (-1 + 2.0 * i / (count - 1));
    }

    /** {@link #grid(int)} with the paper's 10 values per dimension. */
    public static float[] paperGrid() {
        return grid(10);
    }
}
