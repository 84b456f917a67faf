package io.sosae.model.ga;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.jni.JniUtils;
import io.sosae.model.core.HostBuffer;

/**
 * Fitness of {@link PaperNetwork} individuals on a fixed set of samples: the mean absolute error
 * over every pixel of every sample (the paper sums the absolute differences; the mean ranks the
 * same way and reads as a per-pixel error).
 *
 * <p>{@link #evaluate} (the GA's fitness) runs the whole population in one batched pass
 * ({@link PaperNetwork#forwardPopulation}); {@link #evaluateLoop} runs one forward pass per
 * individual ({@link PaperNetwork#forwardOne}) and exists to check the batched pass and to
 * measure what batching buys. Each call works in a sub-manager of this object's manager, closed
 * before it returns; the samples live on {@code device} until {@link #close}. Not thread-safe.
 */
public final class PopulationFitness implements MutationGa.Fitness, AutoCloseable {
    private final NDManager manager;
    private final NDArray targets; // [S, 784]
    private final int samples;
    private final HostBuffer host = new HostBuffer();

    /**
     * @param targets row-major [samples x 784], already scaled (see {@link PaperNetwork#scaleTargets})
     */
    public PopulationFitness(float[] targets, int samples, Device device) {
        if (samples <= 0 || targets.length != samples * PaperNetwork.PIXELS) {
            throw new IllegalArgumentException("targets must be samples x " + PaperNetwork.PIXELS + " values, got "
                    + targets.length + " for " + samples + " samples");
        }
        this.manager = NDManager.newBaseManager(device);
        this.samples = samples;
        this.targets = manager.create(targets, new Shape(samples, PaperNetwork.PIXELS));
    }

    public int samples() {
        return samples;
    }

    public NDManager manager() {
        return manager;
    }

    /**
     * A view of the samples owned by {@code into}: results of an engine operation attach to its
     * first operand's manager, so every pass starts from this view, never from the long-lived
     * array, and everything it computes is closed with {@code into}.
     */
    NDArray targets(NDManager into) {
        NDArray view = targets.get(":");
        view.attach(into);
        return view;
    }

    /** One batched pass over {@code count} individuals (row-major [count x PARAMETERS]). */
    @Override
    public float[] evaluate(float[] individuals, int count) {
        noGrad();
        try (NDManager tmp = manager.newSubManager()) {
            NDArray p = host.upload(individuals, new Shape(count, PaperNetwork.PARAMETERS), tmp);
            NDArray t = targets(tmp);
            NDArray y = PaperNetwork.forwardPopulation(p, t);
            return y.sub(t.expandDims(0))
                    .abs()
                    .reshape(count, -1)
                    .mean(new int[] {1})
                    .toFloatArray();
        }
    }

    /** The same fitness, one forward pass per individual. */
    public float[] evaluateLoop(float[] individuals, int count) {
        noGrad();
        float[] f = new float[count];
        try (NDManager tmp = manager.newSubManager()) {
            NDArray all = host.upload(individuals, new Shape(count, PaperNetwork.PARAMETERS), tmp);
            for (int i = 0; i < count; i++) {
                try (NDManager one = tmp.newSubManager()) {
                    NDArray p = all.get(i);
                    p.attach(one);
                    NDArray t = targets(one);
                    f[i] = PaperNetwork.forwardOne(p, t).sub(t).abs().mean().getFloat();
                }
            }
        }
        return f;
    }

    /** One individual's reconstructions of the samples, row-major [samples x 784]. */
    public float[] reconstruct(float[] params) {
        noGrad();
        try (NDManager tmp = manager.newSubManager()) {
            NDArray p = tmp.create(params);
            return PaperNetwork.forwardOne(p, targets(tmp)).toFloatArray();
        }
    }

    /** One individual's 2-D codes of the samples, row-major [samples x 2]. */
    public float[] encode(float[] params) {
        noGrad();
        try (NDManager tmp = manager.newSubManager()) {
            return PaperNetwork.encodeOne(tmp.create(params), targets(tmp)).toFloatArray();
        }
    }

    /** PyTorch's grad mode is per thread and on by default on threads other than the engine's loader. */
    static void noGrad() {
        if (JniUtils.isGradMode()) {
            JniUtils.setGradMode(false);
        }
    }

    @Override
    public void close() {
        manager.close();
        host.close();
    }
}
