package io.sosae.model.core;

/** The autoencoder families the project compares; names match the CompressedCode schema's. */
public enum Method {
    SOSAE,
    AE,
    L1,
    L2,
    KSPARSE,
    CAE,
    CKSPARSE,
    DAE;

    /** True for methods whose codes are meant to be truncated to their active length. */
    public boolean truncates() {
        return this == SOSAE;
    }
}
