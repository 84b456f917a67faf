package io.sosae.model.arch;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class MlpMatrixTest {

    @Test
    void roundTripPreservesTheFunctionExactly() {
        SplittableRandom random = new SplittableRandom(3);
        float[] grid = MlpGenerator.paperGrid();
        for (MlpFamily family : MlpFamily.values()) {
            for (int i = 0; i < 40; i++) {
                Mlp mlp = MlpGenerator.random(family, random);
                MlpMatrix matrix = MlpMatrix.encode(mlp, 7);
                assertThat(matrix.rows()).isEqualTo(3 + 7 * mlp.hiddenLayers());
                assertThat(matrix.columns()).isEqualTo(7 + mlp.hiddenLayers());
                Mlp back = matrix.decode();
                assertThat(back).isEqualTo(mlp);
                assertThat(back.forward(grid, 1000)).containsExactly(mlp.forward(grid, 1000));
                assertThat(MlpMatrix.encode(back, 7)).isEqualTo(matrix);
            }
        }
    }

    @Test
    void maskColumnsSayWhichNeuronsAreActiveAndInactiveNeuronsAreDropped() {
        Mlp mlp = MlpGenerator.random(MlpFamily.SIGMOID, 2, new SplittableRandom(5));
        int[] widths = mlp.widths();
        float[] v = MlpMatrix.encode(mlp, 7).values();
        int cols = 9;
        for (int j = 0; j < 7; j++) {
            assertThat(v[(3 + j) * cols + 7]).isEqualTo(j < widths[0] ? 1f : 0f);
            assertThat(v[(10 + j) * cols + 8]).isEqualTo(j < widths[1] ? 1f : 0f);
        }
        // Switch neuron 0 of layer 1 off: its outgoing and incoming weights no longer count.
        v[3 * cols + 7] = 0.2f;
        Mlp pruned = new MlpMatrix(MlpFamily.SIGMOID, 3, 1, 7, 2, v).decode();
        assertThat(pruned.widths()[0]).isEqualTo(widths[0] - 1);
        assertThat(pruned.widths()[1]).isEqualTo(widths[1]);
    }

    @Test
    void generatorFollowsTheAppendix() {
        SplittableRandom random = new SplittableRandom(11);
        float[] grid = MlpGenerator.paperGrid();
        assertThat(grid).hasSize(3000);
        assertThat(grid[0]).isEqualTo(-1f);
        assertThat(grid[2999]).isEqualTo(1f);
        int[] depths = new int[5];
        for (int i = 0; i < 400; i++) {
            Mlp m = MlpGenerator.random(MlpFamily.SIGMOID, random);
            depths[m.hiddenLayers()]++;
            for (int w : m.widths()) {
                assertThat(w).isBetween(3, 7);
            }
            double kept = (double) m.nonZeroCount() / MlpGenerator.links(m.widths());
            assertThat(kept).isBetween(0.05, 0.55);
            for (int l = 0; l <= m.hiddenLayers(); l++) {
                for (float w : m.layer(l)) {
                    assertThat(Math.abs(w)).isLessThanOrEqualTo(10f);
                }
            }
            assertThat(connected(m)).as("every input reaches the output: %s", m).isTrue();
        }
        assertThat(depths[1]).isPositive();
        assertThat(depths[4]).isPositive();
        // The paper's search targets: 5 neurons per layer, 14, 35 and 48 non-zero weights.
        assertThat(MlpGenerator.withLinks(MlpFamily.SIGMOID, new int[] {5, 5}, 14, random)
                        .nonZeroCount())
                .isEqualTo(14);
        assertThat(MlpGenerator.withLinks(MlpFamily.SIGMOID, new int[] {5, 5, 5, 5}, 48, random)
                        .nonZeroCount())
                .isEqualTo(48);
        for (float w : MlpGenerator.random(MlpFamily.LEAKY_RELU, 3, random).layer(0)) {
            assertThat(Math.abs(w)).isLessThanOrEqualTo(3f);
        }
        assertThatThrownBy(() -> MlpMatrix.encode(MlpGenerator.random(MlpFamily.LINEAR, 1, random), 2))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("wider than 2");
    }

    /** Every input has a path of non-zero weights to the output. */
    private static boolean connected(Mlp m) {
        for (int input = 0; input < 3; input++) {
            boolean[] reach = new boolean[3];
            reach[input] = true;
            for (int l = 0; l <= m.hiddenLayers(); l++) {
                int fanIn = reach.length;
                int fanOut = l == m.hiddenLayers() ? 1 : m.widths()[l];
                boolean[] next = new boolean[fanOut];
                float[] w = m.layer(l);
                for (int i = 0; i < fanIn; i++) {
                    for (int j = 0; j < fanOut; j++) {
                        next[j] |= reach[i] && w[i * fanOut + j] != 0;
                    }
                }
                reach = next;
            }
            if (!reach[0]) {
                return false;
            }
        }
        return true;
    }

    @Test
    void mpeIsTheMedianPercentageError() {
        assertThat(Mpe.of(new double[] {1, 2, 4, 0}, new double[] {1.1, 2, 2, 5}))
                .isCloseTo(10, within());
        assertThat(Mpe.median(new double[] {3, 1, 2, 10})).isEqualTo(2.5);
    }

    private static org.assertj.core.data.Offset<Double> within() {
        return org.assertj.core.data.Offset.offset(1e-9);
    }
}
