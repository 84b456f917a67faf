package io.sosae.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.connectors.generator.SensorStreamSimulator;
import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.connectors.registry.CompatibilityLevel;
import io.sosae.connectors.registry.SchemaRegistryClient;
import io.sosae.connectors.serde.ConfluentWireFormat;
import io.sosae.connectors.serde.SubjectNaming;
import io.sosae.jobs.config.CompressionConfig;
import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.DeadLetter;
import io.sosae.schemas.DeadLetterReason;
import io.sosae.schemas.DriftDirection;
import io.sosae.schemas.DriftSignal;
import io.sosae.schemas.LengthReport;
import io.sosae.schemas.SensorFrame;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.function.Predicate;
import org.apache.avro.JsonProperties;
import org.apache.avro.Schema;
import org.apache.avro.generic.GenericData;
import org.apache.avro.generic.GenericDatumWriter;
import org.apache.avro.generic.GenericRecord;
import org.apache.avro.io.BinaryEncoder;
import org.apache.avro.io.EncoderFactory;

/**
 * The end-to-end scenarios, written once against a {@link Platform} (a bootstrap address and a
 * Confluent-API registry URL): the embedded ITCases run them on the in-JVM broker and Apicurio,
 * {@link DockerScenariosITCase} on a Kafka container and Confluent's own schema registry, with
 * the very same assertions.
 */
final class Scenarios {

    // --- the compression scenario's inputs and model (also used by FailureRestoreITCase) ---

    static final int CHANNELS = 64;
    static final int PER_STREAM = 1500;
    static final List<String> STREAMS = List.of("sim-0", "sim-1");
    /**
     * Codes of trained versions (3 and later) reconstruct their frames to a mean absolute error below
     * this (values in [0, 1]; measured about 0.035 at L = 13 with the default model settings;
     * version 1, an untrained network, about 0.2).
     */
    static final double TRAINED_ERROR_BOUND = 0.06;

    private static final int BAD_INPUT_MAX_VALUES = 128;
    private static final int BAD_INPUT_GOOD = 400;

    private final Platform platform;

    Scenarios(Platform platform) {
        this.platform = platform;
    }

    static CompressionConfig config() {
        return CompressionConfig.builder(CHANNELS)
                .capacity(64)
                .device("cpu")
                .batchSize(32)
                .maxWait(Duration.ofMillis(100))
                .promoteEvery(400)
                .build();
    }

    static Iterator<SensorFrame> simulator(String streamId) {
        return SensorStreamSimulator.builder()
                .streamId(streamId)
                .channels(CHANNELS)
                .schedule("6:" + PER_STREAM)
                .seed(7 + streamId.hashCode())
                .build()
                .frames();
    }

    /** The inputs of all streams, interleaved, and by (streamId, seq). */
    static List<SensorFrame> inputs(Map<String, SensorFrame> byId) {
        return inputs(byId, PER_STREAM);
    }

    /** The first {@code perStream} frames of every stream, interleaved, and by (streamId, seq). */
    static List<SensorFrame> inputs(Map<String, SensorFrame> byId, int perStream) {
        List<Iterator<SensorFrame>> its =
                STREAMS.stream().map(Scenarios::simulator).toList();
        List<SensorFrame> all = new ArrayList<>();
        for (int i = 0; i < perStream; i++) {
            for (Iterator<SensorFrame> it : its) {
                SensorFrame f = it.next();
                all.add(f);
                byId.put(CommittedOutput.id(f.getStreamId(), f.getSeq()), f);
            }
        }
        return all;
    }

    static double meanError(List<CompressedCode> codes, Map<String, Double> errors, Predicate<CompressedCode> which) {
        return codes.stream()
                .filter(which)
                .mapToDouble(c -> errors.get(CommittedOutput.id(c.getStreamId(), c.getSeq())))
                .average()
                .orElseThrow();
    }

    /**
     * SensorFrames from the simulator through the production pipeline with 500 ms checkpoints and
     * exactly-once sinks: one committed code per frame, contiguous snapshot versions, reports that
     * match them, codes that decode from their committed snapshot, and training that works.
     */
    void everyFrameIsCodedExactlyOnceAndDecodesFromItsCommittedSnapshot(String name) throws Exception {
        KafkaSettings settings = platform.settings(name, 2);
        Map<String, SensorFrame> byId = new HashMap<>();
        long produced = platform.produce(settings, inputs(byId).iterator());
        assertThat(produced).isEqualTo((long) STREAMS.size() * PER_STREAM);

        long start = System.nanoTime();
        platform.runJobExactlyOnce(name, settings, config(), 2);
        System.out.printf("compression job: %d frames in %.1f s%n", produced, (System.nanoTime() - start) / 1e9);

        CommittedOutput out = CommittedOutput.read(platform, settings);
        out.assertExactlyOneCodePerInput(byId.keySet());
        assertThat(out.deadLetters).isEmpty();
        Map<String, Long> maxVersion = out.assertSnapshotVersionsContiguous();
        assertThat(maxVersion.keySet()).containsExactlyInAnyOrderElementsOf(STREAMS);
        assertThat(maxVersion.values()).allSatisfy(v -> assertThat(v).isGreaterThanOrEqualTo(3));
        out.assertReportsMatchSnapshots();
        out.assertVersionsMonotonePerStream();
        Map<String, Double> errors = out.assertEveryCodeDecodes(byId, 1e-4);

        // Training works: codes of the last versions reconstruct well, better than version 1's.
        double first = meanError(out.codes, errors, c -> c.getModelVersion() == 1);
        double trained = meanError(out.codes, errors, c -> c.getModelVersion() >= 3);
        System.out.printf(
                "mean reconstruction error: version 1 %.4f, versions >= 3 %.4f; lengths %s%n",
                first,
                trained,
                out.snapshots.stream()
                        .map(s -> s.getModelKey() + "@" + s.getModelVersion() + ":L=" + s.getActiveLength())
                        .toList());
        assertThat(trained).isLessThan(TRAINED_ERROR_BOUND).isLessThan(first);
    }

    // --- length follows complexity ---

    /** Records per phase of the 4 -> 16 -> 6 schedule. */
    static final int PHASE = 6000;
    /** Records after a switch within which the reported length must have moved. */
    static final int REACTION = 3000;

    /**
     * One stream whose intrinsic dimension steps 4 -> 16 -> 6 (64 channels, capacity 64) through
     * the production pipeline: the reported active length rises to >= 12 within REACTION records
     * after the step up and stays <= 12 from REACTION records after the step down; every frame is
     * still coded exactly once and decodes from its committed snapshot.
     */
    void lengthFollowsComplexity(String name) throws Exception {
        KafkaSettings settings = platform.settings(name, 1);
        Map<String, SensorFrame> byId = new HashMap<>();
        Iterator<SensorFrame> sim = SensorStreamSimulator.builder()
                .streamId("steps")
                .channels(CHANNELS)
                .schedule("4:" + PHASE + ",16:" + PHASE + ",6:" + PHASE)
                .seed(7)
                .noise(0.01)
                .build()
                .frames();
        List<SensorFrame> frames = new ArrayList<>();
        while (sim.hasNext() && frames.size() < 3 * PHASE) {
            SensorFrame f = sim.next();
            frames.add(f);
            byId.put(CommittedOutput.id(f.getStreamId(), f.getSeq()), f);
        }
        platform.produce(settings, frames.iterator());

        CompressionConfig cfg = streamingDefaults();
        platform.runJobExactlyOnce(name, settings, cfg, 1);

        CommittedOutput out = CommittedOutput.read(platform, settings);
        out.assertExactlyOneCodePerInput(byId.keySet());
        out.assertEveryCodeDecodes(byId, 1e-4);
        List<long[]> trajectory = out.reports.stream()
                .sorted(java.util.Comparator.comparingLong(LengthReport::getSamplesSeen))
                .map(r -> new long[] {r.getSamplesSeen(), r.getActiveLength()})
                .toList();
        System.out.println("length trajectory (samples seen: L): "
                + trajectory.stream().map(t -> t[0] + ":" + t[1]).collect(java.util.stream.Collectors.joining(" ")));

        int endOfFirstPhase = (int) trajectory.stream()
                .filter(t -> t[0] <= PHASE)
                .mapToLong(t -> t[1])
                .reduce((a, b) -> b)
                .orElseThrow();
        assertThat(endOfFirstPhase).as("L at the end of the dimension-4 phase").isLessThan(12);
        assertThat(trajectory.stream()
                        .filter(t -> t[0] > PHASE && t[0] <= PHASE + REACTION)
                        .mapToLong(t -> t[1])
                        .max()
                        .orElseThrow())
                .as("L within %d records after the step up to 16", REACTION)
                .isGreaterThanOrEqualTo(12);
        assertThat(trajectory.stream()
                        .filter(t -> t[0] >= 2 * PHASE + REACTION)
                        .map(t -> t[1])
                        .toList())
                .as("L from %d records after the step down to 6", REACTION)
                .isNotEmpty()
                .allSatisfy(l -> assertThat(l).isLessThanOrEqualTo(12));

        // the drift detector on the committed length reports: quiet while the stream is stationary,
        // a length alert (upward) soon after the step up
        Map<Long, Long> samplesAt = out.reports.stream()
                .collect(
                        java.util.stream.Collectors.toMap(LengthReport::getModelVersion, LengthReport::getSamplesSeen));
        System.out.println("drift alerts: "
                + out.alerts.stream()
                        .map(a -> a.getSignal() + " " + a.getDirection() + " at " + samplesAt.get(a.getModelVersion())
                                + " (" + a.getReference() + " -> " + a.getValue() + ")")
                        .toList());
        assertThat(out.alerts)
                .as("alerts during the stationary first phase")
                .noneMatch(a -> samplesAt.get(a.getModelVersion()) <= PHASE);
        assertThat(out.alerts)
                .as("an upward length alert within %d records of the step up", REACTION)
                .anyMatch(a -> a.getSignal() == DriftSignal.EMITTED_LENGTH
                        && a.getDirection() == DriftDirection.UP
                        && samplesAt.get(a.getModelVersion()) > PHASE
                        && samplesAt.get(a.getModelVersion()) <= PHASE + REACTION);
    }

    /** The job's calibrated streaming defaults at capacity 64 on the CPU. */
    private static CompressionConfig streamingDefaults() {
        return CompressionConfig.builder(CHANNELS)
                .capacity(64)
                .device("cpu")
                .batchSize(32)
                .maxWait(Duration.ofMillis(100))
                .build();
    }

    /** A stream whose complexity never changes: the drift detector raises nothing. */
    void noDriftAlertsOnAStationaryStream(String name) throws Exception {
        KafkaSettings settings = platform.settings(name, 1);
        Iterator<SensorFrame> sim = SensorStreamSimulator.builder()
                .streamId("steady")
                .channels(CHANNELS)
                .schedule("4:" + 2 * PHASE)
                .seed(8)
                .noise(0.01)
                .build()
                .frames();
        List<SensorFrame> frames = new ArrayList<>();
        while (sim.hasNext() && frames.size() < 2 * PHASE) {
            frames.add(sim.next());
        }
        platform.produce(settings, frames.iterator());
        CompressionConfig cfg = streamingDefaults();
        platform.runJobExactlyOnce(name, settings, cfg, 1);
        CommittedOutput out = CommittedOutput.read(platform, settings);
        assertThat(out.reports).as("reports the detector tested").hasSizeGreaterThan(20);
        assertThat(out.alerts).as("drift alerts on a stationary stream").isEmpty();
    }

    // --- bad input ---

    private record Bad(String what, DeadLetterReason reason, Function<String, byte[]> value) {}

    private static SensorFrame badInputFrame(long seq, int values, float fill) {
        List<Float> v = new ArrayList<>(Collections.nCopies(values, 0.5f));
        if (values > 0) {
            v.set(values / 2, fill);
        }
        return SensorFrame.newBuilder()
                .setStreamId("bad-stream")
                .setSeq(seq)
                .setEventTime(Instant.parse("2026-01-01T00:00:00Z"))
                .setValues(v)
                .build();
    }

    private List<Bad> badInputs() {
        return List.of(
                new Bad("garbage bytes", DeadLetterReason.UNDECODABLE, topic -> "definitely not avro"
                        .getBytes(StandardCharsets.UTF_8)),
                new Bad("truncated avro", DeadLetterReason.UNDECODABLE, topic -> {
                    byte[] ok = platform.serialize(topic, badInputFrame(1, CHANNELS, 0.5f));
                    return Arrays.copyOf(ok, ok.length / 2);
                }),
                new Bad("unknown schema id", DeadLetterReason.UNKNOWN_SCHEMA, topic -> {
                    byte[] ok = platform.serialize(topic, badInputFrame(2, CHANNELS, 0.5f));
                    ByteBuffer.wrap(ok).putInt(1, 424_242);
                    return ok;
                }),
                new Bad(
                        "wrong dimension",
                        DeadLetterReason.WRONG_DIMENSION,
                        topic -> platform.serialize(topic, badInputFrame(3, CHANNELS / 2, 0.5f))),
                new Bad(
                        "NaN value",
                        DeadLetterReason.NON_FINITE,
                        topic -> platform.serialize(topic, badInputFrame(4, CHANNELS, Float.NaN))),
                new Bad(
                        "infinite value",
                        DeadLetterReason.NON_FINITE,
                        topic -> platform.serialize(topic, badInputFrame(5, CHANNELS, Float.POSITIVE_INFINITY))),
                new Bad(
                        "empty array",
                        DeadLetterReason.EMPTY,
                        topic -> platform.serialize(topic, badInputFrame(6, 0, 0f))),
                new Bad("null value", DeadLetterReason.EMPTY, topic -> null),
                new Bad("zero bytes", DeadLetterReason.EMPTY, topic -> new byte[0]),
                new Bad(
                        "oversized frame",
                        DeadLetterReason.OVERSIZED,
                        topic -> platform.serialize(topic, badInputFrame(7, BAD_INPUT_MAX_VALUES + 72, 0.5f))));
    }

    /**
     * Bad input: each kind of bad record lands in the dead-letter topic with its reason, source topic
     * and offset, the job keeps running, the good records around them are all coded, and the counts
     * add up (codes + dead letters = records produced).
     */
    void eachBadRecordIsDeadLetteredWithItsReasonAndTheGoodOnesAroundItAreCoded(String name) throws Exception {
        KafkaSettings settings = platform.settings(name, 1);
        String topic = settings.topics().sensorFrames();

        // Good frames with one bad record after every 40th: offsets are positions in this list.
        List<Bad> bad = badInputs();
        Iterator<SensorFrame> good = SensorStreamSimulator.builder()
                .streamId("good-0")
                .channels(CHANNELS)
                .schedule("5:" + BAD_INPUT_GOOD)
                .seed(3)
                .build()
                .frames();
        Map<String, SensorFrame> goodById = new HashMap<>();
        List<byte[]> values = new ArrayList<>();
        Map<Long, Bad> badAt = new HashMap<>();
        for (int i = 0; i < BAD_INPUT_GOOD; i++) {
            SensorFrame f = good.next();
            goodById.put(CommittedOutput.id(f.getStreamId(), f.getSeq()), f);
            values.add(platform.serialize(topic, f));
            if (i % 40 == 20) {
                Bad b = bad.get(badAt.size());
                badAt.put((long) values.size(), b);
                values.add(b.value().apply(topic));
            }
        }
        assertThat(badAt).hasSize(bad.size());
        platform.produceRaw(topic, values);

        CompressionConfig config = CompressionConfig.builder(CHANNELS)
                .device("cpu")
                .maxValues(BAD_INPUT_MAX_VALUES)
                .encoding("FLOAT16")
                .batchSize(16)
                .maxWait(Duration.ofMillis(50))
                .promoteEvery(150)
                .build();
        platform.runJobExactlyOnce(name, settings, config, 1);

        CommittedOutput out = CommittedOutput.read(platform, settings);
        assertThat(out.codes.size() + out.deadLetters.size())
                .as("codes + dead letters = records produced")
                .isEqualTo(values.size());
        out.assertExactlyOneCodePerInput(goodById.keySet());

        assertThat(out.deadLetters).hasSize(bad.size());
        for (DeadLetter d : out.deadLetters) {
            Bad expected = badAt.get(d.getOffset());
            assertThat(expected)
                    .as("a dead letter at offset %d, where no bad record was", d.getOffset())
                    .isNotNull();
            assertThat(d.getReasonCode()).as(expected.what()).isEqualTo(expected.reason());
            assertThat(d.getSourceTopic()).isEqualTo(topic);
            assertThat(d.getPartition()).isZero();
            byte[] original = values.get((int) d.getOffset());
            if (original == null) {
                assertThat(d.getValue()).as(expected.what()).isNull();
            } else {
                assertThat(toArray(d.getValue())).as(expected.what()).isEqualTo(original);
            }
        }
        assertThat(out.deadLetters).extracting(DeadLetter::getOffset).doesNotHaveDuplicates();

        out.assertSnapshotVersionsContiguous();
        out.assertReportsMatchSnapshots();
        // FLOAT16 codes: the reported error is the float32 code's; half precision moves it a little.
        out.assertEveryCodeDecodes(goodById, 5e-3);
    }

    private static byte[] toArray(ByteBuffer b) {
        ByteBuffer d = b.duplicate();
        byte[] a = new byte[d.remaining()];
        d.get(a);
        return a;
    }

    // --- schema evolution ---

    static final int EVOLUTION_PER_STREAM = 450;
    static final List<String> EVOLUTION_STREAMS = List.of("evo-0", "evo-1");

    /**
     * SensorFrame v2: the current SensorFrame schema plus {@code unit: ["null","string"] = null}
     * at the end, a BACKWARD compatible change (a v2 reader reads v1 data with the default).
     */
    static Schema sensorFrameV2() {
        return withAddedField(
                SensorFrame.getClassSchema(),
                new Schema.Field(
                        "unit",
                        Schema.createUnion(Schema.create(Schema.Type.NULL), Schema.create(Schema.Type.STRING)),
                        "Physical unit of the values (added in v2).",
                        JsonProperties.NULL_VALUE));
    }

    /**
     * Not BACKWARD compatible: a new required field without a default (a reader of this schema
     * cannot read the v1 data already in the topic).
     */
    static Schema sensorFrameIncompatible() {
        return withAddedField(
                sensorFrameV2(),
                new Schema.Field("site", Schema.create(Schema.Type.STRING), "Required, no default.", (Object) null));
    }

    private static Schema withAddedField(Schema base, Schema.Field added) {
        List<Schema.Field> fields = new ArrayList<>();
        for (Schema.Field f : base.getFields()) {
            fields.add(new Schema.Field(f, f.schema()));
        }
        fields.add(added);
        Schema s = Schema.createRecord(base.getName(), base.getDoc(), base.getNamespace(), false, fields);
        return new Schema.Parser().parse(s.toString()); // a clean, independent copy as the registry sees it
    }

    /** The Confluent wire format of a GenericRecord: magic 0, the writer schema's id, Avro binary. */
    static byte[] serializeGeneric(int schemaId, Schema schema, GenericRecord record) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        out.writeBytes(ConfluentWireFormat.header(schemaId));
        BinaryEncoder encoder = EncoderFactory.get().directBinaryEncoder(out, null);
        try {
            new GenericDatumWriter<GenericRecord>(schema, GenericData.get()).write(record, encoder);
            encoder.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** A SensorFrame as a v2 GenericRecord, with a unit (or null). */
    static GenericRecord asV2(Schema v2, SensorFrame f, String unit) {
        GenericRecord r = new GenericData.Record(v2);
        r.put("streamId", f.getStreamId());
        r.put("seq", f.getSeq());
        r.put("eventTime", f.getEventTime().toEpochMilli());
        r.put("values", new ArrayList<>(f.getValues()));
        r.put("channelNames", f.getChannelNames() == null ? null : new ArrayList<>(f.getChannelNames()));
        r.put("label", f.getLabel());
        r.put("unit", unit);
        return r;
    }

    /**
     * Schema evolution: a producer with a newer SensorFrame schema (v2, an added optional field)
     * registers it under the same subject (BACKWARD compatibility, which rejects an incompatible
     * v3) and writes GenericRecords while the old producer keeps writing v1; the job, whose reader
     * schema is v1, codes every frame of both versions exactly once and dead-letters nothing.
     */
    void framesOfOldAndNewSchemaVersionsAreAllCoded(String name) throws Exception {
        KafkaSettings settings = platform.settings(name, 2);
        String topic = settings.topics().sensorFrames();
        String subject = SubjectNaming.valueSubject(topic);
        SchemaRegistryClient client = new SchemaRegistryClient(platform.registry);

        // v1 first (the old producer's serializer registers it on first use), then govern the subject.
        List<Iterator<SensorFrame>> its = EVOLUTION_STREAMS.stream()
                .map(s -> SensorStreamSimulator.builder()
                        .streamId(s)
                        .channels(CHANNELS)
                        .schedule("6:" + EVOLUTION_PER_STREAM)
                        .seed(11 + s.hashCode())
                        .build()
                        .frames())
                .toList();
        int v1Id = client.register(subject, SensorFrame.getClassSchema());
        client.setCompatibility(subject, CompatibilityLevel.BACKWARD);
        Schema v2 = sensorFrameV2();
        assertThat(client.isCompatible(subject, v2))
                .as("v2 (optional field with default) is BACKWARD compatible")
                .isTrue();
        int v2Id = client.register(subject, v2);
        assertThat(v2Id).as("v2 gets its own schema id").isNotEqualTo(v1Id);
        assertThat(client.versions(subject)).hasSize(2);
        assertThat(client.latest(subject).id()).isEqualTo(v2Id);
        assertThat(client.isCompatible(subject, sensorFrameIncompatible()))
                .as("a required field without default is not BACKWARD compatible")
                .isFalse();

        // Interleaved: per stream, runs of v1 and v2 records (the old producer and the new one).
        Map<String, SensorFrame> byId = new HashMap<>();
        Set<String> writtenWithV2 = new HashSet<>();
        List<byte[]> values = new ArrayList<>();
        for (int i = 0; i < EVOLUTION_PER_STREAM; i++) {
            for (Iterator<SensorFrame> it : its) {
                SensorFrame f = it.next();
                String id = CommittedOutput.id(f.getStreamId(), f.getSeq());
                byId.put(id, f);
                if ((i / 25) % 2 == 1 || i % 7 == 3) {
                    writtenWithV2.add(id);
                    values.add(serializeGeneric(v2Id, v2, asV2(v2, f, i % 2 == 0 ? "celsius" : null)));
                } else {
                    values.add(platform.serialize(topic, f));
                }
            }
        }
        for (byte[] v : values) {
            assertThat(ConfluentWireFormat.schemaId(v)).isIn(v1Id, v2Id);
        }
        assertThat(writtenWithV2.size()).isBetween(values.size() / 3, 2 * values.size() / 3);
        platform.produceRaw(topic, values);

        CompressionConfig config = config().toBuilder().promoteEvery(300).build();
        platform.runJobExactlyOnce(name, settings, config, 2);

        CommittedOutput out = CommittedOutput.read(platform, settings);
        assertThat(out.deadLetters).as("dead letters").isEmpty();
        out.assertExactlyOneCodePerInput(byId.keySet());
        long v2Codes = out.codes.stream()
                .filter(c -> writtenWithV2.contains(CommittedOutput.id(c.getStreamId(), c.getSeq())))
                .count();
        assertThat(v2Codes).as("codes of v2 frames").isEqualTo(writtenWithV2.size());
        assertThat(out.codes.size() - v2Codes).as("codes of v1 frames").isEqualTo(byId.size() - writtenWithV2.size());
        out.assertSnapshotVersionsContiguous();
        out.assertReportsMatchSnapshots();
        out.assertVersionsMonotonePerStream();
        // Same values, whichever schema wrote them: every code decodes to its frame.
        out.assertEveryCodeDecodes(byId, 1e-4);
        System.out.printf(
                "schema evolution: %d frames (%d written with v2, schema ids v1=%d v2=%d) -> %d codes, %d dead letters%n",
                byId.size(), writtenWithV2.size(), v1Id, v2Id, out.codes.size(), out.deadLetters.size());
    }
}
