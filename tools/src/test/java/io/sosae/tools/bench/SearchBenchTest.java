package io.sosae.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import ai.djl.Device;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The Table 2 summary: FLOPs ratios per seed against SOSAE's run of the same seed, and the checks. */
class SearchBenchTest {

    @Test
    void ratiosPairEachSearchWithSosaeOfTheSameSeed() {
        List<SearchBench.Row> rows = List.of(
                new SearchBench.Row("SOSAE", 1, 1, 60, 10, 1, 0.9, 0.08),
                new SearchBench.Row("grid", 1, 25, 96, 130, 9, 0.9, 0.07),
                new SearchBench.Row("random", 1, 10, 88, 34, 3, 0.9, 0.07),
                new SearchBench.Row("SOSAE", 2, 1, 64, 20, 1, 0.9, 0.08),
                new SearchBench.Row("grid", 2, 25, 96, 100, 9, 0.9, 0.07),
                new SearchBench.Row("random", 2, 10, 88, 10, 3, 0.9, 0.07));
        Map<String, Object> s = SearchBench.summarize(rows);
        @SuppressWarnings("unchecked")
        Map<String, Object> ratios = (Map<String, Object>) s.get("flopsRatios");
        assertThat(ratios.get("grid/SOSAE")).isEqualTo(List.of(13.0, 5.0));
        assertThat(ratios.get("random/SOSAE")).isEqualTo(List.of(3.4, 0.5));
        @SuppressWarnings("unchecked")
        Map<String, Object> checks = (Map<String, Object>) s.get("checks");
        assertThat(checks)
                .containsEntry("sosaeTunesWithFewerFlopsThanGrid", true)
                .containsEntry("sosaeTunesWithFewerFlopsThanRandom", false);
        @SuppressWarnings("unchecked")
        Map<String, Object> sosae = (Map<String, Object>) s.get("SOSAE");
        assertThat(sosae.get("medianWidth")).isEqualTo(62.0);
    }

    @Test
    void theStreamWindowSearchGivesTheSameCandidatesBatchedAndOneByOne() {
        List<SearchBench.BatchedRun> runs = SearchBench.streamWindow(Device.cpu(), List.of(4L), 0.05, line -> {});
        assertThat(runs).singleElement().satisfies(r -> {
            assertThat(r.candidates()).isEqualTo(8);
            assertThat(r.maxRelativeDifference()).isLessThan(1e-3);
            assertThat(r.chosenBatched()).isEqualTo(r.chosenOneByOne());
            assertThat(r.oneByOneSeconds()).isPositive();
            assertThat(r.batchedSeconds()).isPositive();
        });
    }
}
