package io.sosae.model.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import io.sosae.model.core.AutoencoderConfig;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Streams whose models train together in a {@link JointTraining} promote what they would promote
 * alone: the same versions, lengths and (up to float summation order) errors.
 */
@org.junit.jupiter.api.extension.ExtendWith(io.sosae.model.testing.SingleTorchThread.class)
class JointTrainingTest {
    private static final int CHANNELS = 64;
    private static final int BATCH = 32;
    private static final int STREAMS = 4;
    private static final int RECORDS = 3000;

    /** What each stream's promotions were: version, length, window error. */
    private record Promoted(long version, int length, double error) {}

    private static List<List<Promoted>> run(JointTraining joint) {
        AutoencoderConfig config = LinearCodesTest.config(CHANNELS, CHANNELS);
        StreamOptions options = LinearCodesTest.options(500, true);
        CompressorFactory factory = ContinualSosae.factory(config, options);
        if (joint != null) {
            factory = factory.trainingIn(joint);
        }
        List<StreamCompressor> models = new ArrayList<>();
        List<LengthFollowsComplexityTest.NestedStream> streams = new ArrayList<>();
        List<List<Promoted>> promoted = new ArrayList<>();
        try {
            for (int s = 0; s < STREAMS; s++) {
                models.add(factory.create(Device.cpu()));
                streams.add(new LengthFollowsComplexityTest.NestedStream(11 + s, 8));
                promoted.add(new ArrayList<>());
            }
            for (int seen = 0; seen < RECORDS; seen += BATCH) {
                for (int s = 0; s < STREAMS; s++) { // interleaved, batch by batch, as the operator sees them
                    float[] x = new float[BATCH * CHANNELS];
                    for (int r = 0; r < BATCH; r++) {
                        streams.get(s).next(2 + 2 * s, x, r * CHANNELS); // a different dimension per stream
                    }
                    models.get(s).encode(x, BATCH);
                    var p = models.get(s).observe(x, BATCH);
                    if (p.isPresent()) {
                        promoted.get(s)
                                .add(new Promoted(
                                        p.get().modelVersion(),
                                        p.get().activeLength(),
                                        p.get().reconstructionLoss()));
                    }
                }
            }
        } finally {
            models.forEach(StreamCompressor::close);
        }
        return promoted;
    }

    @Test
    void streamsTrainedTogetherPromoteWhatTheyWouldAlone() {
        List<List<Promoted>> alone = run(null);
        try (JointTraining joint = new JointTraining(STREAMS)) {
            List<List<Promoted>> together = run(joint);
            for (int s = 0; s < STREAMS; s++) {
                assertThat(together.get(s)).as("stream %d", s).hasSameSizeAs(alone.get(s));
                assertThat(alone.get(s)).hasSizeGreaterThan(3);
                for (int i = 0; i < alone.get(s).size(); i++) {
                    Promoted a = alone.get(s).get(i);
                    Promoted b = together.get(s).get(i);
                    assertThat(b.version()).isEqualTo(a.version());
                    assertThat(b.length()).as("stream %d, promotion %d", s, i).isEqualTo(a.length());
                    assertThat(b.error()).isCloseTo(a.error(), org.assertj.core.data.Percentage.withPercentage(1));
                }
            }
            JointTraining.Counts counts = joint.counts();
            assertThat(counts.steps()).isGreaterThan(0);
            // every stream's steps were stacked with the other streams' (the same shape, the same batch size)
            assertThat(counts.stackedSteps()).isGreaterThan(counts.steps() * 9 / 10);
            assertThat(counts.modelsPerRound()).isGreaterThan(STREAMS - 0.5);
            // the rounds of one set of waiting steps share one stack: far fewer stacks than rounds
            assertThat(joint.stackedCalls()).isLessThan(counts.stackedRounds() / 4);
        }
        // the streams' lengths follow their own dimensions: they really are separate models
        assertThat(alone.get(0).get(alone.get(0).size() - 1).length())
                .isLessThan(alone.get(3).get(alone.get(3).size() - 1).length());
    }

    @Test
    void aClosedModelDropsItsWaitingStepsAndTheOthersGoOn() {
        AutoencoderConfig config = LinearCodesTest.config(CHANNELS, CHANNELS);
        StreamOptions options = LinearCodesTest.options(500, true);
        try (JointTraining joint = new JointTraining(8)) {
            CompressorFactory factory = ContinualSosae.factory(config, options).trainingIn(joint);
            LengthFollowsComplexityTest.NestedStream stream = new LengthFollowsComplexityTest.NestedStream(5, 4);
            try (StreamCompressor kept = factory.create(Device.cpu())) {
                StreamCompressor closed = factory.create(Device.cpu());
                for (int seen = 0; seen < 1200; seen += BATCH) {
                    float[] x = new float[BATCH * CHANNELS];
                    for (int r = 0; r < BATCH; r++) {
                        stream.next(4, x, r * CHANNELS);
                    }
                    kept.observe(x, BATCH);
                    if (seen < 600) {
                        closed.observe(x, BATCH);
                    } else if (seen == 608) {
                        closed.close();
                    }
                }
                ContinualSosae model = (ContinualSosae) kept;
                assertThat(model.version()).isGreaterThan(2);
                joint.runAll();
                assertThat(joint.hasWaiting(model)).isFalse();
                // the kept stream's steps all ran: those its records asked for, after the warm start
                assertThat(joint.counts().steps()).isGreaterThanOrEqualTo(model.trainingSteps());
            }
        }
    }

    @Test
    void needsAtLeastTwoModels() {
        assertThatThrownBy(() -> new JointTraining(1))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("at least 2 models");
    }
}
