package io.sosae.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.jobs.testing.ReferenceDecoder;
import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.DeadLetter;
import io.sosae.schemas.DecoderSnapshot;
import io.sosae.schemas.DriftAlert;
import io.sosae.schemas.LengthReport;
import io.sosae.schemas.SensorFrame;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.stream.Collectors;

/** What the job committed on its five output topics, and the checks every end-to-end test makes. */
final class CommittedOutput {

    final List<CompressedCode> codes;
    final List<DecoderSnapshot> snapshots;
    final List<LengthReport> reports;
    final List<DeadLetter> deadLetters;
    final List<DriftAlert> alerts;

    private CommittedOutput(
            List<CompressedCode> codes,
            List<DecoderSnapshot> snapshots,
            List<LengthReport> reports,
            List<DeadLetter> deadLetters,
            List<DriftAlert> alerts) {
        this.codes = codes;
        this.snapshots = snapshots;
        this.reports = reports;
        this.deadLetters = deadLetters;
        this.alerts = alerts;
    }

    static CommittedOutput read(Platform platform, KafkaSettings settings) {
        var t = settings.topics();
        return new CommittedOutput(
                platform.readCommitted(t.codes(), CompressedCode.class),
                platform.readCommitted(t.decoders(), DecoderSnapshot.class),
                platform.readCommitted(t.lengthReports(), LengthReport.class),
                platform.readCommitted(t.deadLetters(), DeadLetter.class),
                platform.readCommitted(t.driftAlerts(), DriftAlert.class));
    }

    static String id(String streamId, long seq) {
        return streamId + "/" + seq;
    }

    static String version(String modelKey, long version) {
        return modelKey + "@" + version;
    }

    /** Exactly one committed code per expected (streamId, seq), and nothing else. */
    void assertExactlyOneCodePerInput(Set<String> expected) {
        Map<String, Long> counts = codes.stream()
                .collect(Collectors.groupingBy(c -> id(c.getStreamId(), c.getSeq()), Collectors.counting()));
        assertThat(counts.entrySet().stream()
                        .filter(e -> e.getValue() > 1)
                        .map(Map.Entry::getKey)
                        .toList())
                .as("inputs with more than one committed code")
                .isEmpty();
        assertThat(new TreeSet<>(counts.keySet())).as("coded inputs").isEqualTo(new TreeSet<>(expected));
        assertThat(codes).hasSize(expected.size());
    }

    /**
     * Each model key's committed snapshots are versions 1..max, each exactly once (a model that
     * restarted from scratch after a restore would commit a second version 1).
     *
     * @return max version per model key
     */
    Map<String, Long> assertSnapshotVersionsContiguous() {
        Map<String, List<Long>> byKey = snapshots.stream()
                .collect(Collectors.groupingBy(
                        DecoderSnapshot::getModelKey,
                        TreeMap::new,
                        Collectors.mapping(DecoderSnapshot::getModelVersion, Collectors.toList())));
        Map<String, Long> max = new TreeMap<>();
        byKey.forEach((key, versions) -> {
            List<Long> sorted = versions.stream().sorted().toList();
            assertThat(sorted)
                    .as("committed snapshot versions of %s", key)
                    .containsExactlyElementsOf(java.util.stream.LongStream.rangeClosed(1, sorted.size())
                            .boxed()
                            .toList());
            max.put(key, sorted.get(sorted.size() - 1));
        });
        return max;
    }

    /** Length reports: exactly one per promoted version (2..max), consistent with its snapshot. */
    void assertReportsMatchSnapshots() {
        Map<String, DecoderSnapshot> byVersion = snapshotsByVersion();
        Map<String, Long> counts = reports.stream()
                .collect(Collectors.groupingBy(
                        r -> version(r.getModelKey(), r.getModelVersion()), Collectors.counting()));
        assertThat(counts.values()).allMatch(c -> c == 1);
        Set<String> promoted = snapshots.stream()
                .filter(s -> s.getModelVersion() > 1)
                .map(s -> version(s.getModelKey(), s.getModelVersion()))
                .collect(Collectors.toSet());
        assertThat(counts.keySet()).isEqualTo(promoted);
        for (LengthReport r : reports) {
            DecoderSnapshot s = byVersion.get(version(r.getModelKey(), r.getModelVersion()));
            // A snapshot's activeLength is its codes' length: the report's emitted length (for SOSAE
            // and PCA also its active length; fixed-width methods emit more than their active units).
            assertThat(r.getEmittedLength()).isEqualTo(s.getActiveLength());
            assertThat(r.getActiveLength()).isBetween(1, r.getEmittedLength());
            assertThat(r.getCompressionRatio()).isEqualTo((double) s.getInputDim() / s.getActiveLength());
        }
    }

    Map<String, DecoderSnapshot> snapshotsByVersion() {
        Map<String, DecoderSnapshot> byVersion = new HashMap<>();
        for (DecoderSnapshot s : snapshots) {
            assertThat(byVersion.put(version(s.getModelKey(), s.getModelVersion()), s))
                    .as("duplicate committed snapshot %s@%d", s.getModelKey(), s.getModelVersion())
                    .isNull();
        }
        return byVersion;
    }

    /**
     * Every committed code has a committed snapshot of its (modelKey, modelVersion) and decodes from
     * it with the test's own decoder: y = sigmoid(W[:, :length] code + b). The mean absolute error
     * against the original frame must match the error the job reported within {@code tolerance}.
     *
     * @return the independently measured error of every code, by (streamId, seq)
     */
    Map<String, Double> assertEveryCodeDecodes(Map<String, SensorFrame> inputs, double tolerance) {
        Map<String, DecoderSnapshot> byVersion = snapshotsByVersion();
        Map<String, Double> errors = new HashMap<>();
        for (CompressedCode c : codes) {
            DecoderSnapshot s = byVersion.get(version(c.getModelKey(), c.getModelVersion()));
            assertThat(s)
                    .as(
                            "committed snapshot of %s@%d for code %s",
                            c.getModelKey(), c.getModelVersion(), id(c.getStreamId(), c.getSeq()))
                    .isNotNull();
            assertThat(c.getLength()).isEqualTo(s.getActiveLength()).isLessThanOrEqualTo(s.getSliceWidth());
            assertThat(c.getInputDim()).isEqualTo(s.getInputDim());
            SensorFrame frame = inputs.get(id(c.getStreamId(), c.getSeq()));
            assertThat(frame)
                    .as("input of code %s", id(c.getStreamId(), c.getSeq()))
                    .isNotNull();
            double error = ReferenceDecoder.meanAbsoluteError(ReferenceDecoder.decode(s, c), frame.getValues());
            assertThat(error)
                    .as("error of %s", id(c.getStreamId(), c.getSeq()))
                    .isCloseTo(c.getReconstructionError(), org.assertj.core.api.Assertions.within(tolerance));
            assertThat(c.getLabel()).isEqualTo(frame.getLabel());
            errors.put(id(c.getStreamId(), c.getSeq()), error);
        }
        return errors;
    }

    /** Within a stream, code versions never go back as seq grows (also across a restore). */
    void assertVersionsMonotonePerStream() {
        Map<String, List<CompressedCode>> byStream =
                codes.stream().collect(Collectors.groupingBy(CompressedCode::getStreamId));
        byStream.forEach((stream, list) -> {
            List<Long> versions = list.stream()
                    .sorted(java.util.Comparator.comparingLong(CompressedCode::getSeq))
                    .map(CompressedCode::getModelVersion)
                    .toList();
            assertThat(versions).as("versions of %s in seq order", stream).isSorted();
        });
    }
}
