package io.sosae.connectors.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.schemas.DeadLetter;
import io.sosae.schemas.DeadLetterReason;
import org.junit.jupiter.api.Test;

class DeadLettersTest {

    @Test
    void keepsSmallValuesWholeAndTruncatesHugeOnesSoTheDeadLetterStillFitsKafka() {
        RawKafkaRecord small = new RawKafkaRecord("in", 0, 1, 0, null, new byte[] {1, 2});
        RawKafkaRecord huge = new RawKafkaRecord("in", 0, 2, 0, null, new byte[3 * 1024 * 1024]);

        DeadLetter a = DeadLetters.of(small, DeadLetterReason.UNDECODABLE, "bad", 5);
        DeadLetter b = DeadLetters.of(huge, DeadLetterReason.OVERSIZED, "too big", 5);

        assertThat(a.getValue().remaining()).isEqualTo(2);
        assertThat(a.getKey()).isNull();
        assertThat(b.getValue().remaining()).isEqualTo(DeadLetters.MAX_KEPT_VALUE_BYTES);
        assertThat(b.getReason()).startsWith("too big").contains("truncated from 3145728");
        assertThat(DeadLetters.of(small, DeadLetterReason.INVALID, "x".repeat(5000), 5)
                        .getReason())
                .hasSize(DeadLetters.MAX_REASON_CHARS + 3);
    }
}
