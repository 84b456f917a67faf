package io.sosae.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class RiceCodingTest {

    @Test
    void decodesTheBitsOfTheDocumentedFormat() {
        // k0 = 0000; u = 3 with k 0: 1110; mean (1 + 3 + 1) / 2 = 2, k 1: u = 1 is 0 then 1;
        // mean (2 + 1 + 1) / 2 = 2, k 1: u = 4 is 110 then 0; padded with zeros.
        byte[] payload = {(byte) 0b0000_1110, (byte) 0b0111_0000};

        assertThat(RiceCoding.decode(payload, 3)).containsExactly(3, 1, 4);
    }

    @Test
    void roundTripsSmallLargeAndEscapedValues() {
        SplittableRandom r = new SplittableRandom(7);
        for (int trial = 0; trial < 200; trial++) {
            long[] u = new long[r.nextInt(300)];
            double scale = Math.pow(2, r.nextInt(20));
            for (int j = 0; j < u.length; j++) {
                u[j] = RiceCoding.zigzag(Math.round(r.nextGaussian() * scale / (1 + j)));
            }
            if (u.length > 2) {
                u[r.nextInt(u.length)] = RiceCoding.zigzag(RiceCoding.MAX_MAGNITUDE); // escaped
                u[r.nextInt(u.length)] = RiceCoding.zigzag(-RiceCoding.MAX_MAGNITUDE);
            }

            assertThat(RiceCoding.decode(RiceCoding.encode(u), u.length)).containsExactly(u);
        }
    }

    @Test
    void zigzagInterleavesSigns() {
        assertThat(new long[] {RiceCoding.zigzag(0), RiceCoding.zigzag(-1), RiceCoding.zigzag(1), RiceCoding.zigzag(-2)
                })
                .containsExactly(0, 1, 2, 3);
        for (long q = -1000; q <= 1000; q++) {
            assertThat(RiceCoding.unzigzag(RiceCoding.zigzag(q))).isEqualTo(q);
        }
    }

    @Test
    void smallValuesTakeFewBitsAndNothingIsEmpty() {
        assertThat(RiceCoding.encode(new long[0])).isEmpty();
        assertThat(RiceCoding.encode(new long[16])).hasSize(3); // 4 + 16 bits
    }

    @Test
    void aTruncatedPayloadIsRejected() {
        byte[] full = RiceCoding.encode(new long[] {100, 200, 300, 400});

        assertThatThrownBy(() -> RiceCoding.decode(java.util.Arrays.copyOf(full, full.length - 1), 4))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("ends before its last value");
    }
}
