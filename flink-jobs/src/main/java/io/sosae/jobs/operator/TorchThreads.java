package io.sosae.jobs.operator;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * PyTorch's intra-op thread count for this JVM. DJL reads the system property
 * {@code ai.djl.pytorch.num_threads} (and {@code ai.djl.pytorch.num_interop_threads}) once, when the
 * PyTorch engine loads; a TaskManager whose engine is already loaded keeps its count unless it is
 * set through libtorch directly, which this class does. The setting is JVM-wide: all slots of a
 * TaskManager share one libtorch, so size it as cores per TaskManager (not per slot) when slots
 * train concurrently, and never above the cores: spinning OpenMP threads collapse throughput under
 * contention (DESIGN.md section 8). OMP_NUM_THREADS in the TaskManager environment caps BLAS too.
 */
public final class TorchThreads {

    private static final Logger LOG = LoggerFactory.getLogger(TorchThreads.class);
    static final String NUM_THREADS = "ai.djl.pytorch.num_threads";
    static final String NUM_INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

    private TorchThreads() {}

    /**
     * Applies {@code threads} (0 = keep whatever the JVM was started with) and loads the engine.
     * Call before the first model is created.
     */
    public static synchronized void configure(int threads) {
        if (threads > 0) {
            if (System.getProperty(NUM_THREADS) == null) {
                System.setProperty(NUM_THREADS, Integer.toString(threads));
            }
            if (System.getProperty(NUM_INTEROP_THREADS) == null) {
                System.setProperty(NUM_INTEROP_THREADS, "1");
            }
        }
        Engine.getEngine("PyTorch");
        if (threads > 0 && JniUtils.getNumThreads() != threads) {
            LOG.info("PyTorch intra-op threads {} -> {}", JniUtils.getNumThreads(), threads);
            JniUtils.setNumThreads(threads);
        }
    }
}
