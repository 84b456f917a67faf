package io.sosae.it;

import org.junit.jupiter.api.Test;

/**
 * Schema evolution on the embedded runtime (Apicurio's Confluent API): SensorFrames written with a
 * newer schema version (v2 = SensorFrame plus an optional {@code unit} with default null,
 * registered BACKWARD compatible under the same subject, written as GenericRecords in the
 * Confluent wire format) mixed with v1 frames; every frame of both versions gets exactly one
 * committed code and nothing is dead-lettered. The scenario is
 * {@link Scenarios#framesOfOldAndNewSchemaVersionsAreAllCoded}, shared with {@link DockerScenariosITCase}.
 */
class SchemaEvolutionITCase extends EmbeddedPlatformITCase {

    @Test
    void framesOfOldAndNewSchemaVersionsAreAllCoded() throws Exception {
        new Scenarios(platform).framesOfOldAndNewSchemaVersionsAreAllCoded("schema-evolution-it");
    }
}
