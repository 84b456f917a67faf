package io.sosae.model.eval;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LinearProbeTest {
    @Test
    void learnsLinearlySeparableClassesAndLosesThemWhenTheInformativeUnitsAreTruncated() {
        int rows = 600;
        int dim = 6;
        SplittableRandom r = new SplittableRandom(1);
        float[] x = new float[rows * dim];
        int[] y = new int[rows];
        for (int i = 0; i < rows; i++) {
            y[i] = i % 3;
            for (int j = 0; j < dim; j++) {
                x[i * dim + j] = (float) (0.3 * r.nextGaussian());
            }
            // class information only in units 0 and 1: truncating to length 0 must destroy it
            x[i * dim] += y[i] == 1 ? 2f : 0f;
            x[i * dim + 1] += y[i] == 2 ? 2f : 0f;
        }
        try (LinearProbe p = LinearProbe.train(x, rows, dim, y, 3, new LinearProbe.Options(40, 64, 1e-2, 3), Device.cpu())) {
            assertThat(p.accuracy(x, rows, y)).isGreaterThan(0.97);
            assertThat(p.accuracy(x, rows, y, 2)).isGreaterThan(0.97);
            assertThat(p.accuracy(x, rows, y, 0)).isLessThan(0.5);
        }
    }

    @Test
    void truncationCurveLengthsCoverTheCodeAndTheCompressedLength() {
        assertThat(Evaluator.curveLengths(400, 61)).contains(1, 5, 10, 61, 400).isSorted();
        assertThat(Evaluator.curveLengths(8, 3)).contains(1, 3, 5, 8).allMatch(l -> l <= 8);
    }

    @Test
    void summaryChecksReflectTheResults() {
        var sosae = result("SOSAE", 1, 59, 0.91, 0.91);
        var ae = result("AE", 1, 400, 0.90, 0.38);
        var l1 = result("L1", 1, 400, 0.93, 0.27);
        var checks = (java.util.Map<?, ?>) PaperBench.summarize("mnist", java.util.List.of(sosae, ae, l1)).get("checks");
        assertThat(checks.get("sosaeLengthAtMost100")).isEqualTo(true);
        assertThat(checks.get("sosaeAtLengthWithin0.5ptOfAE")).isEqualTo(true);
        assertThat(checks.get("l1LosesAtLeast5ptAtSosaeLength")).isEqualTo(true);
        var worse = result("SOSAE", 1, 120, 0.91, 0.80);
        var failing = (java.util.Map<?, ?>) PaperBench.summarize("mnist", java.util.List.of(worse, ae)).get("checks");
        assertThat(failing.get("sosaeLengthAtMost100")).isEqualTo(false);
        assertThat(failing.get("sosaeTruncationCostAtMost0.3pt")).isEqualTo(false);
    }

    @Test
    void failedChecksNameEveryCheckThatDidNotPass() {
        var sosae = result("SOSAE", 1, 59, 0.91, 0.91);
        var ae = result("AE", 1, 400, 0.90, 0.38);
        assertThat(PaperBench.failedChecks(PaperBench.summarize("mnist", java.util.List.of(sosae, ae)))).isEmpty();
        var worse = result("SOSAE", 1, 120, 0.91, 0.80);
        assertThat(PaperBench.failedChecks(PaperBench.summarize("mnist", java.util.List.of(worse, ae))))
                .containsExactly("sosaeLengthAtMost100", "sosaeTruncationCostAtMost0.3pt", "sosaeAtLengthWithin0.5ptOfAE");
        // no SOSAE run: no checks were made, so none failed
        assertThat(PaperBench.failedChecks(PaperBench.summarize("mnist", java.util.List.of(ae)))).isEmpty();
        // a check whose value is missing or not a boolean counts as failed
        java.util.Map<String, Object> odd = new java.util.LinkedHashMap<>();
        odd.put("checks", new java.util.LinkedHashMap<>(java.util.Map.of("x", "yes")));
        assertThat(PaperBench.failedChecks(odd)).containsExactly("x");
    }

    private static MethodResult result(String m, long seed, int len, double acc, double accAt) {
        return new MethodResult(m, m, 400, seed, len, len, acc, accAt, 25, 0, 0.05, 0.05, 1, java.util.List.of(), java.util.Map.of());
    }
}
