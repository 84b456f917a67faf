package io.sosae.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.model.eval.MethodResult;
import org.junit.jupiter.api.Test;

/** The paper benchmark's checks, decided from results (the exit code of {@code bench paper} follows them). */
class PaperBenchTest {
    @Test
    void summaryChecksReflectTheResults() {
        var sosae = result("SOSAE", 1, 59, 0.91, 0.91);
        var ae = result("AE", 1, 400, 0.90, 0.38);
        var l1 = result("L1", 1, 400, 0.93, 0.27);
        var checks = (java.util.Map<?, ?>)
                PaperBench.summarize("mnist", java.util.List.of(sosae, ae, l1)).get("checks");
        assertThat(checks.get("sosaeLengthAtMost100")).isEqualTo(true);
        assertThat(checks.get("sosaeAtLengthWithin0.5ptOfAE")).isEqualTo(true);
        assertThat(checks.get("l1LosesAtLeast5ptAtSosaeLength")).isEqualTo(true);
        var worse = result("SOSAE", 1, 120, 0.91, 0.80);
        var failing = (java.util.Map<?, ?>)
                PaperBench.summarize("mnist", java.util.List.of(worse, ae)).get("checks");
        assertThat(failing.get("sosaeLengthAtMost100")).isEqualTo(false);
        assertThat(failing.get("sosaeTruncationCostAtMost0.3pt")).isEqualTo(false);
    }

    @Test
    void failedChecksNameEveryCheckThatDidNotPass() {
        var sosae = result("SOSAE", 1, 59, 0.91, 0.91);
        var ae = result("AE", 1, 400, 0.90, 0.38);
        assertThat(PaperBench.failedChecks(PaperBench.summarize("mnist", java.util.List.of(sosae, ae))))
                .isEmpty();
        var worse = result("SOSAE", 1, 120, 0.91, 0.80);
        assertThat(PaperBench.failedChecks(PaperBench.summarize("mnist", java.util.List.of(worse, ae))))
                .containsExactly(
                        "sosaeLengthAtMost100", "sosaeTruncationCostAtMost0.3pt", "sosaeAtLengthWithin0.5ptOfAE");
        // no SOSAE run: no checks were made, so none failed
        assertThat(PaperBench.failedChecks(PaperBench.summarize("mnist", java.util.List.of(ae))))
                .isEmpty();
        // a check whose value is missing or not a boolean counts as failed
        java.util.Map<String, Object> odd = new java.util.LinkedHashMap<>();
        odd.put("checks", new java.util.LinkedHashMap<>(java.util.Map.of("x", "yes")));
        assertThat(PaperBench.failedChecks(odd)).containsExactly("x");
    }

    /** SOSAE's test MAE at its length (0.05 in these results) against PCA's at the same length, per seed. */
    @Test
    void sosaeMustBeNoWorseThanPcaAtItsLength() {
        var sosae = result("SOSAE", 1, 59, 0.91, 0.91);
        var ae = result("AE", 1, 400, 0.90, 0.38);
        assertThat(PaperBench.failedChecks(PaperBench.summarize(
                        "mnist",
                        java.util.List.of(sosae, ae),
                        java.util.Map.of(1L, 0.06),
                        io.sosae.model.core.Activation.RELU)))
                .isEmpty();
        assertThat(PaperBench.failedChecks(PaperBench.summarize(
                        "mnist",
                        java.util.List.of(sosae, ae),
                        java.util.Map.of(1L, 0.043),
                        io.sosae.model.core.Activation.RELU)))
                .containsExactly("sosaeTestMaeAtMostPcaAtItsLength");
        assertThat(PaperBench.failedChecks(PaperBench.summarize(
                        "mnist",
                        java.util.List.of(sosae, ae),
                        java.util.Map.of(2L, 0.06),
                        io.sosae.model.core.Activation.RELU)))
                .as("no PCA figure for the seed")
                .containsExactly("sosaeTestMaeAtMostPcaAtItsLength");
        // linear codes take the length their error target gives: the paper's length check is not made
        var longer = result("SOSAE", 1, 150, 0.91, 0.91);
        assertThat(PaperBench.failedChecks(PaperBench.summarize(
                        "mnist",
                        java.util.List.of(longer, ae),
                        java.util.Map.of(1L, 0.06),
                        io.sosae.model.core.Activation.IDENTITY)))
                .isEmpty();
    }

    private static MethodResult result(String m, long seed, int len, double acc, double accAt) {
        return new MethodResult(
                m, m, 400, seed, len, len, acc, accAt, 25, 0, 0.05, 0.05, 1, java.util.List.of(), java.util.Map.of());
    }
}
