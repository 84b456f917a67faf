package io.sosae.model.core;

/**
 * The compression methods the project runs and compares: the autoencoder families and the linear
 * peer (PCA). Names match the CompressedCode schema's.
 */
public enum Method {
    SOSAE,
    AE,
    L1,
    L2,
    KSPARSE,
    CAE,
    CKSPARSE,
    DAE,
    /** Streaming PCA with an adaptive rank (not an autoencoder). */
    PCA,
    /** A fixed-width autoencoder whose width a grid search over a window of the stream chose. */
    GRID,
    /** A fixed-width autoencoder whose width a random search over a window of the stream chose. */
    RANDOM,
    /** A dense autoencoder whose weights a mutation-only genetic algorithm evolves on the stream. */
    GA,
    /** An autoencoder whose layer and code widths a gated sparsity search prunes on the stream. */
    ARCH;

    /** True for methods whose codes are meant to be truncated to their active length. */
    public boolean truncates() {
        return this == SOSAE || this == PCA;
    }

    /** True for the autoencoder families (everything trained by {@code Autoencoder}). */
    public boolean isAutoencoder() {
        return this != PCA;
    }
}
