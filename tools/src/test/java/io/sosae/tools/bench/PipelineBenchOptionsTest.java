package io.sosae.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sosae.jobs.config.CompressionOptions;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the pipeline bench's options hand to the job, and which runs they describe. */
class PipelineBenchOptionsTest {

    private static PipelineBench.Options with(int referenceStreams, int maxLiveModels) {
        return with(referenceStreams, maxLiveModels, 0);
    }

    private static PipelineBench.Options with(int referenceStreams, int maxLiveModels, int trainTogether) {
        PipelineBench.Options d = PipelineBench.Options.defaults();
        return new PipelineBench.Options(
                d.frames(),
                1000,
                d.channels(),
                d.capacity(),
                d.device(),
                d.batchSize(),
                d.maxWaitMs(),
                d.promoteEvery(),
                d.parallelism(),
                d.torchThreads(),
                d.checkpointMs(),
                List.of(300L),
                d.latencyMillis(),
                d.warmupMillis(),
                d.rateFraction(),
                d.segmentSize(),
                d.seed(),
                referenceStreams,
                maxLiveModels,
                d.stateBackend(),
                trainTogether);
    }

    @Test
    void trainTogetherReachesTheJobAndZeroKeepsTheJobsDefault() {
        assertThat(with(2, 0, 1).compression().trainTogether()).isEqualTo(1);
        assertThat(with(2, 0, 0).compression().trainTogether())
                .isEqualTo(CompressionOptions.TRAIN_TOGETHER.defaultValue());
        assertThatThrownBy(() -> with(2, 0, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("trainTogether");
    }

    @Test
    void theLiveModelBoundReachesTheJobAndZeroKeepsTheJobsDefault() {
        assertThat(with(2, 100).compression().maxLiveModels()).isEqualTo(100);
        assertThat(with(2, 0).compression().maxLiveModels())
                .isEqualTo(CompressionOptions.MAX_LIVE_MODELS.defaultValue());
        assertThatThrownBy(() -> with(2, -1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("maxLiveModels");
    }

    @Test
    void zeroReferenceStreamsMeansNoScalingPhase() {
        assertThat(with(0, 0).scales()).isFalse();
        assertThat(with(2, 0).scales()).isTrue();
        assertThat(with(1000, 0).scales()).isFalse(); // the same count measures nothing beside itself
    }
}
