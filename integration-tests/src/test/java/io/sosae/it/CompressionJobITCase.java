package io.sosae.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.connectors.generator.SensorStreamSimulator;
import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.jobs.job.CompressionConfig;
import io.sosae.jobs.job.CompressionJob;
import io.sosae.jobs.job.Sinks;
import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.SensorFrame;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The compression job end to end: SensorFrames from the simulator, Confluent-format Avro, through a
 * real in-JVM Kafka broker and a real Apicurio registry, the production pipeline on a Flink
 * MiniCluster with 500 ms checkpoints and exactly-once Kafka sinks; output read back with
 * read_committed and decoded with the test's own decoder.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class CompressionJobITCase {

    static final int CHANNELS = 64;
    static final int PER_STREAM = 1500;
    static final List<String> STREAMS = List.of("sim-0", "sim-1");
    /**
     * Codes of trained versions (3 and later) reconstruct their frames to a mean absolute error below
     * this (values in [0, 1]; measured about 0.035 at L = 13 with the default model settings;
     * version 1, an untrained network, about 0.2).
     */
    static final double TRAINED_ERROR_BOUND = 0.06;

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
        return SensorStreamSimulator.builder().streamId(streamId).channels(CHANNELS).schedule("6:" + PER_STREAM)
                .seed(7 + streamId.hashCode()).build().frames();
    }

    /** The inputs of all streams, interleaved, and by (streamId, seq). */
    static List<SensorFrame> inputs(Map<String, SensorFrame> byId) {
        List<Iterator<SensorFrame>> its = STREAMS.stream().map(CompressionJobITCase::simulator).toList();
        List<SensorFrame> all = new ArrayList<>();
        for (int i = 0; i < PER_STREAM; i++) {
            for (Iterator<SensorFrame> it : its) {
                SensorFrame f = it.next();
                all.add(f);
                byId.put(CommittedOutput.id(f.getStreamId(), f.getSeq()), f);
            }
        }
        return all;
    }

    @Test
    void everyFrameIsCodedExactlyOnceAndDecodesFromItsCommittedSnapshot() throws Exception {
        KafkaSettings settings = platform.settings("compression-it", 2);
        Map<String, SensorFrame> byId = new HashMap<>();
        long produced = platform.produce(settings, inputs(byId).iterator());
        assertThat(produced).isEqualTo((long) STREAMS.size() * PER_STREAM);

        StreamExecutionEnvironment env = EmbeddedPlatform.environment("compression-it", new Configuration());
        env.setParallelism(2);
        env.enableCheckpointing(500);
        CompressionJob.build(env, platform.boundedSource(settings), platform.registry,
                Sinks.kafka(settings, platform.registry, DeliveryGuarantee.EXACTLY_ONCE), config());
        long start = System.nanoTime();
        env.execute("compression-it");
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
        System.out.printf("mean reconstruction error: version 1 %.4f, versions >= 3 %.4f; lengths %s%n", first, trained,
                out.snapshots.stream().map(s -> s.getModelKey() + "@" + s.getModelVersion() + ":L=" + s.getActiveLength())
                        .toList());
        assertThat(trained).isLessThan(TRAINED_ERROR_BOUND).isLessThan(first);
    }

    static double meanError(List<CompressedCode> codes, Map<String, Double> errors,
                            java.util.function.Predicate<CompressedCode> which) {
        return codes.stream().filter(which)
                .mapToDouble(c -> errors.get(CommittedOutput.id(c.getStreamId(), c.getSeq())))
                .average().orElseThrow();
    }
}
