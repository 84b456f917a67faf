package io.sosae.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * Bad input end to end on the embedded runtime: each kind of bad record lands in the dead-letter
 * topic with its reason, source topic and offset, the job keeps running, the good records around
 * them are all coded, and the counts add up (codes + dead letters = records produced). The scenario
 * itself is {@link Scenarios#eachBadRecordIsDeadLetteredWithItsReasonAndTheGoodOnesAroundItAreCoded},
 * shared with {@link DockerScenariosITCase}.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class BadInputITCase {

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
    void eachBadRecordIsDeadLetteredWithItsReasonAndTheGoodOnesAroundItAreCoded() throws Exception {
        new Scenarios(platform).eachBadRecordIsDeadLetteredWithItsReasonAndTheGoodOnesAroundItAreCoded("bad-input-it");
    }
}
