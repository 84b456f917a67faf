package io.sosae.model.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;

/**
 * Adam (Kingma and Ba 2014) over a fixed list of parameters, with its moments kept as arrays so
 * that they can be saved in a model blob and restored exactly. Updates happen in place.
 */
public final class Adam {
    private static final float BETA1 = 0.9f;
    private static final float BETA2 = 0.999f;
    private static final float EPS = 1e-8f;

    private final NDArray[] params;
    private final NDArray[] first;
    private final NDArray[] second;
    private final float learningRate;
    private long steps;

    /** Fresh moments (zeros) in {@code manager}. */
    public Adam(NDArray[] params, float learningRate, NDManager manager) {
        this(params, learningRate, manager, null, null, 0);
    }

    /**
     * Restored moments, which this optimiser takes over (one per parameter, same shapes); {@code
     * first}/{@code second} null means zeros made in {@code manager}.
     */
    public Adam(
            NDArray[] params, float learningRate, NDManager manager, NDArray[] first, NDArray[] second, long steps) {
        this.params = params;
        this.learningRate = learningRate;
        this.first = new NDArray[params.length];
        this.second = new NDArray[params.length];
        for (int i = 0; i < params.length; i++) {
            this.first[i] = first == null ? manager.zeros(params[i].getShape()) : first[i];
            this.second[i] = second == null ? manager.zeros(params[i].getShape()) : second[i];
        }
        this.steps = steps;
    }

    public long steps() {
        return steps;
    }

    /**
     * Applies one update from {@code gradients} (one per parameter, same shapes), which it
     * consumes: they are scaled in place. Every temporary lives in a sub-manager of {@code
     * parent} that is closed before returning; the parameters and moments are attached to it only
     * for the update, so derived arrays land there and not in the parameters' own manager.
     *
     * <p>The bias corrections are folded into two scalars, lr sqrt(c2) / c1 * m / (sqrt(v) + eps
     * sqrt(c2)), which is lr (m / c1) / (sqrt(v / c2) + eps) in five kernels fewer per parameter.
     */
    public void step(NDArray[] gradients, NDManager parent) {
        if (gradients.length != params.length) {
            throw new IllegalArgumentException("expected " + params.length + " gradients, got " + gradients.length);
        }
        steps++;
        float stepScale = stepScale();
        float eps = epsilon(steps);
        try (NDManager tmp = parent.newSubManager()) {
            for (int i = 0; i < params.length; i++) {
                params[i].tempAttach(tmp);
                first[i].tempAttach(tmp);
                second[i].tempAttach(tmp);
                updateMoments(first[i], second[i], gradients[i]);
                params[i].subi(first[i].div(second[i].sqrt().addi(eps)).muli(stepScale));
            }
        }
    }

    /** The moments' update in place from a gradient, which it consumes (scaled in place). */
    static void updateMoments(NDArray first, NDArray second, NDArray g) {
        second.muli(BETA2).addi(g.square().muli(1 - BETA2));
        first.muli(BETA1).addi(g.muli(1 - BETA1));
    }

    /** The step size of the current step count, the bias corrections folded in (see {@link #step}). */
    float stepScale() {
        return stepScale(steps);
    }

    /** The step size of step number {@code t} (1 for the first). */
    float stepScale(long t) {
        double c1 = 1 - Math.pow(BETA1, t);
        double sqrtC2 = Math.sqrt(1 - Math.pow(BETA2, t));
        return (float) (learningRate * sqrtC2 / c1);
    }

    /** The epsilon of step number {@code t}, scaled like the step size (see {@link #step}). */
    static float epsilon(long t) {
        return (float) (EPS * Math.sqrt(1 - Math.pow(BETA2, t)));
    }

    /** Counts steps taken outside {@link #step} (by {@link StackedSteps}). */
    void countSteps(long n) {
        steps += n;
    }

    NDArray[] firstArrays() {
        return first;
    }

    NDArray[] secondArrays() {
        return second;
    }

    public float[][] firstMoments() {
        float[][] r = new float[first.length][];
        for (int i = 0; i < first.length; i++) {
            r[i] = first[i].toFloatArray();
        }
        return r;
    }

    public float[][] secondMoments() {
        float[][] r = new float[second.length][];
        for (int i = 0; i < second.length; i++) {
            r[i] = second[i].toFloatArray();
        }
        return r;
    }

    /**
     * Replaces the moments (after a unit permutation or re-seed) with {@code m} and {@code v},
     * which it takes over: the arrays keep their identity, their storage becomes the given one's.
     */
    void load(NDArray[] m, NDArray[] v) {
        for (int i = 0; i < params.length; i++) {
            first[i].intern(m[i]);
            second[i].intern(v[i]);
        }
    }
}
