package io.sosae.model.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import io.sosae.model.core.AutoencoderConfig;
import io.sosae.model.core.Method;
import io.sosae.model.data.Dataset;
import io.sosae.model.data.SyntheticManifold;
import io.sosae.model.loss.Regularizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class ContinualSosaeTest {
    private static final int N = 32;
    private static final int D = 24;

    private static AutoencoderConfig config() {
        return AutoencoderConfig.builder(N, D)
                .method(Method.SOSAE)
                .regularizer(new Regularizer.Push(1e-3, 0.05))
                .unitNormDecoder(true)
                .learningRate(3e-3)
                .seed(3)
                .build();
    }

    private static StreamOptions options() {
        return new StreamOptions(32, 4, 1024, 256, 256, 1, 2, 1e-3, 5, 0);
    }

    private static float[] frames(int m, int rows, long seed) {
        Dataset ds = SyntheticManifold.builder()
                .latentDim(m)
                .ambientDim(N)
                .seed(11)
                .build()
                .sample(rows, seed);
        return ds.values();
    }

    @Test
    void versionOneIsPublishedFirstAndPromotionsFollowTheInterval() {
        try (ContinualSosae s = ContinualSosae.create(config(), options(), Device.cpu())) {
            Promotion first = s.promotion();
            assertThat(first.modelVersion()).isEqualTo(1);
            assertThat(first.activeLength()).isEqualTo(D);
            assertThat(first.decoder().width()).isEqualTo(D);
            float[] x = frames(3, 1024, 1);
            List<Promotion> promotions = new ArrayList<>();
            for (int i = 0; i < 1024; i += 16) {
                s.observe(Arrays.copyOfRange(x, i * N, (i + 16) * N), 16).ifPresent(promotions::add);
            }
            assertThat(promotions).extracting(Promotion::modelVersion).containsExactly(2L, 3L, 4L, 5L);
            assertThat(promotions).extracting(Promotion::samplesSeen).containsExactly(256L, 512L, 768L, 1024L);
            Promotion last = promotions.get(promotions.size() - 1);
            assertThat(last.activeLength()).isBetween(1, D);
            assertThat(last.decoder().width()).isEqualTo(Math.min(D, last.activeLength() + 1));
        }
    }

    @Test
    void codesHaveTheServingLengthAndDecodeFromTheirSnapshot() {
        try (ContinualSosae s = ContinualSosae.create(config(), options(), Device.cpu())) {
            float[] x = frames(3, 768, 2);
            Promotion current = s.promotion();
            for (int i = 0; i < 768; i += 16) {
                float[] batch = Arrays.copyOfRange(x, i * N, (i + 16) * N);
                EncodedBatch codes = s.encode(batch, 16);
                assertThat(codes.modelVersion()).isEqualTo(current.modelVersion());
                assertThat(codes.length()).isEqualTo(current.activeLength());
                for (int r = 0; r < 16; r++) {
                    assertThat(codes.codes()[r]).hasSize(codes.length());
                    float[] y = current.decoder().decode(codes.codes()[r]);
                    double err = 0;
                    for (int j = 0; j < N; j++) {
                        err += Math.abs(y[j] - batch[r * N + j]);
                    }
                    assertThat(err / N).isCloseTo(codes.reconstructionErrors()[r], within(1e-4));
                }
                Optional<Promotion> p = s.observe(batch, 16);
                if (p.isPresent()) {
                    current = p.get();
                }
            }
            assertThat(current.modelVersion()).isEqualTo(4);
        }
    }

    @Test
    void restoredFromItsBlobAStreamContinuesVersionsAndEncodesIdentically() {
        float[] x = frames(3, 512, 3);
        try (ContinualSosae s = ContinualSosae.create(config(), options(), Device.cpu())) {
            Promotion last = null;
            for (int i = 0; i < 512; i += 16) {
                Optional<Promotion> p = s.observe(Arrays.copyOfRange(x, i * N, (i + 16) * N), 16);
                if (p.isPresent()) {
                    last = p.get();
                }
            }
            assertThat(last).isNotNull();
            float[] probe = Arrays.copyOf(x, 16 * N);
            try (ContinualSosae r = ContinualSosae.restore(last.blob(), options(), Device.cpu())) {
                assertThat(r.version()).isEqualTo(last.modelVersion());
                assertThat(r.servingLength()).isEqualTo(last.activeLength());
                assertThat(r.samplesSeen()).isEqualTo(512);
                EncodedBatch a = s.encode(probe, 16);
                EncodedBatch b = r.encode(probe, 16);
                for (int i = 0; i < 16; i++) {
                    assertThat(b.codes()[i]).containsExactly(a.codes()[i]);
                }
                Optional<Promotion> next = Optional.empty();
                for (int i = 0; i < 256 && next.isEmpty(); i += 16) {
                    next = r.observe(Arrays.copyOfRange(x, i * N, (i + 16) * N), 16);
                }
                assertThat(next).map(Promotion::modelVersion).contains(last.modelVersion() + 1);
            }
        }
    }

    @Test
    void nonFiniteRowsStayOutOfTheReplayBuffer() {
        try (ContinualSosae s = ContinualSosae.create(config(), options().withTrainEvery(1), Device.cpu())) {
            float[] batch = frames(3, 4, 4);
            Arrays.fill(batch, 0, N, Float.NaN);
            s.observe(batch, 4);
            assertThat(s.skippedRows()).isEqualTo(1);
            assertThat(s.rollbacks()).isZero();
        }
    }

    @Test
    void aDivergingStepRollsBackToTheServingVersion() {
        try (ContinualSosae s = ContinualSosae.create(config(), options().withTrainEvery(1), Device.cpu())) {
            float[] good = frames(3, 16, 5);
            float[] before = s.encode(good, 16).codes()[0];
            float[] extreme = frames(3, 4, 4);
            Arrays.fill(extreme, 3e38f); // finite input, infinite loss
            s.observe(extreme, 4);
            assertThat(s.rollbacks()).isGreaterThan(0);
            // the serving model never saw the divergence
            assertThat(s.encode(good, 16).codes()[0]).containsExactly(before);
            for (float[] code : s.encode(good, 16).codes()) {
                for (float v : code) {
                    assertThat(Float.isFinite(v)).isTrue();
                }
            }
        }
    }

    private static List<Integer> lengths(StreamOptions options, int m, int rows) {
        List<Integer> lengths = new ArrayList<>();
        try (ContinualSosae s = ContinualSosae.create(config(), options, Device.cpu())) {
            float[] x = frames(m, rows, 6);
            for (int i = 0; i < rows; i += 16) {
                s.observe(Arrays.copyOfRange(x, i * N, (i + 16) * N), 16).ifPresent(p -> lengths.add(p.activeLength()));
            }
        }
        return lengths;
    }

    @Test
    void anUnreachableErrorTargetGrowsTheWidthByAtMostReseedUnitsPerPromotion() {
        // 0.001 MAE is far below what 24 units reach on this data: every promotion grows
        List<Integer> l = lengths(options().withTargetError(1e-3, 0.5), 8, 2048);
        assertThat(l).hasSize(8);
        for (int i = 1; i < l.size(); i++) {
            // units past L + reseedUnits were switched off, so L cannot jump further
            assertThat(l.get(i)).as("lengths %s", l).isLessThanOrEqualTo(Math.min(D, l.get(i - 1) + 2));
        }
        assertThat(l.get(l.size() - 1)).as("lengths %s", l).isGreaterThan(l.get(1));
    }

    @Test
    void aLooseErrorTargetPrunesTheWidthDown() {
        // MAE 0.5 holds with almost no units: after the first promotion the training model keeps one
        List<Integer> l = lengths(options().withTargetError(0.5, 0), 3, 1024);
        assertThat(l.get(0)).isGreaterThan(1);
        assertThat(l.subList(1, l.size())).as("lengths %s", l).containsOnly(1);
    }

    @Test
    void thePruningSearchIsCountedInTheFlops() {
        try (ContinualSosae s = ContinualSosae.create(config(), options().withTargetError(0.5, 0), Device.cpu())) {
            float[] x = frames(3, 1024, 6);
            for (int i = 0; i < 1024; i += 16) {
                s.observe(Arrays.copyOfRange(x, i * N, (i + 16) * N), 16);
            }
            // 1024 rows, a step of 32 every 4 (256 steps); 4 promotions, each measuring its
            // 256-row window twice. Pruning from L down to 1 adds at least one error measurement
            // of the window and one masked decode of it on top of that.
            double steps = 256 * io.sosae.model.core.Flops.training(N, D, 32, 1, 32);
            double windows = 4 * 2 * 256.0 * io.sosae.model.core.Flops.forwardPerSample(N, D);
            double onePrune = 256.0
                    * (io.sosae.model.core.Flops.forwardPerSample(N, D)
                            + io.sosae.model.core.Flops.decodePerSample(N, D));
            assertThat(s.flops()).isGreaterThan(steps + windows + onePrune);
        }
    }

    @Test
    void withoutATargetTheOptionsKeepTheirOldMeaning() {
        StreamOptions o = options();
        assertThat(o.followsTarget()).isFalse();
        assertThat(o.targetError()).isZero();
        assertThat(o.withTargetError(0.03, 0.5).followsTarget()).isTrue();
        assertThatThrownBy(() -> o.withTargetError(-1, 0)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.withTargetError(0.03, -0.1)).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> o.withTargetError(Double.NaN, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void fixedWidthBaselinesTrainAtTheFullRateWhateverTheStableRate() {
        AutoencoderConfig ae = io.sosae.model.eval.MethodPresets.of(Method.AE, N, D, 3);
        try (StreamCompressor s =
                ContinualSosae.factory(ae, options().withStableTrainEvery(8)).create(Device.cpu())) {
            float[] x = frames(3, 2048, 4);
            int promotions = 0;
            for (int i = 0; i < 2048; i += 16) {
                promotions += s.observe(Arrays.copyOfRange(x, i * N, (i + 16) * N), 16)
                                .isPresent()
                        ? 1
                        : 0;
            }
            assertThat(promotions).isGreaterThanOrEqualTo(4); // same width every time: "stable" for SOSAE
            assertThat(s.trainingShare()).isEqualTo(1.0);
        }
    }

    @Test
    void fixedWidthBaselinesServeEveryUnitAndReportTheirActiveLength() {
        AutoencoderConfig ae = io.sosae.model.eval.MethodPresets.of(Method.AE, N, D, 3);
        CompressorFactory factory = ContinualSosae.factory(ae, options());
        try (StreamCompressor s = factory.create(Device.cpu())) {
            assertThat(s.method()).isEqualTo(Method.AE);
            assertThat(s.servingLength()).isEqualTo(D);
            float[] x = frames(3, 512, 4);
            List<Promotion> promotions = new ArrayList<>();
            for (int i = 0; i < 512; i += 16) {
                s.observe(Arrays.copyOfRange(x, i * N, (i + 16) * N), 16).ifPresent(promotions::add);
            }
            assertThat(promotions).hasSize(2).allSatisfy(p -> {
                assertThat(p.emittedLength()).isEqualTo(D);
                assertThat(p.decoder().width()).isEqualTo(D);
                assertThat(p.activeLength()).isBetween(1, D);
            });
            assertThat(s.encode(Arrays.copyOf(x, 2 * N), 2).codes()[1]).hasSize(D);
            // 512 rows, a step of 32 every 4: 128 training steps, plus two length windows and an encode
            double steps = 128 * io.sosae.model.core.Flops.training(N, D, 32, 1, 32);
            assertThat(s.flops()).isBetween(steps, 1.2 * steps);
            byte[] blob = promotions.get(1).blob();
            try (StreamCompressor back = factory.restore(blob, Device.cpu())) {
                assertThat(back.version()).isEqualTo(3);
                assertThat(back.servingLength()).isEqualTo(D);
            }
            CompressorFactory sosae = ContinualSosae.factory(config(), options());
            assertThatThrownBy(() -> sosae.restore(blob, Device.cpu()))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("the model in state is AE");
        }
    }

    /** A frame flushed alone (plain-Java encode) gets the code it gets in a full micro-batch (the engine). */
    @Test
    void aFrameAloneIsCodedAsInAFullBatch() {
        AutoencoderConfig config = LinearCodesTest.config(64, 64);
        LengthFollowsComplexityTest.NestedStream stream = new LengthFollowsComplexityTest.NestedStream(3, 8);
        try (StreamCompressor model = ContinualSosae.factory(config, LinearCodesTest.options(500, true))
                .create(Device.cpu())) {
            for (int seen = 0; seen < 1200; seen += 32) { // past the warm start and a promotion
                float[] x = new float[32 * 64];
                for (int r = 0; r < 32; r++) {
                    stream.next(8, x, r * 64);
                }
                model.observe(x, 32);
            }
            float[] x = new float[32 * 64];
            for (int r = 0; r < 32; r++) {
                stream.next(8, x, r * 64);
            }
            assertThat(model.servingLength()).isGreaterThan(4);
            EncodedBatch all = model.encode(x, 32);
            for (int r = 0; r < 32; r++) {
                EncodedBatch one = model.encode(java.util.Arrays.copyOfRange(x, r * 64, (r + 1) * 64), 1);
                assertThat(one.codes()[0]).hasSameSizeAs(all.codes()[r]);
                for (int j = 0; j < one.codes()[0].length; j++) {
                    assertThat(one.codes()[0][j])
                            .isCloseTo(all.codes()[r][j], org.assertj.core.data.Offset.offset(1e-5f));
                }
                assertThat(one.reconstructionErrors()[0])
                        .isCloseTo(all.reconstructionErrors()[r], org.assertj.core.data.Offset.offset(1e-6f));
            }
        }
    }
}
