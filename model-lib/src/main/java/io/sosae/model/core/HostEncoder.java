package io.sosae.model.core;

/**
 * A model's encoder and its decoder's first units in plain Java, for batches too small to be worth
 * engine calls: a micro-batch of one or two frames (many keys, each flushed by its timer) costs
 * some ten engine calls of fixed cost, far more than its few thousand multiply-adds. The
 * arithmetic is the engine's (h = act(x We + be), y = h_L Wd_L + bd, sigmoid when configured), in
 * float as the engine's, so results agree with it to rounding and overflow where it does (an
 * extreme frame's error is infinite here too, and the frame is kept out of training) (HostEncoderTest). k-sparse
 * models are not covered: their code depends on all units ({@link #covers}).
 *
 * <p>Immutable; a copy of the weights at one version.
 */
public final class HostEncoder {
    private final int n;
    private final int d;
    private final Activation activation;
    private final boolean outputSigmoid;
    private final float[] we; // [n, d] row-major
    private final float[] be;
    private final float[] wd; // [d, n] row-major
    private final float[] bd;

    /** Whether models of this configuration can encode here. */
    public static boolean covers(AutoencoderConfig c) {
        return c.kSparse() == 0 || c.kSparse() >= c.capacity();
    }

    /** The encoder of a model's current weights. */
    public static HostEncoder of(Autoencoder model) {
        AutoencoderConfig c = model.config();
        if (!covers(c)) {
            throw new IllegalArgumentException("k-sparse codes depend on every unit: encode them with the engine");
        }
        float[][] p = model.parameterValues();
        return new HostEncoder(c, p[0], p[1], p[2], p[3]);
    }

    private HostEncoder(AutoencoderConfig c, float[] we, float[] be, float[] wd, float[] bd) {
        this.n = c.inputDim();
        this.d = c.capacity();
        this.activation = c.encoderActivation();
        this.outputSigmoid = c.outputSigmoid();
        this.we = we;
        this.be = be;
        this.wd = wd;
        this.bd = bd;
    }

    /** Multiply-adds of encoding {@code rows} rows to {@code length} units and decoding them. */
    public static long multiplyAdds(int rows, int inputDim, int length) {
        return 2L * rows * inputDim * length;
    }

    /**
     * Codes of the first {@code length} units of each row of a row-major batch [rows, n], and the
     * mean absolute error of decoding them ({@code errors}, one per row).
     */
    public float[][] encode(float[] batch, int rows, int length, float[] errors) {
        if (length < 1 || length > d) {
            throw new IllegalArgumentException("length " + length + " outside [1, " + d + "]");
        }
        float[][] codes = new float[rows][length];
        float[] h = new float[length];
        for (int r = 0; r < rows; r++) {
            int x0 = r * n;
            System.arraycopy(be, 0, h, 0, length);
            for (int i = 0; i < n; i++) {
                float xi = batch[x0 + i];
                int w0 = i * d;
                for (int j = 0; j < length; j++) {
                    h[j] += xi * we[w0 + j];
                }
            }
            float[] code = codes[r];
            for (int j = 0; j < length; j++) {
                code[j] = activation.apply(h[j]);
            }
            float error = 0;
            for (int i = 0; i < n; i++) {
                float s = bd[i];
                for (int j = 0; j < length; j++) {
                    s += code[j] * wd[j * n + i];
                }
                float y = outputSigmoid ? Activation.SIGMOID.apply(s) : s;
                error += Math.abs(batch[x0 + i] - y);
            }
            errors[r] = error / n;
        }
        return codes;
    }
}
