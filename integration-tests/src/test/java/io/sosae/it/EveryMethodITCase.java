package io.sosae.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.connectors.generator.SensorStreamSimulator;
import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.jobs.config.CompressionConfig;
import io.sosae.jobs.config.CompressionOptions;
import io.sosae.model.core.Method;
import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.DecoderSnapshot;
import io.sosae.schemas.SensorFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Every method of the compressor interface through the same production pipeline (real broker,
 * registry, Flink MiniCluster, exactly-once sinks): one committed code per frame, stamped with the
 * method, decodable from its committed snapshot with the test's own decoder; fixed-width methods
 * emit their whole capacity, PCA its rank. SOSAE runs the same checks in
 * {@link CompressionJobITCase}.
 */
class EveryMethodITCase extends EmbeddedPlatformITCase {
    private static final int CHANNELS = 32;
    private static final int CAPACITY = 16;
    private static final int PER_STREAM = 700;
    private static final List<String> STREAMS = List.of("m-0", "m-1");

    @ParameterizedTest
    @EnumSource(value = Method.class, names = "SOSAE", mode = EnumSource.Mode.EXCLUDE)
    void everyCodeIsCommittedOnceStampedWithItsMethodAndDecodes(Method method) throws Exception {
        String name = "method-" + method.name().toLowerCase(Locale.ROOT);
        KafkaSettings settings = platform.settings(name, 2);
        Map<String, SensorFrame> byId = new HashMap<>();
        List<Iterator<SensorFrame>> sims = STREAMS.stream()
                .map(id -> SensorStreamSimulator.builder()
                        .streamId(id)
                        .channels(CHANNELS)
                        .schedule("4:" + PER_STREAM)
                        .seed(id.hashCode())
                        .build()
                        .frames())
                .toList();
        List<SensorFrame> all = new ArrayList<>();
        for (int i = 0; i < PER_STREAM; i++) {
            for (Iterator<SensorFrame> it : sims) {
                SensorFrame f = it.next();
                all.add(f);
                byId.put(CommittedOutput.id(f.getStreamId(), f.getSeq()), f);
            }
        }
        platform.produce(settings, all.iterator());

        CompressionConfig config = CompressionConfig.builder(CHANNELS)
                .method(method)
                .capacity(CAPACITY)
                .device("cpu")
                .batchSize(32)
                .maxWait(Duration.ofMillis(100))
                .promoteEvery(300)
                .set(CompressionOptions.SEARCH_WINDOW, 300) // GRID / RANDOM search within the stream
                .set(CompressionOptions.SEARCH_EPOCHS, 15)
                .build();
        platform.runJobExactlyOnce(name, settings, config, 2);

        CommittedOutput out = CommittedOutput.read(platform, settings);
        out.assertExactlyOneCodePerInput(byId.keySet());
        assertThat(out.deadLetters).isEmpty();
        Map<String, Long> maxVersion = out.assertSnapshotVersionsContiguous();
        assertThat(maxVersion.values()).allSatisfy(v -> assertThat(v).isGreaterThanOrEqualTo(3));
        out.assertReportsMatchSnapshots();
        out.assertVersionsMonotonePerStream();
        Map<String, Double> errors = out.assertEveryCodeDecodes(byId, 1e-4);

        io.sosae.schemas.Method wire = io.sosae.schemas.Method.valueOf(method.name());
        assertThat(out.codes).extracting(CompressedCode::getMethod).containsOnly(wire);
        assertThat(out.snapshots).extracting(DecoderSnapshot::getMethod).containsOnly(wire);
        // every method counts the FLOPs it spends learning and encoding
        assertThat(out.reports).allSatisfy(r -> assertThat(r.getFlops()).isPositive());
        if (method == Method.PCA) {
            // Version 1 codes the raw values; later versions code the 4 directions in few components.
            assertThat(out.codes).filteredOn(c -> c.getModelVersion() >= 3).allSatisfy(c -> assertThat(c.getLength())
                    .isLessThan(CAPACITY));
        } else if (method == Method.GRID || method == Method.RANDOM || method == Method.ARCH) {
            // GRID / RANDOM: the capacity until the first window is searched, then the chosen
            // width; ARCH: the code units its gates keep.
            assertThat(out.codes).allSatisfy(c -> assertThat(c.getLength()).isBetween(1, CAPACITY));
        } else {
            assertThat(out.codes).extracting(CompressedCode::getLength).containsOnly(CAPACITY);
        }
        double first = Scenarios.meanError(out.codes, errors, c -> c.getModelVersion() == 1);
        double later = Scenarios.meanError(out.codes, errors, c -> c.getModelVersion() >= 3);
        System.out.printf(Locale.ROOT, "%s: mean error version 1 %.4f, versions >= 3 %.4f%n", method, first, later);
        if (method != Method.PCA) { // PCA's version 1 is lossless at capacity 16 of 32 only in part
            assertThat(later)
                    .as("trained versions reconstruct better than the untrained one")
                    .isLessThan(first);
        }
        if (method == Method.GA || method == Method.ARCH) {
            // Evolution without gradients (GA) and the gated width search (ARCH) improve on
            // version 1 but do not reach the trained autoencoders' error within this short stream
            // (docs/ga.md, docs/arch-search.md): asserted as what it is, not hidden.
            assertThat(later).isLessThan(first);
        } else {
            assertThat(later).isLessThan(Scenarios.TRAINED_ERROR_BOUND);
        }
    }
}
