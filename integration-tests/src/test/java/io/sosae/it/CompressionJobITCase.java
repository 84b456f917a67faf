package io.sosae.it;

import io.sosae.jobs.config.CompressionConfig;
import io.sosae.schemas.SensorFrame;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * The compression job end to end: SensorFrames from the simulator, Confluent-format Avro, through a
 * real in-JVM Kafka broker and a real Apicurio registry, the production pipeline on a Flink
 * MiniCluster with 500 ms checkpoints and exactly-once Kafka sinks; output read back with
 * read_committed and decoded with the test's own decoder. The scenario itself is
 * {@link Scenarios#everyFrameIsCodedExactlyOnceAndDecodesFromItsCommittedSnapshot}, shared with
 * {@link DockerScenariosITCase}.
 */
class CompressionJobITCase extends EmbeddedPlatformITCase {

    /** The scenario's model settings (see {@link Scenarios#config()}). */
    static CompressionConfig config() {
        return Scenarios.config();
    }

    /** The scenario's inputs (see {@link Scenarios#inputs}). */
    static List<SensorFrame> inputs(Map<String, SensorFrame> byId) {
        return Scenarios.inputs(byId);
    }

    @Test
    void everyFrameIsCodedExactlyOnceAndDecodesFromItsCommittedSnapshot() throws Exception {
        new Scenarios(platform).everyFrameIsCodedExactlyOnceAndDecodesFromItsCommittedSnapshot("compression-it");
    }
}
