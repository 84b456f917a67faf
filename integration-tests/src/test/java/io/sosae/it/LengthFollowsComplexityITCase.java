package io.sosae.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The product's promise on the embedded runtime: the emitted code length follows the stream's
 * complexity (intrinsic dimension 4 -> 16 -> 6). The scenario is {@link
 * Scenarios#lengthFollowsComplexity}, shared with {@link DockerScenariosITCase}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class LengthFollowsComplexityITCase {
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
    void lengthRisesAfterTheStepUpAndFallsAfterTheStepDown() throws Exception {
        new Scenarios(platform).lengthFollowsComplexity("length-it");
    }
}
