package io.sosae.model.core;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.DataType;
import ai.djl.ndarray.types.Shape;
import ai.djl.pytorch.engine.PtNDArray;
import ai.djl.pytorch.jni.JniUtils;
import io.sosae.model.loss.CodeContext;
import io.sosae.model.loss.PenaltyGradient;
import io.sosae.model.loss.Regularizer;
import java.util.SplittableRandom;

/**
 * A one-hidden-layer autoencoder h = act(x We + be), y = h Wd + bd (+ sigmoid), trained with Adam
 * on DJL's PyTorch engine. Every family the project compares is this class with another {@link
 * AutoencoderConfig}: SOSAE is the push regulariser (+ contractive), the baselines are L1, L2,
 * k-sparse, contractive and denoising variants.
 *
 * <p>Memory discipline: parameters and Adam moments live in this model's manager; every
 * intermediate of a step lives in a sub-manager that is closed at the end of the step.
 *
 * <p>Not thread-safe: one thread trains or encodes with a given instance at a time.
 */
public final class Autoencoder implements AutoCloseable {
    private final AutoencoderConfig config;
    private final Device device;
    private final NDManager manager;
    private final NDArray[] params = new NDArray[4]; // We [n,d], be [d], Wd [d,n], bd [n]
    private final Adam adam;
    private final NDArray pushWeights; // [d] or null
    private final HostBuffer host = new HostBuffer();

    private Autoencoder(ModelState state, Device device) {
        this.config = state.config();
        this.device = device;
        this.manager = NDManager.newBaseManager(device);
        int n = config.inputDim();
        int d = config.capacity();
        Shape[] shapes = {new Shape(n, d), new Shape(d), new Shape(d, n), new Shape(n)};
        float[][] values = state.parameters();
        for (int i = 0; i < 4; i++) {
            params[i] = host.copyIn(values[i], shapes[i], manager);
        }
        boolean fresh = state.adamFirst().length == 0;
        this.adam = new Adam(
                params,
                (float) config.learningRate(),
                manager,
                fresh ? null : copyIn(state.adamFirst()),
                fresh ? null : copyIn(state.adamSecond()),
                state.steps());
        this.pushWeights = config.push()
                .map(p -> host.copyIn(p.weights(d), new Shape(d), manager))
                .orElse(null);
    }

    /** A freshly initialised model (PyTorch's Linear default: U(-1/sqrt(fan_in), 1/sqrt(fan_in))). */
    public static Autoencoder create(AutoencoderConfig config, Device device) {
        return new Autoencoder(initialState(config), device);
    }

    /** Restores a model from a state (for example a decoded {@link ModelBlob}). */
    public static Autoencoder restore(ModelState state, Device device) {
        return new Autoencoder(state, device);
    }

    /** The initial weights {@link #create} starts from (no Adam moments), without an engine. */
    public static ModelState initialState(AutoencoderConfig config) {
        int n = config.inputDim();
        int d = config.capacity();
        SplittableRandom rnd = new SplittableRandom(config.seed());
        float[] we = uniform(rnd, n * d, 1.0 / Math.sqrt(n));
        float[] be = uniform(rnd, d, 1.0 / Math.sqrt(n));
        float[] wd = uniform(rnd, d * n, 1.0 / Math.sqrt(d));
        float[] bd = uniform(rnd, n, 1.0 / Math.sqrt(d));
        if (config.unitNormDecoder()) {
            normalizeRows(wd, d, n);
        }
        return new ModelState(config, we, be, wd, bd, new float[0][], new float[0][], 0);
    }

    private static float[] uniform(SplittableRandom rnd, int size, double bound) {
        float[] a = new float[size];
        for (int i = 0; i < size; i++) {
            a[i] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
        }
        return a;
    }

    static void normalizeRows(float[] w, int rows, int cols) {
        for (int r = 0; r < rows; r++) {
            double s = 0;
            for (int c = 0; c < cols; c++) {
                s += (double) w[r * cols + c] * w[r * cols + c];
            }
            float inv = (float) (1.0 / Math.max(Math.sqrt(s), 1e-12));
            for (int c = 0; c < cols; c++) {
                w[r * cols + c] *= inv;
            }
        }
    }

    public AutoencoderConfig config() {
        return config;
    }

    public Device device() {
        return device;
    }

    public long steps() {
        return adam.steps();
    }

    public int inputDim() {
        return config.inputDim();
    }

    public int capacity() {
        return config.capacity();
    }

    // --- for StackedSteps: the arrays a step over several models of one configuration updates ---

    NDArray[] parameterArrays() {
        return params;
    }

    Adam optimizer() {
        return adam;
    }

    NDArray pushWeightArray() {
        return pushWeights;
    }

    NDManager arrayManager() {
        return manager;
    }

    /** A manager on this model's device for callers' inputs; close it when done. */
    public NDManager newInputManager() {
        return manager.newSubManager();
    }

    /**
     * One Adam step on a batch x [B, n]. The batch is corrupted first when the configuration is
     * denoising; the reconstruction target is always the clean x.
     */
    public StepStats trainStep(NDArray x) {
        checkInput(x);
        noGrad();
        try (NDManager step = manager.newSubManager()) {
            x.tempAttach(step);
            attachParameters(step);
            Backward b = backward(corrupt(x, step), x);
            if (b.stats.finite()) {
                adam.step(b.gradients, step);
                if (config.unitNormDecoder()) {
                    renormalizeDecoder();
                }
            }
            return b.stats;
        }
    }

    /** {@link #trainStep(NDArray)} on a row-major batch [rows, n]. */
    public StepStats trainStep(float[] batch, int rows) {
        try (NDManager m = newInputManager()) {
            return trainStep(upload(batch, rows, m));
        }
    }

    /**
     * Gradients of the loss on a clean batch (no corruption) with respect to We, be, Wd, bd,
     * without updating anything: the hook for gradient checks against the reference engine.
     */
    public float[][] gradients(NDArray x) {
        checkInput(x);
        noGrad();
        try (NDManager step = manager.newSubManager()) {
            x.tempAttach(step);
            attachParameters(step);
            NDArray[] g = backward(x, x).gradients;
            float[][] out = new float[4][];
            for (int i = 0; i < 4; i++) {
                out[i] = g[i].toFloatArray();
            }
            return out;
        }
    }

    /**
     * Temporarily attaches the parameters (and push weights) to a step's manager: results of
     * operations whose first operand is a parameter then land there and are closed with it.
     */
    private void attachParameters(NDManager step) {
        for (NDArray p : params) {
            p.tempAttach(step);
        }
        if (pushWeights != null) {
            pushWeights.tempAttach(step);
        }
    }

    private record Backward(StepStats stats, NDArray[] gradients) {}

    /**
     * Forward pass on {@code input}, loss against {@code target}, and the analytic backward pass:
     * five matmuls and a handful of element-wise kernels, no autograd graph (it cost a third of
     * the step in bookkeeping, gradient accumulation and zeroing). Checked against the reference
     * engine and finite differences in GradientCheckTest.
     */
    private Backward backward(NDArray input, NDArray target) {
        Forward f = forward(input);
        CodeContext ctx = f.context();
        ReconstructionLoss.Evaluation loss =
                config.reconstructionLoss().evaluate(target, f.output, config.outputSigmoid());
        double recon = loss.value();
        double penalty = 0;
        double push = 0;
        NDArray dCode = null;
        NDArray dPre = null;
        NDArray dEncoderWeight = null;
        for (Regularizer r : config.regularizers()) {
            float pv = r.penalty(ctx).getFloat();
            penalty += pv;
            if (r instanceof Regularizer.Push) {
                push += pv;
            }
            PenaltyGradient g = r.gradient(ctx);
            dCode = accumulate(dCode, g.code());
            dPre = accumulate(dPre, g.preActivation());
            dEncoderWeight = accumulate(dEncoderWeight, g.encoderWeight());
        }
        NDArray dLogits = loss.logitGradient();
        NDArray dWd = f.code.transpose().matMul(dLogits);
        NDArray dbd = dLogits.sum(new int[] {0});
        NDArray dH = dLogits.matMul(params[2].transpose());
        if (dCode != null) {
            dH.addi(dCode);
        }
        NDArray dZ = dH.muli(ctx.activationDerivative());
        if (f.keep != null) {
            dZ.muli(f.keep);
        }
        if (dPre != null) {
            dZ.addi(dPre);
        }
        NDArray dWe = input.transpose().matMul(dZ);
        if (dEncoderWeight != null) {
            dWe.addi(dEncoderWeight);
        }
        NDArray dbe = dZ.sum(new int[] {0});
        return new Backward(new StepStats(recon + penalty, recon, penalty, push), new NDArray[] {dWe, dbe, dWd, dbd});
    }

    private static NDArray accumulate(NDArray sum, NDArray term) {
        if (term == null) {
            return sum;
        }
        return sum == null ? term : sum.addi(term);
    }

    private void renormalizeDecoder() {
        try (NDManager tmp = manager.newSubManager()) {
            NDArray wd = params[2];
            wd.tempAttach(tmp);
            wd.divi(wd.square().sum(new int[] {1}, true).sqrt().maximum(1e-12f));
        }
    }

    /** Full codes [B, d] of a batch, attached to {@code out}. */
    public NDArray encode(NDArray x, NDManager out) {
        checkInput(x);
        noGrad();
        try (NDManager tmp = manager.newSubManager()) {
            x.tempAttach(tmp);
            NDArray h = encoderOnly(x).code;
            h.attach(out);
            return h;
        }
    }

    /** Full codes of a flat row-major batch, as a flat row-major float array [B*d]. */
    public float[] encode(float[] batch, int rows) {
        try (NDManager tmp = manager.newSubManager()) {
            NDArray x = upload(batch, rows, tmp);
            return encode(x, tmp).toFloatArray();
        }
    }

    /**
     * A row-major batch [rows, n] as an array on this model's device, through a reused direct
     * buffer (see {@link HostBuffer}): close it before the next upload to this model.
     */
    public NDArray upload(float[] batch, int rows, NDManager into) {
        return host.upload(batch, new Shape(rows, config.inputDim()), into);
    }

    /**
     * Reconstructions [B, n] from codes [B, L] with L <= d: units at and past L are treated as
     * zero (the truncation the stream emits).
     */
    public NDArray decode(NDArray codes, NDManager out) {
        noGrad();
        long len = codes.getShape().get(1);
        if (len > config.capacity()) {
            throw new IllegalArgumentException("code length " + len + " exceeds capacity " + config.capacity());
        }
        try (NDManager tmp = manager.newSubManager()) {
            codes.tempAttach(tmp);
            params[2].tempAttach(tmp);
            NDArray wd = params[2].get("0:" + len + ", :");
            NDArray y = codes.matMul(wd).add(params[3]);
            if (config.outputSigmoid()) {
                y = y.getNDArrayInternal().sigmoid();
            }
            y.attach(out);
            return y;
        }
    }

    /** Reconstructions of x with codes truncated to {@code length} (capacity = no truncation). */
    public NDArray reconstruct(NDArray x, int length, NDManager out) {
        try (NDManager tmp = manager.newSubManager()) {
            NDArray h = encode(x, tmp);
            NDArray truncated = length >= config.capacity() ? h : h.get(":, 0:" + length);
            return decode(truncated, out);
        }
    }

    /** h = act(x We + be) (k-sparse when configured), y = h Wd + bd (+ sigmoid); biases fused into the matmuls. */
    private Forward forward(NDArray x) {
        Forward e = encoderOnly(x);
        NDArray y = linear(e.code, params[2], params[3]);
        if (config.outputSigmoid()) {
            y = y.getNDArrayInternal().sigmoid();
        }
        return new Forward(e.pre, e.code, y, e.keep);
    }

    /** The encoder half of {@link #forward}: what codes need, without the decoder's matmul. */
    private Forward encoderOnly(NDArray x) {
        NDArray z = linear(x, params[0], params[1]);
        NDArray h = config.encoderActivation().apply(z);
        NDArray keep = null;
        if (config.kSparse() > 0 && config.kSparse() < config.capacity()) {
            NDList top = h.topK(config.kSparse(), 1);
            NDArray threshold = top.get(0).get(":, " + (config.kSparse() - 1)).expandDims(1);
            keep = h.gte(threshold).toType(DataType.FLOAT32, false);
            h = h.mul(keep);
        }
        return new Forward(z, h, null, keep);
    }

    /** a W + b in one kernel (addmm); W is stored [in, out], torch's linear takes [out, in]. */
    private static NDArray linear(NDArray a, NDArray weight, NDArray bias) {
        if (a instanceof PtNDArray pa && weight instanceof PtNDArray pw && bias instanceof PtNDArray pb) {
            // the transposed view would land in the weight's manager (the model's, when encoding
            // without attaching the parameters): keep it with the input's temporaries instead
            NDArray view = pw.transpose();
            view.attach(a.getManager());
            return JniUtils.linear(pa, (PtNDArray) view, pb);
        }
        return a.matMul(weight).add(bias);
    }

    private NDArray corrupt(NDArray x, NDManager step) {
        NDArray in = x;
        if (config.maskingNoise() > 0) {
            NDArray keep = step.randomUniform(0f, 1f, x.getShape()).gte((float) config.maskingNoise());
            in = in.mul(keep.toType(DataType.FLOAT32, false));
        }
        if (config.gaussianNoise() > 0) {
            in = in.add(step.randomNormal(0f, (float) config.gaussianNoise(), x.getShape(), DataType.FLOAT32));
        }
        return in;
    }

    private void checkInput(NDArray x) {
        Shape s = x.getShape();
        if (s.dimension() != 2 || s.get(1) != config.inputDim()) {
            throw new IllegalArgumentException("expected a batch of shape [B, " + config.inputDim() + "], got " + s);
        }
    }

    /**
     * The PyTorch engine disables grad mode only on the thread that loaded it; grad mode is per
     * thread, so every entry point turns it off (the collector turns it on for its scope).
     */
    static void noGrad() {
        if (JniUtils.isGradMode()) {
            JniUtils.setGradMode(false);
        }
    }

    private final class Forward {
        final NDArray pre;
        final NDArray code;
        final NDArray output;
        final NDArray keep; // k-sparse mask [B, d] or null

        Forward(NDArray pre, NDArray code, NDArray output, NDArray keep) {
            this.pre = pre;
            this.code = code;
            this.output = output;
            this.keep = keep;
        }

        CodeContext context() {
            return new CodeContext() {
                private NDArray slope; // computed once per step: the contractive terms and the backward pass share it

                @Override
                public NDArray code() {
                    return code;
                }

                @Override
                public NDArray encoderWeight() {
                    return params[0];
                }

                @Override
                public NDArray activationDerivative() {
                    if (slope == null) {
                        slope = config.encoderActivation().derivative(pre, code);
                    }
                    return slope;
                }

                @Override
                public NDArray activationSecondDerivative() {
                    return config.encoderActivation().secondDerivative(pre, code);
                }

                @Override
                public boolean piecewiseLinear() {
                    return config.encoderActivation().piecewiseLinear();
                }

                @Override
                public NDArray pushWeights(Regularizer.Push push) {
                    return pushWeights;
                }
            };
        }
    }

    /** Per-unit L2 norms of the decoder rows, [d]. */
    public float[] decoderNorms() {
        noGrad();
        try (NDManager tmp = manager.newSubManager()) {
            params[2].tempAttach(tmp);
            return params[2].square().sum(new int[] {1}).sqrt().toFloatArray();
        }
    }

    /** A plain-Java copy of the weights We, be, Wd, bd (no moments). */
    public float[][] parameterValues() {
        noGrad();
        float[][] p = new float[4][];
        for (int i = 0; i < 4; i++) {
            p[i] = params[i].toFloatArray();
        }
        return p;
    }

    /** A plain-Java copy of the weights, Adam moments and step count. */
    public ModelState state() {
        float[][] p = parameterValues();
        return new ModelState(config, p[0], p[1], p[2], p[3], adam.firstMoments(), adam.secondMoments(), adam.steps());
    }

    /** An independent copy (own manager) on the same device. */
    public Autoencoder copy() {
        return restore(state(), device);
    }

    /**
     * Reorders latent units: new unit i is old unit {@code order[i]}. Encoder columns, encoder
     * bias, decoder rows and the Adam moments move together, so outputs do not change; only the
     * push penalty sees the new positions.
     */
    public void permuteUnits(int[] order) {
        int d = config.capacity();
        if (order.length != d) {
            throw new IllegalArgumentException("permutation must have " + d + " entries");
        }
        boolean[] seen = new boolean[d];
        for (int o : order) {
            if (o < 0 || o >= d || seen[o]) {
                throw new IllegalArgumentException("not a permutation of 0.." + (d - 1));
            }
            seen[o] = true;
        }
        ModelState s = state();
        int n = config.inputDim();
        float[][] p = s.parameters();
        float[][] m = s.adamFirst();
        float[][] v = s.adamSecond();
        load(
                new float[][] {
                    permuteColumns(p[0], n, d, order), permute(p[1], order), permuteRows(p[2], d, n, order), p[3]
                },
                new float[][] {
                    permuteColumns(m[0], n, d, order), permute(m[1], order), permuteRows(m[2], d, n, order), m[3]
                },
                new float[][] {
                    permuteColumns(v[0], n, d, order), permute(v[1], order), permuteRows(v[2], d, n, order), v[3]
                });
    }

    private static float[] permute(float[] a, int[] order) {
        float[] r = new float[a.length];
        for (int i = 0; i < order.length; i++) {
            r[i] = a[order[i]];
        }
        return r;
    }

    private static float[] permuteColumns(float[] a, int rows, int cols, int[] order) {
        float[] r = new float[a.length];
        for (int i = 0; i < rows; i++) {
            for (int j = 0; j < cols; j++) {
                r[i * cols + j] = a[i * cols + order[j]];
            }
        }
        return r;
    }

    private static float[] permuteRows(float[] a, int rows, int cols, int[] order) {
        float[] r = new float[a.length];
        for (int i = 0; i < rows; i++) {
            System.arraycopy(a, order[i] * cols, r, i * cols, cols);
        }
        return r;
    }

    /**
     * Gives units [from, to) a fresh start: small random encoder weights and bias, a random
     * unit-norm decoder row, and zeroed Adam moments. A ReLU unit pushed to zero receives no
     * gradient again, so this is how a streaming model recruits capacity past its active length.
     */
    public void reseedUnits(int from, int to, long seed, double encoderScale) {
        int d = config.capacity();
        int n = config.inputDim();
        if (from < 0 || to > d || from > to) {
            throw new IllegalArgumentException("unit range [" + from + ", " + to + ") outside [0, " + d + ")");
        }
        if (from == to) {
            return;
        }
        noGrad();
        ModelState s = state();
        SplittableRandom rnd = new SplittableRandom(seed);
        float[] we = s.encoderWeight();
        float[] be = s.encoderBias();
        float[] wd = s.decoderWeight();
        double bound = encoderScale / Math.sqrt(n);
        // unit-norm models keep unit rows; others get PyTorch's init scale for a row of length n
        float decoderScale = config.unitNormDecoder() ? 1f : (float) (Math.sqrt(n / 3.0) / Math.sqrt(d));
        for (int j = from; j < to; j++) {
            for (int i = 0; i < n; i++) {
                we[i * d + j] = (float) ((rnd.nextDouble() * 2 - 1) * bound);
            }
            // small positive bias so a fresh ReLU unit fires and receives gradient
            be[j] = (float) (0.01 + 0.01 * rnd.nextDouble());
            double norm = 0;
            for (int i = 0; i < n; i++) {
                float v = (float) rnd.nextGaussian();
                wd[j * n + i] = v;
                norm += v * v;
            }
            float inv = (float) (1 / Math.sqrt(norm));
            for (int i = 0; i < n; i++) {
                wd[j * n + i] *= inv * decoderScale;
            }
        }
        float[][] m = s.adamFirst();
        float[][] v = s.adamSecond();
        for (int j = from; j < to; j++) {
            for (int i = 0; i < n; i++) {
                m[0][i * d + j] = 0;
                v[0][i * d + j] = 0;
                m[2][j * n + i] = 0;
                v[2][j * n + i] = 0;
            }
            m[1][j] = 0;
            v[1][j] = 0;
        }
        load(new float[][] {we, be, wd, s.decoderBias()}, m, v);
    }

    private void load(float[][] p, float[][] m, float[][] v) {
        noGrad();
        for (int i = 0; i < 4; i++) {
            // intern, not set(float[]): set would alias a fresh Java direct buffer on the CPU
            params[i].intern(host.copyIn(p[i], params[i].getShape(), manager));
        }
        adam.load(copyIn(m), copyIn(v));
    }

    /** Arrays shaped like the parameters, in engine-owned memory (see {@link HostBuffer}). */
    private NDArray[] copyIn(float[][] values) {
        NDArray[] arrays = new NDArray[params.length];
        for (int i = 0; i < params.length; i++) {
            arrays[i] = host.copyIn(values[i], params[i].getShape(), manager);
        }
        return arrays;
    }

    private static long[] toLongs(int[] a) {
        long[] l = new long[a.length];
        for (int i = 0; i < a.length; i++) {
            l[i] = a[i];
        }
        return l;
    }

    @Override
    public void close() {
        manager.close();
        host.close(); // after the manager: its uploads alias the host block
    }
}
