package io.sosae.jobs.operator;

import ai.djl.engine.Engine;
import ai.djl.pytorch.jni.JniUtils;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Prepares DJL's PyTorch engine in a TaskManager JVM before the first model is built.
 *
 * <ul>
 *   <li>{@code ai.djl.offline} defaults to true: libtorch comes from the pytorch-native jar on the
 *       classpath, and without it DJL probes the network (a cloud metadata address) at load.</li>
 *   <li>Threads: DJL reads {@code ai.djl.pytorch.num_threads} and
 *       {@code ai.djl.pytorch.num_interop_threads} once, when the engine loads. A configured count
 *       fills those properties when the JVM did not set them and, when the engine was already
 *       loaded, is applied through libtorch directly (intra-op threads can change at any time,
 *       inter-op threads cannot). The setting is JVM-wide: all slots of a TaskManager share one
 *       libtorch, so size it as the cores of the TaskManager divided among the slots that train at
 *       once, and never above the cores: spinning OpenMP threads collapse throughput under
 *       contention (docs/architecture.md, "Runtime and versions"). Set OMP_NUM_THREADS in the TaskManager environment too.</li>
 * </ul>
 *
 * On a cluster the cleanest is {@code env.java.opts.taskmanager: -Dai.djl.offline=true
 * -Dai.djl.pytorch.num_threads=N -Dai.djl.pytorch.num_interop_threads=1}.
 */
public final class TorchRuntime {

    private static final Logger LOG = LoggerFactory.getLogger(TorchRuntime.class);
    static final String OFFLINE = "ai.djl.offline";
    static final String NUM_THREADS = "ai.djl.pytorch.num_threads";
    static final String NUM_INTEROP_THREADS = "ai.djl.pytorch.num_interop_threads";

    private TorchRuntime() {}

    /**
     * Applies the defaults and {@code threads} (0 = keep whatever the JVM was started with), then
     * loads the engine.
     */
    public static synchronized void configure(int threads) {
        if (System.getProperty(OFFLINE) == null) {
            System.setProperty(OFFLINE, "true");
        }
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
