package io.sosae.it;

import org.junit.jupiter.api.Test;

/**
 * The product's promise on the embedded runtime: the emitted code length follows the stream's
 * complexity (intrinsic dimension 4 -> 16 -> 6), and the drift detector alerts on the step up but
 * never on a stationary stream. The scenario is {@link
 * Scenarios#lengthFollowsComplexity}, shared with {@link DockerScenariosITCase}.
 */
class LengthFollowsComplexityITCase extends EmbeddedPlatformITCase {

    @Test
    void lengthRisesAfterTheStepUpAndFallsAfterTheStepDown() throws Exception {
        new Scenarios(platform).lengthFollowsComplexity("length-it");
    }

    @Test
    void aStationaryStreamRaisesNoDriftAlert() throws Exception {
        new Scenarios(platform).noDriftAlertsOnAStationaryStream("steady-it");
    }
}
