package io.sosae.model.codec;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CodeCodecTest {
    @ParameterizedTest
    @EnumSource(
            value = CodeEncoding.class,
            names = {"FLOAT32", "FLOAT16", "INT8"})
    void roundTripStaysWithinTheEncodingsErrorBound(CodeEncoding encoding) {
        SplittableRandom r = new SplittableRandom(3);
        for (int trial = 0; trial < 50; trial++) {
            float[] v = new float[1 + r.nextInt(200)];
            for (int i = 0; i < v.length; i++) {
                v[i] = (float) (r.nextGaussian() * Math.pow(10, r.nextInt(5) - 2));
            }
            EncodedCode enc = CodeCodec.encode(v, encoding);
            assertThat(enc.payload()).hasSize(v.length * encoding.bytesPerValue());
            float[] back = CodeCodec.decode(enc);
            float bound = CodeCodec.maxRoundTripError(v, encoding);
            for (int i = 0; i < v.length; i++) {
                float tolerance =
                        encoding == CodeEncoding.FLOAT16 ? Math.max(Math.abs(v[i]) * 0x1p-11f, 0x1p-24f) : bound;
                assertThat(Math.abs(back[i] - v[i]))
                        .as("%s value %s", encoding, v[i])
                        .isLessThanOrEqualTo(tolerance);
            }
        }
    }

    @Test
    void float32IsExactAndLittleEndian() {
        EncodedCode enc = CodeCodec.encode(new float[] {1f}, CodeEncoding.FLOAT32);
        assertThat(enc.payload()).containsExactly(0, 0, (byte) 0x80, 0x3f);
    }

    @Test
    void halfPrecisionMatchesKnownBitPatterns() {
        assertThat(Half.fromFloat(1f)).isEqualTo((short) 0x3c00);
        assertThat(Half.fromFloat(-2f)).isEqualTo((short) 0xc000);
        assertThat(Half.fromFloat(65504f)).isEqualTo((short) 0x7bff);
        assertThat(Half.fromFloat(1e6f)).isEqualTo((short) 0x7c00);
        assertThat(Half.fromFloat(0x1p-24f)).isEqualTo((short) 0x0001);
        assertThat(Half.toFloat((short) 0x3555)).isEqualTo(0.33325195f);
        for (int bits = 0; bits < 0x7c00; bits++) { // every finite positive half survives a round trip
            assertThat(Half.fromFloat(Half.toFloat((short) bits))).isEqualTo((short) bits);
        }
    }

    @Test
    void int8UsesTheFullRangeAndAllZeroCodesStayZero() {
        EncodedCode enc = CodeCodec.encode(new float[] {-2f, 1f, 2f}, CodeEncoding.INT8);
        assertThat(enc.payload()).containsExactly(-127, 64, 127);
        assertThat(CodeCodec.decode(CodeCodec.encode(new float[3], CodeEncoding.INT8)))
                .containsExactly(0, 0, 0);
    }

    @Test
    void rejectsNonFiniteValuesAndInconsistentPayloads() {
        assertThatThrownBy(() -> CodeCodec.encode(new float[] {Float.NaN}, CodeEncoding.FLOAT16))
                .hasMessageContaining("finite");
        assertThatThrownBy(() -> new EncodedCode(CodeEncoding.FLOAT32, 2, 1f, new byte[7]))
                .hasMessageContaining("8 bytes");
    }

    @Test
    void riceCodesNeedTheirDecoderSlice() {
        assertThatThrownBy(() -> CodeCodec.encode(new float[] {1f}, CodeEncoding.RICE))
                .hasMessageContaining("CodePacker");
        assertThatThrownBy(() -> CodeCodec.decode(new EncodedCode(CodeEncoding.RICE, 1, 1f, new byte[1])))
                .hasMessageContaining("decode(code, slice)");
    }
}
