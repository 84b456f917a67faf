package io.sosae.model.codec;

/**
 * A code as bytes: its encoding, the number of values, and the scale (the INT8 step, the RICE base
 * step; 1 otherwise).
 */
public record EncodedCode(CodeEncoding encoding, int length, float scale, byte[] payload) {
    public EncodedCode {
        if (length < 0) {
            throw new IllegalArgumentException("length must be >= 0, was " + length);
        }
        if (encoding.fixedWidth() && payload.length != length * encoding.bytesPerValue()) {
            throw new IllegalArgumentException(encoding + " payload of " + length + " values must have "
                    + length * encoding.bytesPerValue() + " bytes, has " + payload.length);
        }
        if (!(scale > 0) || !Float.isFinite(scale)) {
            throw new IllegalArgumentException("scale must be a finite value > 0, was " + scale);
        }
    }
}
