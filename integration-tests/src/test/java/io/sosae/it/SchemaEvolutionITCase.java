package io.sosae.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Schema evolution on the embedded runtime (Apicurio's Confluent API): SensorFrames written with a
 * newer schema version (v2 = SensorFrame plus an optional {@code unit} with default null,
 * registered BACKWARD compatible under the same subject, written as GenericRecords in the
 * Confluent wire format) mixed with v1 frames; every frame of both versions gets exactly one
 * committed code and nothing is dead-lettered. The scenario is
 * {@link Scenarios#framesOfOldAndNewSchemaVersionsAreAllCoded}, shared with {@link DockerScenariosITCase}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class SchemaEvolutionITCase {

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

    @Test
    void framesOfOldAndNewSchemaVersionsAreAllCoded() throws Exception {
        new Scenarios(platform).framesOfOldAndNewSchemaVersionsAreAllCoded("schema-evolution-it");
    }
}
