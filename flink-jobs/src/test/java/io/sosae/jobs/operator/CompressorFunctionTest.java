package io.sosae.jobs.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.within;

import io.sosae.connectors.generator.SensorStreamSimulator;
import io.sosae.jobs.config.CompressionConfig;
import io.sosae.jobs.metrics.ModelKeyGauges;
import io.sosae.jobs.operator.OrderedOutput.Emitted;
import io.sosae.jobs.testing.ReferenceDecoder;
import io.sosae.model.codec.CodeEncoding;
import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.DeadLetter;
import io.sosae.schemas.DeadLetterReason;
import io.sosae.schemas.DecoderSnapshot;
import io.sosae.schemas.LengthReport;
import io.sosae.schemas.SensorFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/** The compressor in Flink's keyed operator test harness: ordering, batching, timers, state. */
class CompressorFunctionTest {

    static final int DIM = 16;
    static final int BATCH = 8;
    static final int PROMOTE_EVERY = 64;

    private static CompressionConfig config() {
        return CompressionConfig.builder(DIM)
                .capacity(12)
                .device("cpu")
                .batchSize(BATCH)
                .maxWait(Duration.ofMillis(100))
                .trainBatch(16)
                .trainEvery(4)
                .replayCapacity(256)
                .promoteEvery(PROMOTE_EVERY)
                .lengthWindow(64)
                .margin(1)
                .warmStart(0) // versions every PROMOTE_EVERY records from the first (the closed-form start adds one)
                .build();
    }

    static Iterator<SensorFrame> stream(String id) {
        return SensorStreamSimulator.builder()
                .streamId(id)
                .channels(DIM)
                .schedule("3:100000")
                .seed(id.hashCode())
                .build()
                .frames();
    }

    /** A harness around a fresh compressor that records main and side outputs in one ordered list. */
    static Harness harness(List<Emitted> events, OperatorSubtaskState restoreFrom) throws Exception {
        return harness(events, restoreFrom, config());
    }

    static Harness harness(List<Emitted> events, OperatorSubtaskState restoreFrom, CompressionConfig config)
            throws Exception {
        CompressorFunction fn = new CompressorFunction(config);
        KeyedOneInputStreamOperatorTestHarness<String, SensorFrame, CompressedCode> h =
                new KeyedOneInputStreamOperatorTestHarness<>(
                        new KeyedProcessOperator<>(fn), ModelKeySelector.perStream(), Types.STRING);
        h.setOutputCreator(serializer -> new OrderedOutput<>(events));
        if (restoreFrom != null) {
            h.initializeState(restoreFrom);
        }
        h.open();
        h.setProcessingTime(0);
        return new Harness(h, fn);
    }

    record Harness(KeyedOneInputStreamOperatorTestHarness<String, SensorFrame, CompressedCode> h, CompressorFunction fn)
            implements AutoCloseable {
        void process(SensorFrame f) throws Exception {
            h.processElement(f, f.getEventTime().toEpochMilli());
        }

        /** What a finishing source sends: the final watermark, which fires every event-time timer. */
        void endOfInput() throws Exception {
            h.processWatermark(Long.MAX_VALUE);
        }

        @Override
        public void close() throws Exception {
            h.close();
        }
    }

    private static <T> List<T> of(List<Emitted> events, String tag, Class<T> type) {
        List<T> out = new ArrayList<>();
        for (Emitted e : events) {
            if (java.util.Objects.equals(e.tag(), tag)) {
                out.add(type.cast(e.value()));
            }
        }
        return out;
    }

    static List<CompressedCode> codes(List<Emitted> events) {
        return of(events, null, CompressedCode.class);
    }

    static List<DecoderSnapshot> snapshots(List<Emitted> events) {
        return of(events, CompressorFunction.DECODERS.getId(), DecoderSnapshot.class);
    }

    @ParameterizedTest
    @EnumSource(CodeEncoding.class)
    void everyCodeFollowsItsSnapshotDecodesFromItAndVersionsIncrease(CodeEncoding encoding) throws Exception {
        List<Emitted> events = OrderedOutput.newList();
        Map<String, SensorFrame> inputs = new HashMap<>();
        long payloadBytes = 0;
        long values = 0;
        try (Harness h =
                harness(events, null, config().toBuilder().encoding(encoding).build())) {
            Iterator<SensorFrame> a = stream("a");
            Iterator<SensorFrame> b = stream("b");
            for (int i = 0; i < 300; i++) {
                for (SensorFrame f : List.of(a.next(), b.next())) {
                    inputs.put(f.getStreamId() + "/" + f.getSeq(), f);
                    h.process(f);
                }
            }
            h.endOfInput(); // the end of input flushes the last partial batches

            assertThat(h.fn().metrics().codes()).isEqualTo(600);
            assertThat(h.fn().metrics().promotions()).isEqualTo(2 * (300 / PROMOTE_EVERY));
            DecoderSnapshot last = snapshots(events).get(snapshots(events).size() - 1);
            ModelKeyGauges g = h.fn().gauges(last.getModelKey());
            assertThat(g.modelVersion()).isEqualTo(last.getModelVersion());
            assertThat(g.activeLength()).isEqualTo(last.getActiveLength());
            assertThat(g.emittedLength()).isEqualTo(last.getActiveLength());
            assertThat(g.compressionRatio()).isEqualTo((double) DIM / last.getActiveLength());
            assertThat(g.reconstructionError()).isBetween(0.0, 1.0);
        }

        // The first record of each key is its version-1 snapshot; each code follows its snapshot.
        Map<String, DecoderSnapshot> published = new HashMap<>();
        Map<String, Long> lastVersion = new HashMap<>();
        Set<String> coded = new HashSet<>();
        for (Emitted e : events) {
            if (e.value() instanceof DecoderSnapshot s) {
                long expected = lastVersion.getOrDefault(s.getModelKey(), 0L) + 1;
                assertThat(s.getModelVersion())
                        .as("versions of %s", s.getModelKey())
                        .isEqualTo(expected);
                lastVersion.put(s.getModelKey(), s.getModelVersion());
                published.put(s.getModelKey() + "@" + s.getModelVersion(), s);
            } else if (e.value() instanceof CompressedCode c) {
                DecoderSnapshot s = published.get(c.getModelKey() + "@" + c.getModelVersion());
                assertThat(s)
                        .as("snapshot of %s@%d before its code", c.getModelKey(), c.getModelVersion())
                        .isNotNull();
                assertThat(c.getModelVersion()).isEqualTo(lastVersion.get(c.getModelKey()));
                assertThat(c.getLength()).isEqualTo(s.getActiveLength());
                assertThat(coded.add(c.getStreamId() + "/" + c.getSeq())).isTrue();
                SensorFrame frame = inputs.get(c.getStreamId() + "/" + c.getSeq());
                // decoded independently, the error is the one reported
                double error = ReferenceDecoder.meanAbsoluteError(ReferenceDecoder.decode(s, c), frame.getValues());
                assertThat(error).isCloseTo(c.getReconstructionError(), within(1e-5));
                assertThat(c.getLabel()).isEqualTo(frame.getLabel());
                assertThat(c.getInputDim()).isEqualTo(DIM);
                assertThat(c.getEncoding().name()).isEqualTo(encoding.name());
                payloadBytes += c.getPayload().remaining();
                values += c.getLength();
            }
        }
        assertThat(coded).isEqualTo(inputs.keySet());
        if (encoding == CodeEncoding.RICE) { // entropy coded: well under INT8's byte a value
            assertThat((double) payloadBytes / values).isLessThan(0.9);
        }
        assertThat(lastVersion)
                .containsEntry("a", 1L + 300 / PROMOTE_EVERY)
                .containsEntry("b", 1L + 300 / PROMOTE_EVERY);
        assertThat(events.get(0).value()).isInstanceOf(DecoderSnapshot.class);

        List<LengthReport> reports = of(events, CompressorFunction.LENGTH_REPORTS.getId(), LengthReport.class);
        assertThat(reports).hasSize(2 * (300 / PROMOTE_EVERY));
        assertThat(reports).allSatisfy(r -> {
            assertThat(r.getModelVersion()).isGreaterThan(1);
            assertThat(r.getCompressionRatio()).isCloseTo((double) DIM / r.getActiveLength(), within(1e-9));
        });
    }

    @Test
    void aBatchFlushesWhenFull() throws Exception {
        List<Emitted> events = OrderedOutput.newList();
        Iterator<SensorFrame> a = stream("a");
        try (Harness h = harness(events, null)) {
            for (int i = 0; i < BATCH - 1; i++) {
                h.process(a.next());
            }
            assertThat(snapshots(events))
                    .extracting(DecoderSnapshot::getModelVersion)
                    .containsExactly(1L);
            assertThat(codes(events)).isEmpty();
            assertThat(h.h().numProcessingTimeTimers()).isEqualTo(1);

            h.process(a.next());
            assertThat(codes(events))
                    .extracting(CompressedCode::getSeq)
                    .containsExactly(0L, 1L, 2L, 3L, 4L, 5L, 6L, 7L);
            assertThat(h.h().numProcessingTimeTimers()).isZero();
        }
    }

    @Test
    void aPartialBatchFlushesAfterMaxWait() throws Exception {
        List<Emitted> events = OrderedOutput.newList();
        Iterator<SensorFrame> a = stream("a");
        try (Harness h = harness(events, null)) {
            h.h().setProcessingTime(1_000);
            for (int i = 0; i < 3; i++) {
                h.process(a.next());
            }
            h.h().setProcessingTime(1_099);
            assertThat(codes(events)).isEmpty();
            h.h().setProcessingTime(1_100);
            assertThat(codes(events)).hasSize(3);

            // The next batch starts its own timer.
            h.process(a.next());
            h.h().setProcessingTime(1_150);
            assertThat(codes(events)).hasSize(3);
            h.h().setProcessingTime(1_200);
            assertThat(codes(events)).hasSize(4);
        }
    }

    @Test
    void aPartialBatchFlushesAtTheEndOfABoundedInput() throws Exception {
        List<Emitted> events = OrderedOutput.newList();
        Iterator<SensorFrame> a = stream("a");
        Iterator<SensorFrame> b = stream("b");
        try (Harness h = harness(events, null)) {
            for (int i = 0; i < 3; i++) {
                h.process(a.next());
                h.process(b.next());
            }
            h.process(a.next());
            assertThat(codes(events)).isEmpty();
            h.endOfInput();
        }
        assertThat(codes(events))
                .extracting(c -> c.getStreamId() + "/" + c.getSeq())
                .containsExactlyInAnyOrder("a/0", "a/1", "a/2", "a/3", "b/0", "b/1", "b/2");
    }

    @Test
    void aRestoredOperatorKeepsPendingFramesAndContinuesVersions() throws Exception {
        List<Emitted> before = OrderedOutput.newList();
        Iterator<SensorFrame> a = stream("a");
        OperatorSubtaskState checkpoint;
        int sent = 2 * PROMOTE_EVERY + 6; // two promotions (v3 serving), then 6 frames still pending
        try (Harness h = harness(before, null)) {
            for (int i = 0; i < sent; i++) {
                h.process(a.next());
            }
            checkpoint = h.h().snapshot(1L, 0L);
        }
        assertThat(codes(before)).hasSize(sent - 6);
        assertThat(snapshots(before))
                .extracting(DecoderSnapshot::getModelVersion)
                .containsExactly(1L, 2L, 3L);

        List<Emitted> after = OrderedOutput.newList();
        try (Harness h = harness(after, checkpoint)) {
            assertThat(codes(after)).isEmpty();
            h.h().setProcessingTime(1_000); // the restored max-wait timer flushes the 6 pending frames
            assertThat(codes(after))
                    .extracting(CompressedCode::getSeq)
                    .containsExactly(128L, 129L, 130L, 131L, 132L, 133L);
            assertThat(codes(after))
                    .allSatisfy(c -> assertThat(c.getModelVersion()).isEqualTo(3));
            assertThat(snapshots(after)).as("no new version 1 after a restore").isEmpty();

            // 6 + 64 observed records promote version 4; the batch after it is coded with version 4.
            for (int i = 0; i < PROMOTE_EVERY + BATCH; i++) {
                h.process(a.next());
            }
            h.endOfInput();
        }
        assertThat(snapshots(after))
                .extracting(DecoderSnapshot::getModelVersion)
                .containsExactly(4L);
        List<CompressedCode> codes = codes(after);
        assertThat(codes).hasSize(6 + PROMOTE_EVERY + BATCH);
        assertThat(codes.get(codes.size() - 1).getModelVersion()).isEqualTo(4);
        // Every code of version 4 comes after the version 4 snapshot.
        int snapshotAt = -1;
        for (int i = 0; i < after.size(); i++) {
            Object v = after.get(i).value();
            if (v instanceof DecoderSnapshot) {
                snapshotAt = i;
            } else if (v instanceof CompressedCode c && c.getModelVersion() == 4) {
                assertThat(snapshotAt).isGreaterThanOrEqualTo(0).isLessThan(i);
            }
        }
    }

    @Test
    void aFrameWhoseCodeIsNotFiniteIsDeadLetteredAndAnExtremeOneIsCodedButNotTrained() throws Exception {
        List<Emitted> events = OrderedOutput.newList();
        Iterator<SensorFrame> a = stream("a");
        try (Harness h = harness(events, null)) {
            for (int i = 0; i < BATCH; i++) {
                SensorFrame f = a.next();
                List<Float> values = new ArrayList<>(f.getValues());
                if (i == 3) {
                    values.set(5, Float.NaN); // as if validation had been bypassed: the code is NaN
                } else if (i == 6) {
                    values.replaceAll(v -> Float.MAX_VALUE); // finite, codes finite, error overflows
                }
                f.setValues(values);
                h.process(f);
            }
            assertThat(h.fn().metrics().nonFiniteCodes()).isEqualTo(1);
            assertThat(h.fn().metrics().framesNotTrained()).isEqualTo(1);
            assertThat(h.fn().metrics().codes()).isEqualTo(BATCH - 1);
            assertThat(h.fn().metrics().rollbacks()).isZero();
        }
        assertThat(codes(events)).extracting(CompressedCode::getSeq).containsExactly(0L, 1L, 2L, 4L, 5L, 6L, 7L);
        List<DeadLetter> dead = of(events, CompressorFunction.DEAD_LETTERS.getId(), DeadLetter.class);
        assertThat(dead).singleElement().satisfies(d -> {
            assertThat(d.getReasonCode()).isEqualTo(DeadLetterReason.NON_FINITE);
            assertThat(d.getSourceTopic()).isEqualTo(CodeRecords.COMPRESSOR_SOURCE);
            assertThat(d.getOffset()).isEqualTo(3);
            assertThat(SensorFrame.fromByteBuffer(d.getValue()).getSeq()).isEqualTo(3);
        });
    }

    /**
     * More keys than max-live-models: the least recently used model rests in keyed state and comes
     * back at its last version when its key does; versions go on (no second version 1) and the
     * live set stays bounded.
     */
    @Test
    void modelsBeyondTheLiveBoundRestInStateAndComeBackAtTheirVersion() throws Exception {
        List<Emitted> events = OrderedOutput.newList();
        CompressionConfig bounded = config().toBuilder()
                .set(io.sosae.jobs.config.CompressionOptions.MAX_LIVE_MODELS, 2)
                .build();
        List<String> keys = List.of("a", "b", "c");
        Map<String, Iterator<SensorFrame>> streams = new HashMap<>();
        keys.forEach(k -> streams.put(k, stream(k)));
        try (Harness h = harness(events, null, bounded)) {
            // runs of 80 frames a key (more than PROMOTE_EVERY), round robin over the three keys
            for (int round = 0; round < 4; round++) {
                for (String k : keys) {
                    for (int i = 0; i < 80; i++) {
                        h.process(streams.get(k).next());
                    }
                    assertThat(h.fn().liveModels()).isLessThanOrEqualTo(2);
                }
            }
            h.endOfInput();
            assertThat(h.fn().metrics().codes()).isEqualTo(3 * 4 * 80);
            assertThat(h.fn().metrics().evictions()).isGreaterThanOrEqualTo(10);
        }
        for (String k : keys) {
            List<Long> versions = snapshots(events).stream()
                    .filter(s -> s.getModelKey().equals(k))
                    .map(DecoderSnapshot::getModelVersion)
                    .toList();
            assertThat(versions.get(0)).isEqualTo(1);
            for (int i = 1; i < versions.size(); i++) {
                assertThat(versions.get(i))
                        .as("versions of %s: %s", k, versions)
                        .isEqualTo(versions.get(i - 1) + 1);
            }
            assertThat(versions.size()).as("versions of %s", k).isGreaterThanOrEqualTo(4);
            List<CompressedCode> codes = codes(events).stream()
                    .filter(c -> c.getModelKey().equals(k))
                    .toList();
            assertThat(codes).hasSize(4 * 80);
            for (int i = 1; i < codes.size(); i++) {
                assertThat(codes.get(i).getModelVersion())
                        .isGreaterThanOrEqualTo(codes.get(i - 1).getModelVersion());
            }
        }
    }

    /** What a run published: per key, its versions' lengths in order, and its codes' versions. */
    private record Published(Map<String, List<Integer>> lengths, Map<String, List<Long>> codeVersions) {}

    private static Published publishedBy(List<Emitted> events) {
        Map<String, List<Integer>> lengths = new HashMap<>();
        for (DecoderSnapshot s : snapshots(events)) {
            lengths.computeIfAbsent(s.getModelKey(), k -> new ArrayList<>()).add(s.getActiveLength());
        }
        Map<String, List<Long>> versions = new HashMap<>();
        for (CompressedCode c : codes(events)) {
            versions.computeIfAbsent(c.getModelKey(), k -> new ArrayList<>()).add(c.getModelVersion());
        }
        return new Published(lengths, versions);
    }

    /**
     * train-together: keys whose steps are stacked publish the versions they would publish with
     * every model stepping alone, and their codes carry the same versions.
     */
    @Test
    void keysTrainedTogetherPublishWhatTheyWouldAlone() throws Exception {
        List<String> keys = List.of("a", "b", "c", "d");
        Map<Integer, Published> runs = new HashMap<>();
        for (int together : new int[] {1, 4}) {
            List<Emitted> events = OrderedOutput.newList();
            CompressionConfig c = config().toBuilder()
                    .set(io.sosae.jobs.config.CompressionOptions.TRAIN_TOGETHER, together)
                    .build();
            Map<String, Iterator<SensorFrame>> streams = new HashMap<>();
            keys.forEach(k -> streams.put(k, stream(k)));
            try (Harness h = harness(events, null, c)) {
                for (int i = 0; i < 400; i++) { // interleaved frame by frame
                    for (String k : keys) {
                        h.process(streams.get(k).next());
                    }
                }
                h.endOfInput();
                assertThat(h.fn().metrics().codes()).isEqualTo(4 * 400);
                var counts = h.fn().jointCounts();
                if (together == 1) {
                    assertThat(counts).isNull();
                } else {
                    assertThat(counts.steps()).isGreaterThan(4 * 400 / 4 / 2);
                    // all but a promoting key's last steps, which it runs before its promotion
                    assertThat(counts.stackedSteps()).isGreaterThan(counts.steps() * 3 / 4);
                    assertThat(counts.modelsPerRound()).isEqualTo(4.0);
                }
            }
            runs.put(together, publishedBy(events));
        }
        assertThat(runs.get(4).codeVersions()).isEqualTo(runs.get(1).codeVersions());
        assertThat(runs.get(4).lengths()).isEqualTo(runs.get(1).lengths());
        assertThat(runs.get(1).lengths().get("a")).hasSizeGreaterThanOrEqualTo(6);
    }

    /**
     * state-ttl: a key that sends nothing for longer than the TTL loses its model and its state but
     * for its last version; when it comes back a new model starts, with versions after the last one
     * it published. A key that keeps sending is never expired.
     */
    @Test
    void aKeySilentForTheStateTtlLosesItsStateAndComesBackWithVersionsAfterItsLast() throws Exception {
        List<Emitted> events = OrderedOutput.newList();
        CompressionConfig ttl = config().toBuilder()
                .set(io.sosae.jobs.config.CompressionOptions.STATE_TTL, Duration.ofSeconds(10))
                .build();
        Iterator<SensorFrame> a = stream("a");
        Iterator<SensorFrame> b = stream("b");
        int before;
        int after;
        long[] lastVersionOfA = {0};
        try (Harness h = harness(events, null, ttl)) {
            for (int i = 0; i < 2 * PROMOTE_EVERY; i++) {
                h.process(a.next());
                h.process(b.next());
            }
            lastVersionOfA[0] = h.fn().gauges("a").modelVersion();
            assertThat(lastVersionOfA[0]).isGreaterThanOrEqualTo(3);
            before = h.h().numKeyedStateEntries();
            // b sends a batch every 4 s for 24 s; a sends nothing
            for (long t = 4_000; t <= 24_000; t += 4_000) {
                h.h().setProcessingTime(t);
                for (int i = 0; i < BATCH; i++) {
                    h.process(b.next());
                }
                if (t < 12_000) {
                    assertThat(h.fn().metrics().expirations()).as("at %d ms", t).isZero();
                }
            }
            after = h.h().numKeyedStateEntries();
            assertThat(h.fn().metrics().expirations()).isEqualTo(1);
            assertThat(h.fn().liveModels()).isEqualTo(1);
            assertThat(h.fn().gauges("a")).isNull();
            // a's model, last activity and timer went; one number, its last version, stays
            assertThat(before - after).isEqualTo(2);

            for (int i = 0; i < PROMOTE_EVERY + BATCH; i++) {
                h.process(a.next());
            }
            h.endOfInput();
            assertThat(h.fn().metrics().codes()).isEqualTo(4L * PROMOTE_EVERY + 6 * BATCH + PROMOTE_EVERY + BATCH);
        }
        for (String k : List.of("a", "b")) {
            List<DecoderSnapshot> snaps = snapshots(events).stream()
                    .filter(s -> s.getModelKey().equals(k))
                    .toList();
            for (int i = 1; i < snaps.size(); i++) {
                assertThat(snaps.get(i).getModelVersion())
                        .as("versions of %s", k)
                        .isEqualTo(snaps.get(i - 1).getModelVersion() + 1);
            }
            // every code comes after the snapshot of its version
            Set<Long> published = new HashSet<>();
            for (Emitted e : events) {
                if (e.value() instanceof DecoderSnapshot s && s.getModelKey().equals(k)) {
                    published.add(s.getModelVersion());
                } else if (e.value() instanceof CompressedCode c
                        && c.getModelKey().equals(k)) {
                    assertThat(published).contains(c.getModelVersion());
                }
            }
        }
        // after the expiry a's versions come from a new model: its reports start again from few samples
        List<LengthReport> reportsOfA =
                of(events, CompressorFunction.LENGTH_REPORTS.getId(), LengthReport.class).stream()
                        .filter(r -> r.getModelKey().equals("a"))
                        .toList();
        List<Long> afterExpiry = reportsOfA.stream()
                .filter(r -> r.getModelVersion() > lastVersionOfA[0])
                .map(LengthReport::getSamplesSeen)
                .toList();
        assertThat(afterExpiry).isNotEmpty().allSatisfy(n -> assertThat(n).isLessThanOrEqualTo(PROMOTE_EVERY + BATCH));
        assertThat(reportsOfA.stream()
                        .mapToLong(LengthReport::getSamplesSeen)
                        .max()
                        .orElse(0))
                .isGreaterThanOrEqualTo(2L * PROMOTE_EVERY - BATCH);
    }
}
