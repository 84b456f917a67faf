package io.sosae.model.search;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.sosae.model.core.AutoencoderConfig;
import io.sosae.model.core.Flops;
import io.sosae.model.core.Method;
import io.sosae.model.core.ReconstructionLoss;
import io.sosae.model.data.Dataset;
import io.sosae.model.data.SyntheticManifold;
import io.sosae.model.eval.MethodPresets;
import io.sosae.model.train.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.function.IntFunction;
import org.junit.jupiter.api.Test;

class BatchedCandidatesTest {
    private static final int N = 20;
    private static final List<Integer> WIDTHS = List.of(2, 5, 9, 16);

    private static Dataset data(int rows) {
        return SyntheticManifold.builder()
                .latentDim(4)
                .ambientDim(N)
                .seed(3)
                .build()
                .sample(rows, 2);
    }

    private static void assertSameAsOneByOne(IntFunction<AutoencoderConfig> configOfWidth) {
        Dataset all = data(700);
        Dataset train = all.subset(0, 600);
        Dataset validation = all.subset(600, 700);
        TrainingOptions o = TrainingOptions.of(10, 64).withShuffleSeed(11); // 600 rows: 9 full batches an epoch
        List<Candidate> alone = new AutoencoderCandidates(
                        configOfWidth, o, CandidateRows.of(train, validation), Device.cpu())
                .trainAll(WIDTHS, c -> {});
        List<Candidate> seen = new ArrayList<>();
        List<Candidate> together = new BatchedCandidates(
                        configOfWidth, o, CandidateRows.of(train, validation), Device.cpu())
                .trainAll(WIDTHS, seen::add);
        assertThat(seen).isEqualTo(together);
        assertThat(together).extracting(Candidate::width).isEqualTo(WIDTHS);
        for (int k = 0; k < WIDTHS.size(); k++) {
            double a = alone.get(k).validationError();
            double b = together.get(k).validationError();
            // the same initial weights, batches and updates; only the float summation order differs
            assertThat(Math.abs(a - b))
                    .as("width %d: alone %s, batched %s", WIDTHS.get(k), a, b)
                    .isLessThan(2e-4 * a);
            assertThat(together.get(k).flops())
                    .isEqualTo(Flops.training(N, WIDTHS.get(k), 600, 10, 64) + Flops.evaluation(N, WIDTHS.get(k), 100));
        }
        // the errors differ between widths: the candidates really are separate models
        assertThat(together.get(0).validationError())
                .isGreaterThan(together.get(3).validationError() * 1.2);
    }

    @Test
    void trainsEveryWidthExactlyAsItWouldTrainAlone() {
        assertSameAsOneByOne(d -> MethodPresets.of(Method.AE, N, d, 5).toBuilder()
                .learningRate(1e-2)
                .build());
    }

    @Test
    void holdsForOtherLossesAndActivations() {
        assertSameAsOneByOne(d -> MethodPresets.of(Method.AE, N, d, 6).toBuilder()
                .encoderActivation(io.sosae.model.core.Activation.SIGMOID)
                .outputSigmoid(false)
                .reconstructionLoss(ReconstructionLoss.MSE)
                .learningRate(3e-3)
                .build());
    }

    @Test
    void refusesWhatCannotBeBatched() {
        Dataset train = data(100);
        BatchedCandidates l1 = new BatchedCandidates(
                d -> MethodPresets.of(Method.L1, N, d, 5),
                TrainingOptions.of(1, 50),
                CandidateRows.of(train, train),
                Device.cpu());
        assertThatThrownBy(() -> l1.trainAll(WIDTHS, c -> {}))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("L1")
                .hasMessageContaining("AutoencoderCandidates");
        assertThat(BatchedCandidates.supports(MethodPresets.of(Method.AE, N, 4, 1)))
                .isTrue();
        assertThat(BatchedCandidates.supports(MethodPresets.of(Method.SOSAE, N, 4, 1)))
                .isFalse();
        assertThat(BatchedCandidates.supports(MethodPresets.of(Method.DAE, N, 4, 1)))
                .isFalse();
    }
}
