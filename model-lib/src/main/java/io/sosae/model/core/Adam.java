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

    /** Restored moments; {@code first}/{@code second} null means zeros. */
    public Adam(NDArray[] params, float learningRate, NDManager manager, float[][] first, float[][] second, long steps) {
        this.params = params;
        this.learningRate = learningRate;
        this.first = new NDArray[params.length];
        this.second = new NDArray[params.length];
        for (int i = 0; i < params.length; i++) {
            this.first[i] = first == null ? manager.zeros(params[i].getShape()) : manager.create(first[i], params[i].getShape());
            this.second[i] = second == null ? manager.zeros(params[i].getShape()) : manager.create(second[i], params[i].getShape());
        }
        this.steps = steps;
    }

    public long steps() {
        return steps;
    }

    /**
     * Applies one update from the parameters' gradients, then zeroes those gradients (PyTorch
     * accumulates them and DJL's collector does not reset them). Every temporary lives in a
     * sub-manager of {@code parent} that is closed before returning; the parameters and moments
     * are attached to it only for the update, so derived arrays land there and not in the
     * parameters' own manager.
     */
    public void step(NDManager parent) {
        steps++;
        float c1 = (float) (1 - Math.pow(BETA1, steps));
        float c2 = (float) (1 - Math.pow(BETA2, steps));
        try (NDManager tmp = parent.newSubManager()) {
            for (int i = 0; i < params.length; i++) {
                params[i].tempAttach(tmp);
                first[i].tempAttach(tmp);
                second[i].tempAttach(tmp);
                NDArray g = params[i].getGradient();
                g.attach(tmp);
                first[i].muli(BETA1).addi(g.mul(1 - BETA1));
                second[i].muli(BETA2).addi(g.square().muli(1 - BETA2));
                NDArray denom = second[i].div(c2).sqrt().addi(EPS);
                params[i].subi(first[i].div(c1).muli(learningRate).divi(denom));
                g.muli(0f);
            }
        }
    }

    /** Zeroes the gradients without updating (after a non-finite loss). */
    public void skip(NDManager parent) {
        try (NDManager tmp = parent.newSubManager()) {
            for (NDArray p : params) {
                NDArray g = p.getGradient();
                g.attach(tmp);
                g.muli(0f);
            }
        }
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

    /** Overwrites moments (after a unit permutation or re-seed). */
    void load(float[][] m, float[][] v) {
        for (int i = 0; i < params.length; i++) {
            first[i].set(m[i]);
            second[i].set(v[i]);
        }
    }
}
