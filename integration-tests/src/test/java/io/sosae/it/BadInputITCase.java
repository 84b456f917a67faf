package io.sosae.it;

import org.junit.jupiter.api.Test;

/**
 * Bad input end to end on the embedded runtime: each kind of bad record lands in the dead-letter
 * topic with its reason, source topic and offset, the job keeps running, the good records around
 * them are all coded, and the counts add up (codes + dead letters = records produced). The scenario
 * itself is {@link Scenarios#eachBadRecordIsDeadLetteredWithItsReasonAndTheGoodOnesAroundItAreCoded},
 * shared with {@link DockerScenariosITCase}.
 */
class BadInputITCase extends EmbeddedPlatformITCase {

    @Test
    void eachBadRecordIsDeadLetteredWithItsReasonAndTheGoodOnesAroundItAreCoded() throws Exception {
        new Scenarios(platform).eachBadRecordIsDeadLetteredWithItsReasonAndTheGoodOnesAroundItAreCoded("bad-input-it");
    }
}
