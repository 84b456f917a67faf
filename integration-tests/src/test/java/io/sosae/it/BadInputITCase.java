package io.sosae.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.connectors.generator.SensorStreamSimulator;
import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.jobs.job.CompressionConfig;
import io.sosae.jobs.job.CompressionJob;
import io.sosae.jobs.job.Sinks;
import io.sosae.schemas.DeadLetter;
import io.sosae.schemas.DeadLetterReason;
import io.sosae.schemas.SensorFrame;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad input end to end: each kind of bad record lands in the dead-letter topic with its reason,
 * source topic and offset, the job keeps running, the good records around them are all coded, and
 * the counts add up (codes + dead letters = records produced).
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputITCase {

    private static final int CHANNELS = 64;
    private static final int MAX_VALUES = 128;
    private static final int GOOD = 400;

    private EmbeddedPlatform platform;

    @BeforeAll
    void start() {
        platform = EmbeddedPlatform.start();
    }

    @AfterAll
    void stop() {
        if (platform != null) {
            platform.close();
        }
    }

    private record Bad(String what, DeadLetterReason reason, Function<String, byte[]> value) {}

    private static SensorFrame frame(long seq, int values, float fill) {
        List<Float> v = new ArrayList<>(Collections.nCopies(values, 0.5f));
        if (values > 0) {
            v.set(values / 2, fill);
        }
        return SensorFrame.newBuilder().setStreamId("bad-stream").setSeq(seq)
                .setEventTime(Instant.parse("2026-01-01T00:00:00Z")).setValues(v).build();
    }

    private List<Bad> badInputs() {
        return List.of(
                new Bad("garbage bytes", DeadLetterReason.UNDECODABLE,
                        topic -> "definitely not avro".getBytes(StandardCharsets.UTF_8)),
                new Bad("truncated avro", DeadLetterReason.UNDECODABLE, topic -> {
                    byte[] ok = platform.serialize(topic, frame(1, CHANNELS, 0.5f));
                    return Arrays.copyOf(ok, ok.length / 2);
                }),
                new Bad("unknown schema id", DeadLetterReason.UNKNOWN_SCHEMA, topic -> {
                    byte[] ok = platform.serialize(topic, frame(2, CHANNELS, 0.5f));
                    ByteBuffer.wrap(ok).putInt(1, 424_242);
                    return ok;
                }),
                new Bad("wrong dimension", DeadLetterReason.WRONG_DIMENSION,
                        topic -> platform.serialize(topic, frame(3, CHANNELS / 2, 0.5f))),
                new Bad("NaN value", DeadLetterReason.NON_FINITE,
                        topic -> platform.serialize(topic, frame(4, CHANNELS, Float.NaN))),
                new Bad("infinite value", DeadLetterReason.NON_FINITE,
                        topic -> platform.serialize(topic, frame(5, CHANNELS, Float.POSITIVE_INFINITY))),
                new Bad("empty array", DeadLetterReason.EMPTY,
                        topic -> platform.serialize(topic, frame(6, 0, 0f))),
                new Bad("null value", DeadLetterReason.EMPTY, topic -> null),
                new Bad("zero bytes", DeadLetterReason.EMPTY, topic -> new byte[0]),
                new Bad("oversized frame", DeadLetterReason.OVERSIZED,
                        topic -> platform.serialize(topic, frame(7, MAX_VALUES + 72, 0.5f))));
    }

    @Test
    void eachBadRecordIsDeadLetteredWithItsReasonAndTheGoodOnesAroundItAreCoded() throws Exception {
        KafkaSettings settings = platform.settings("bad-input-it", 1);
        String topic = settings.topics().sensorFrames();

        // Good frames with one bad record after every 40th: offsets are positions in this list.
        List<Bad> bad = badInputs();
        Iterator<SensorFrame> good = SensorStreamSimulator.builder().streamId("good-0").channels(CHANNELS)
                .schedule("5:" + GOOD).seed(3).build().frames();
        Map<String, SensorFrame> goodById = new HashMap<>();
        List<byte[]> values = new ArrayList<>();
        Map<Long, Bad> badAt = new HashMap<>();
        for (int i = 0; i < GOOD; i++) {
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

        CompressionConfig config = CompressionConfig.builder(CHANNELS).device("cpu").maxValues(MAX_VALUES)
                .encoding("FLOAT16").batchSize(16).maxWait(Duration.ofMillis(50)).promoteEvery(150).build();
        StreamExecutionEnvironment env = EmbeddedPlatform.environment("bad-input-it", new Configuration());
        env.setParallelism(1);
        env.enableCheckpointing(500);
        CompressionJob.build(env, platform.boundedSource(settings), platform.registry,
                Sinks.kafka(settings, platform.registry, DeliveryGuarantee.EXACTLY_ONCE), config);
        env.execute("bad-input-it");

        CommittedOutput out = CommittedOutput.read(platform, settings);
        assertThat(out.codes.size() + out.deadLetters.size()).as("codes + dead letters = records produced")
                .isEqualTo(values.size());
        out.assertExactlyOneCodePerInput(goodById.keySet());

        assertThat(out.deadLetters).hasSize(bad.size());
        for (DeadLetter d : out.deadLetters) {
            Bad expected = badAt.get(d.getOffset());
            assertThat(expected).as("a dead letter at offset %d, where no bad record was", d.getOffset()).isNotNull();
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
}
