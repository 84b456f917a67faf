package io.sosae.model.core;

/**
 * DJL's PyTorch gradient collector allows only one collector per JVM at a time (a static flag in
 * PtGradientCollector), so every backward pass in this JVM, whatever model or thread, goes
 * through this one lock. Encoding needs no lock.
 */
public final class TrainingLock {
    public static final Object BACKWARD = new Object();

    private TrainingLock() {}
}
