package io.sosae.model.codec;

/** How code values travel as bytes; names match the CompressedCode schema's enum. */
public enum CodeEncoding {
    /** 4 bytes a value, exact. */
    FLOAT32,
    /** IEEE half precision, 2 bytes a value, about 3 significant digits. */
    FLOAT16,
    /** Symmetric 8-bit quantisation: q = round(v / scale), scale = max|v| / 127. */
    INT8;

    public int bytesPerValue() {
        return switch (this) {
            case FLOAT32 -> 4;
            case FLOAT16 -> 2;
            case INT8 -> 1;
        };
    }
}
