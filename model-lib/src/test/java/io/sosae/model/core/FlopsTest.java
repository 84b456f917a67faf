package io.sosae.model.core;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.model.search.AutoencoderCandidates;
import io.sosae.model.train.TrainingOptions;
import org.junit.jupiter.api.Test;

class FlopsTest {

    @Test
    void countsTheDenseAutoencoderByHand() {
        // n = 3, d = 2: forward 2*3*2 (encoder) + 2*2*3 (decoder) + biases 2 + 3 + activations 2 + 3
        assertThat(Flops.forwardPerSample(3, 2)).isEqualTo(12 + 12 + 5 + 5);
        // backward: decoder dW 12, into the code 12, encoder dW 12, biases and slopes 10
        assertThat(Flops.backwardPerSample(3, 2)).isEqualTo(36 + 10);
        assertThat(Flops.parameters(3, 2)).isEqualTo(6 + 6 + 3 + 2);
    }

    @Test
    void trainingCountsEveryStepOfEveryEpochAndDropsTheLastPartialBatch() {
        // 10 rows, batch 4: 2 steps of 4 samples per epoch
        double perEpoch = 8.0 * (Flops.forwardPerSample(3, 2) + Flops.backwardPerSample(3, 2))
                + 2.0 * Flops.ADAM_PER_PARAMETER * Flops.parameters(3, 2);
        assertThat(Flops.training(3, 2, 10, 5, 4)).isEqualTo(5 * perEpoch);
        // fewer rows than a batch: one step over all of them
        assertThat(Flops.training(3, 2, 3, 1, 4))
                .isEqualTo(3.0 * (Flops.forwardPerSample(3, 2) + Flops.backwardPerSample(3, 2))
                        + Flops.ADAM_PER_PARAMETER * Flops.parameters(3, 2));
    }

    @Test
    void aCandidateCostGrowsLinearlyWithItsWidthAtMnistSize() {
        TrainingOptions o = TrainingOptions.of(10, 256);
        double narrow = AutoencoderCandidates.flopsOf(784, 50, 8000, 2000, o);
        double wide = AutoencoderCandidates.flopsOf(784, 400, 8000, 2000, o);
        assertThat(wide / narrow).isBetween(7.9, 8.0);
        // one epoch of 784 -> 400 -> 784 on 8,000 images is about 8000 * 10 * 784 * 400 = 25 GFLOP
        assertThat(Flops.training(784, 400, 8000, 1, 256)).isBetween(2.4e10, 2.6e10);
    }

    @Test
    void theDenseAutoencoderIsTheChainNdn() {
        assertThat(Flops.chainForwardPerSample(784, 400, 784)).isEqualTo(Flops.forwardPerSample(784, 400));
        assertThat(Flops.chainBackwardPerSample(784, 400, 784)).isEqualTo(Flops.backwardPerSample(784, 400));
        assertThat(Flops.chainParameters(784, 400, 784)).isEqualTo(Flops.parameters(784, 400));
    }

    @Test
    void countsADeeperChainByHand() {
        // 3 -> 4 -> 2: forward 2*3*4 + 2*4 + 2*4*2 + 2*2 = 24 + 8 + 16 + 4
        assertThat(Flops.chainForwardPerSample(3, 4, 2)).isEqualTo(52);
        // backward: first layer weights 24 + 8, second layer weights and input 32 + 4
        assertThat(Flops.chainBackwardPerSample(3, 4, 2)).isEqualTo(68);
        assertThat(Flops.chainParameters(3, 4, 2)).isEqualTo(12 + 4 + 8 + 2);
        // decoding a code of 2 into 3 outputs: 12 + 6; its error 6
        assertThat(Flops.decodePerSample(3, 2)).isEqualTo(18);
        assertThat(Flops.errorPerSample(3)).isEqualTo(6);
    }
}
