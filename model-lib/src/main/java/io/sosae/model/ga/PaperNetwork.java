package io.sosae.model.ga;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.types.Shape;
import ai.djl.nn.Activation;
import ai.djl.nn.pooling.Pool;
import java.util.SplittableRandom;

/**
 * The small convolutional autoencoder with a 2-D latent of "Training Deep Autoencoders with
 * Genetic Algorithms" (Norbert Váradi, DTU 2021), with all its parameters in one flat float
 * vector per individual (the paper's direct encoding).
 *
 * <pre>
 *   28x28x1 -conv 5x5, 1 ch, ReLU-> 24x24x1 -max pool 2-> 12x12x1
 *           -conv 5x5, 1 ch, ReLU->  8x8x1  -max pool 2->  4x4x1 (16)
 *   -sigmoid 5-> -sigmoid 2 (latent)-> -sigmoid 5-> -sigmoid 160-> reshape 4x4x10
 *   -unpool 2-> 8x8x10 -transposed conv 5x5, per channel (depthwise), ReLU-> 12x12x10
 *   -unpool 2-> 24x24x10 -transposed conv 5x5, 10 ch -> 1, sigmoid-> 28x28x1
 * </pre>
 *
 * <p>What the paper's text fixes: the layer list (two 5x5 convolutions with one channel each,
 * each followed by 2x2 max pooling; sigmoid layers of 5, 2, 5 and 160 units; a reshape to 4x4x10;
 * two unpool + transposed-convolution stages), the ten decoder channels ("brushes", one per digit
 * sample) and targets in [0.1, 0.9] (below, {@link #scaleTargets}). Decided here, where the text
 * is silent: valid (unpadded) convolutions with stride 1, which is what makes 28 -> 24 -> 12 -> 8 ->
 * 4 and back 4 -> 8 -> 12 -> 24 -> 28 come out; ReLU after both convolutions and after the first
 * transposed convolution (the paper's theory section puts ReLU on feature maps); a sigmoid on the
 * output (the targets follow the sigmoid's range); unpooling as nearest-neighbour 2x2
 * replication (max-unpooling would need the encoder's pooling indices, which do not pass the
 * dense bottleneck); the first transposed convolution as one 5x5 kernel per channel (the
 * paper's {@code addTrConvLayer(5, 5, 1)}: each of the ten channels maps to one) and the second as
 * ten 5x5 kernels summed into the one output image ({@code addTrConvLayer(5, 5, 10)}); the
 * initial parameters uniform in +-1/sqrt(fan-in), biases included (PyTorch's default).
 *
 * <p>Parameter order (the flat layout): conv1 weight [1,1,5,5], bias [1]; conv2 weight, bias;
 * dense 16x5, 5; 5x2, 2; 2x5, 5; 5x160, 160 (weights [in, out] row-major); transposed conv 1
 * weight [10,1,5,5], bias [10]; transposed conv 2 weight [10,1,5,5], bias [1]. 1,635 parameters.
 *
 * <p>Two forward passes with the same math: {@link #forwardPopulation} evaluates a whole
 * population in one pass (the population becomes the channel axis of grouped convolutions with
 * groups = population, and a batch axis of batched matmuls), {@link #forwardOne} one individual
 * with plain convolutions and matmuls (also the backpropagation path).
 */
public final class PaperNetwork {
    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;
    public static final int LATENT = 2;
    public static final int DECODER_CHANNELS = 10;
    static final int K = 5;
    static final int KK = K * K;
    /** Dense layer widths: 16 (4x4x1 features) -> 5 -> 2 -> 5 -> 160 (4x4x10). */
    static final int[] DENSE = {16, 5, LATENT, 5, 160};

    // offsets into the flat vector
    static final int CONV1_W = 0;
    static final int CONV1_B = CONV1_W + KK;
    static final int CONV2_W = CONV1_B + 1;
    static final int CONV2_B = CONV2_W + KK;
    static final int DENSE0 = CONV2_B + 1;
    static final int[] DENSE_W = new int[4];
    static final int[] DENSE_B = new int[4];
    static final int TR1_W;
    static final int TR1_B;
    static final int TR2_W;
    static final int TR2_B;
    public static final int PARAMETERS;

    static {
        int at = DENSE0;
        for (int l = 0; l < 4; l++) {
            DENSE_W[l] = at;
            at += DENSE[l] * DENSE[l + 1];
            DENSE_B[l] = at;
            at += DENSE[l + 1];
        }
        TR1_W = at;
        TR1_B = TR1_W + DECODER_CHANNELS * KK;
        TR2_W = TR1_B + DECODER_CHANNELS;
        TR2_B = TR2_W + DECODER_CHANNELS * KK;
        PARAMETERS = TR2_B + 1;
    }

    private static final Shape ONE = new Shape(1, 1);
    private static final Shape ZERO = new Shape(0, 0);
    private static final Shape FULL = new Shape(K - 1, K - 1);
    private static final Shape POOL = new Shape(2, 2);

    private PaperNetwork() {}

    /** A random individual: every parameter uniform in +-1/sqrt(fan-in) of its layer. */
    public static float[] initialize(long seed) {
        SplittableRandom random = new SplittableRandom(seed);
        float[] p = new float[PARAMETERS];
        fill(p, CONV1_W, CONV2_W, KK, random);
        fill(p, CONV2_W, DENSE0, KK, random);
        for (int l = 0; l < 4; l++) {
            int end = DENSE_B[l] + DENSE[l + 1];
            fill(p, DENSE_W[l], end, DENSE[l], random);
        }
        fill(p, TR1_W, TR2_W, KK, random);
        fill(p, TR2_W, PARAMETERS, DECODER_CHANNELS * KK, random);
        return p;
    }

    private static void fill(float[] p, int from, int to, int fanIn, SplittableRandom random) {
        double bound = 1 / Math.sqrt(fanIn);
        for (int i = from; i < to; i++) {
            p[i] = (float) random.nextDouble(-bound, bound);
        }
    }

    /** Pixels in [0, 1] mapped to the paper's targets in [0.1, 0.9]. */
    public static float[] scaleTargets(float[] pixels) {
        float[] t = new float[pixels.length];
        for (int i = 0; i < t.length; i++) {
            t[i] = 0.1f + 0.8f * pixels[i];
        }
        return t;
    }

    /** Targets in [0.1, 0.9] back to pixels in [0, 1] (clipped), for pictures. */
    public static float[] unscale(float[] targets) {
        float[] p = new float[targets.length];
        for (int i = 0; i < p.length; i++) {
            p[i] = Math.max(0f, Math.min(1f, (targets[i] - 0.1f) / 0.8f));
        }
        return p;
    }

    /**
     * Every individual's reconstruction of every sample in one pass.
     *
     * @param params [P, PARAMETERS]
     * @param x [S, 784] targets
     * @return [P, S, 784]
     */
    public static NDArray forwardPopulation(NDArray params, NDArray x) {
        long p = params.getShape().get(0);
        long s = x.getShape().get(0);
        int pi = Math.toIntExact(p);
        NDArray h = x.reshape(s, 1, SIDE, SIDE).broadcast(s, p, SIDE, SIDE);
        h = convPool(
                h,
                slice(params, CONV1_W, KK).reshape(p, 1, K, K),
                slice(params, CONV1_B, 1).reshape(p),
                pi);
        h = convPool(
                h,
                slice(params, CONV2_W, KK).reshape(p, 1, K, K),
                slice(params, CONV2_B, 1).reshape(p),
                pi);
        h = h.reshape(s, p, DENSE[0]).transpose(1, 0, 2); // [P, S, 16]
        for (int l = 0; l < 4; l++) {
            NDArray w = slice(params, DENSE_W[l], DENSE[l] * DENSE[l + 1]).reshape(p, DENSE[l], DENSE[l + 1]);
            NDArray b = slice(params, DENSE_B[l], DENSE[l + 1]).reshape(p, 1, DENSE[l + 1]);
            h = Activation.sigmoid(h.batchMatMul(w).add(b));
        }
        // [P, S, 160] -> [S, P*10, 4, 4]
        h = h.reshape(p, s, DECODER_CHANNELS, 4, 4).transpose(1, 0, 2, 3, 4).reshape(s, p * DECODER_CHANNELS, 4, 4);
        h = unpool(h);
        h = deconv(
                h,
                slice(params, TR1_W, DECODER_CHANNELS * KK).reshape(p * DECODER_CHANNELS, 1, K, K),
                slice(params, TR1_B, DECODER_CHANNELS).reshape(p * DECODER_CHANNELS),
                pi * DECODER_CHANNELS);
        h = unpool(Activation.relu(h));
        h = deconv(
                h,
                slice(params, TR2_W, DECODER_CHANNELS * KK).reshape(p, DECODER_CHANNELS, K, K),
                slice(params, TR2_B, 1).reshape(p),
                pi); // [S, P, 28, 28]
        return Activation.sigmoid(h).reshape(s, p, PIXELS).transpose(1, 0, 2);
    }

    /**
     * One individual's reconstructions, with ungrouped convolutions (grouped only where the
     * architecture itself is per channel) and plain matmuls; differentiable.
     *
     * @param params [PARAMETERS]
     * @param x [S, 784]
     * @return [S, 784]
     */
    public static NDArray forwardOne(NDArray params, NDArray x) {
        long s = x.getShape().get(0);
        NDArray h = x.reshape(s, 1, SIDE, SIDE);
        h = convPool(h, part(params, CONV1_W, KK).reshape(1, 1, K, K), part(params, CONV1_B, 1), 1);
        h = convPool(h, part(params, CONV2_W, KK).reshape(1, 1, K, K), part(params, CONV2_B, 1), 1);
        h = h.reshape(s, DENSE[0]);
        for (int l = 0; l < 4; l++) {
            NDArray w = part(params, DENSE_W[l], DENSE[l] * DENSE[l + 1]).reshape(DENSE[l], DENSE[l + 1]);
            h = Activation.sigmoid(h.matMul(w).add(part(params, DENSE_B[l], DENSE[l + 1])));
        }
        h = unpool(h.reshape(s, DECODER_CHANNELS, 4, 4));
        h = deconv(
                h,
                part(params, TR1_W, DECODER_CHANNELS * KK).reshape(DECODER_CHANNELS, 1, K, K),
                part(params, TR1_B, DECODER_CHANNELS),
                DECODER_CHANNELS);
        h = unpool(Activation.relu(h));
        h = deconv(
                h,
                part(params, TR2_W, DECODER_CHANNELS * KK).reshape(1, DECODER_CHANNELS, K, K),
                part(params, TR2_B, 1),
                1);
        return Activation.sigmoid(h).reshape(s, PIXELS);
    }

    /** The 2-D codes of one individual: [S, 2]. */
    public static NDArray encodeOne(NDArray params, NDArray x) {
        long s = x.getShape().get(0);
        NDArray h = x.reshape(s, 1, SIDE, SIDE);
        h = convPool(h, part(params, CONV1_W, KK).reshape(1, 1, K, K), part(params, CONV1_B, 1), 1);
        h = convPool(h, part(params, CONV2_W, KK).reshape(1, 1, K, K), part(params, CONV2_B, 1), 1);
        h = h.reshape(s, DENSE[0]);
        for (int l = 0; l < 2; l++) {
            NDArray w = part(params, DENSE_W[l], DENSE[l] * DENSE[l + 1]).reshape(DENSE[l], DENSE[l + 1]);
            h = Activation.sigmoid(h.matMul(w).add(part(params, DENSE_B[l], DENSE[l + 1])));
        }
        return h;
    }

    private static NDArray convPool(NDArray h, NDArray w, NDArray b, int groups) {
        NDArray c = h.getNDArrayInternal()
                .convolution(h, w, b, ONE, ZERO, ONE, groups)
                .singletonOrThrow();
        return Pool.maxPool2d(Activation.relu(c), POOL, POOL, ZERO, false);
    }

    /**
     * A stride-1 transposed convolution, written as what it equals: the convolution of the input
     * zero-padded by K-1 with the spatially flipped kernel (DJL 0.32's PyTorch engine does not
     * implement {@code deconvolution}).
     *
     * @param w the kernels already in convolution layout [out, in / groups, K, K] (for one output
     *     per group, the transposed-convolution kernels of that group's input channels)
     */
    private static NDArray deconv(NDArray h, NDArray w, NDArray b, int groups) {
        return h.getNDArrayInternal()
                .convolution(h, w.flip(2, 3), b, ONE, FULL, ONE, groups)
                .singletonOrThrow();
    }

    /** Nearest-neighbour 2x upsampling of [N, C, H, W]. */
    static NDArray unpool(NDArray h) {
        Shape s = h.getShape();
        long n = s.get(0);
        long c = s.get(1);
        long hh = s.get(2);
        long ww = s.get(3);
        return h.reshape(n, c, hh, 1, ww, 1).broadcast(n, c, hh, 2, ww, 2).reshape(n, c, 2 * hh, 2 * ww);
    }

    private static NDArray slice(NDArray params, int from, int length) {
        return params.get(":, " + from + ":" + (from + length));
    }

    private static NDArray part(NDArray params, int from, int length) {
        return params.get(from + ":" + (from + length));
    }
}
