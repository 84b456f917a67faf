package io.sosae.model.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.sosae.model.core.Method;
import io.sosae.model.data.Dataset;
import io.sosae.model.data.SyntheticManifold;
import io.sosae.model.eval.MethodPresets;
import io.sosae.model.train.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HiddenSizeSearchTest {

    @Test
    void strategiesListTheirWidths() {
        assertThat(new SearchStrategy.Grid(4, 20, 8).widths()).containsExactly(4, 12, 20);
        List<Integer> random = new SearchStrategy.RandomWidths(5, 1, 10, 3).widths();
        assertThat(random).hasSize(5).doesNotHaveDuplicates().allMatch(d -> d >= 1 && d <= 10);
        assertThat(new SearchStrategy.RandomWidths(5, 1, 10, 3).widths()).isEqualTo(random);
        assertThatThrownBy(() -> new SearchStrategy.RandomWidths(11, 1, 10, 3))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void choosesTheSmallestWidthWithinTheToleranceOfTheBest() {
        List<Candidate> c = List.of(
                new Candidate(8, 0.20, 1, 0),
                new Candidate(16, 0.105, 2, 0),
                new Candidate(32, 0.100, 4, 0),
                new Candidate(64, 0.101, 8, 0));
        assertThat(HiddenSizeSearch.choose(c, 0.05).width()).isEqualTo(16);
        assertThat(HiddenSizeSearch.choose(c, 0.0).width()).isEqualTo(32);
        List<Candidate> seen = new ArrayList<>();
        SearchResult r = new HiddenSizeSearch(
                        d -> new Candidate(d, d <= 40 ? 1.0 / d : 0.025 + 1e-4 * (d - 40), d, 0), 0.2)
                .run(new SearchStrategy.Grid(8, 64, 8), seen::add);
        assertThat(seen).extracting(Candidate::width).containsExactly(8, 16, 24, 32, 40, 48, 56, 64);
        // best is 1/40 = 0.025; within 20%: 0.030 allows 1/d <= 0.03, so d >= 34 -> 40
        assertThat(r.chosen().width()).isEqualTo(40);
        assertThat(r.totalFlops()).isEqualTo(8 + 16 + 24 + 32 + 40 + 48 + 56 + 64);
    }

    @Test
    void realCandidatesFindAboutTheDimensionOfTheData() {
        int n = 24;
        Dataset all = SyntheticManifold.builder()
                .latentDim(3)
                .ambientDim(n)
                .seed(5)
                .build()
                .sample(1200, 1);
        Dataset train = all.subset(0, 1000);
        Dataset validation = all.subset(1000, 1200);
        TrainingOptions o = TrainingOptions.of(40, 50);
        AutoencoderCandidates trainer = new AutoencoderCandidates(
                d -> MethodPresets.of(Method.AE, n, d, 7).toBuilder()
                        .learningRate(3e-3)
                        .build(),
                o,
                CandidateRows.of(train, validation),
                Device.cpu());
        SearchResult r = new HiddenSizeSearch(trainer, 0.5).run(new SearchStrategy.Grid(1, 9, 2), c -> {});
        assertThat(r.candidates()).extracting(Candidate::width).containsExactly(1, 3, 5, 7, 9);
        assertThat(r.candidates().get(0).validationError())
                .as("one unit cannot code three directions")
                .isGreaterThan(r.candidates().get(2).validationError() * 1.5);
        // a curved 3-dimensional manifold: wider codes keep gaining a little, the elbow is near 3-5
        assertThat(r.chosen().width()).as("%s", r.candidates()).isBetween(3, 7);
        assertThat(r.chosen()).isEqualTo(HiddenSizeSearch.choose(r.candidates(), 0.5));
        assertThat(r.totalFlops())
                .isEqualTo(r.candidates().stream().mapToDouble(Candidate::flops).sum());
    }
}
