package io.sosae.model.codec;

/** How code values travel as bytes; names match the CompressedCode schema's enum. */
public enum CodeEncoding {
    /** 4 bytes a value, exact. */
    FLOAT32,
    /** IEEE half precision, 2 bytes a value, about 3 significant digits. */
    FLOAT16,
    /** Symmetric 8-bit quantisation: q = round(v / scale), scale = max|v| / 127. */
    INT8,
    /**
     * Quantised by the error budget and entropy coded: each unit's step makes every unit add the
     * same error to the reconstruction and the code's error grow by a chosen share; the integers
     * are Rice coded (a variable number of bits a value). Packed by {@link CodePacker}, which needs
     * the version's decoder slice, as does decoding.
     */
    RICE;

    /** Whether every value takes {@link #bytesPerValue()} bytes. */
    public boolean fixedWidth() {
        return this != RICE;
    }

    /**
     * Bytes a value.
     *
     * @throws IllegalStateException for {@link #RICE}, whose values take a variable number of bits
     */
    public int bytesPerValue() {
        return switch (this) {
            case FLOAT32 -> 4;
            case FLOAT16 -> 2;
            case INT8 -> 1;
            case RICE -> throw new IllegalStateException("RICE codes take a variable number of bits a value");
        };
    }
}
