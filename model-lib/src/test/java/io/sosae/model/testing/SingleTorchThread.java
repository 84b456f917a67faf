package io.sosae.model.testing;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Runs a test class with one PyTorch intra-op thread and restores the previous count afterwards.
 * Training tests whose numbers were calibrated single-threaded use it: on a shared 2-core machine two
 * spinning OpenMP threads made them 30-40x slower, and the thread count changes float rounding.
 */
public final class SingleTorchThread implements BeforeAllCallback, AfterAllCallback {
    private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(SingleTorchThread.class);

    @Override
    public void beforeAll(ExtensionContext context) {
        Engine.getEngine("PyTorch");
        context.getStore(NS).put("threads", JniUtils.getNumThreads());
        JniUtils.setNumThreads(1);
    }

    @Override
    public void afterAll(ExtensionContext context) {
        Integer saved = context.getStore(NS).get("threads", Integer.class);
        if (saved != null) {
            JniUtils.setNumThreads(saved);
        }
    }
}
