package io.sosae.model.core;

/**
 * Floating-point operations of the dense autoencoder {@code n -> d -> n} (encoder and decoder
 * linear maps with biases, elementwise activation, output sigmoid), counted the usual way: a
 * multiply-add is 2 FLOPs, every other elementwise operation 1.
 *
 * <ul>
 *   <li>Forward, per sample: the two matrix products {@code 2nd + 2dn}, the biases {@code d + n},
 *       the activations {@code d + n}: {@code 4nd + 2(n + d)}.</li>
 *   <li>Backward, per sample: the decoder's weight gradient and the gradient into the code
 *       ({@code 2dn} each), the encoder's weight gradient ({@code 2nd}; none into the input),
 *       the bias gradients and activation slopes ({@code 2(n + d)}): {@code 6nd + 2(n + d)}.</li>
 *   <li>Adam, per step: about 10 FLOPs per parameter ({@code 2nd + n + d} parameters).</li>
 * </ul>
 *
 * Regulariser terms (push, L1, L2) add O(d) per sample and are left out: at MNIST sizes they are
 * below 0.1% of the total. Deeper models count the same way layer by layer ({@link
 * #chainForwardPerSample}); the dense autoencoder is the chain {@code n, d, n}.
 */
public final class Flops {
    /** FLOPs of one Adam update per parameter (moments, bias correction, step). */
    public static final long ADAM_PER_PARAMETER = 10;

    private Flops() {}

    public static long forwardPerSample(int n, int d) {
        return 4L * n * d + 2L * (n + d);
    }

    public static long backwardPerSample(int n, int d) {
        return 6L * n * d + 2L * (n + d);
    }

    public static long parameters(int n, int d) {
        return 2L * n * d + n + d;
    }

    /**
     * Training: {@code epochs} passes over {@code rows} samples in steps of {@code batchSize}
     * (a last partial batch is dropped, as the trainer does, unless it is the only one).
     */
    public static double training(int n, int d, long rows, int epochs, int batchSize) {
        long steps = Math.max(1, rows / batchSize);
        long samples = steps * Math.min(batchSize, rows);
        return (double) epochs
                * (samples * (double) (forwardPerSample(n, d) + backwardPerSample(n, d))
                        + steps * (double) (ADAM_PER_PARAMETER * parameters(n, d)));
    }

    /** Evaluation: one forward pass over {@code rows} samples. */
    public static double evaluation(int n, int d, long rows) {
        return rows * (double) forwardPerSample(n, d);
    }

    /** Decoding one code of length {@code l}: the product {@code 2ln}, bias and output sigmoid {@code 2n}. */
    public static long decodePerSample(int n, int l) {
        return 2L * l * n + 2L * n;
    }

    /** Comparing a reconstruction with its input (difference and absolute value): {@code 2n}. */
    public static long errorPerSample(int n) {
        return 2L * n;
    }

    /**
     * Forward FLOPs per sample of the dense chain {@code widths[0] -> widths[1] -> ...}: per layer
     * the product {@code 2 in out}, its bias and its activation {@code 2 out}.
     */
    public static long chainForwardPerSample(int... widths) {
        long f = 0;
        for (int l = 1; l < widths.length; l++) {
            f += 2L * widths[l - 1] * widths[l] + 2L * widths[l];
        }
        return f;
    }

    /**
     * Backward FLOPs per sample of the same chain: every layer's weight gradient {@code 2 in out}
     * and its bias gradient and activation slope {@code 2 out}; the gradient into a layer's input
     * {@code 2 in out} for every layer but the first (none flows into the data).
     */
    public static long chainBackwardPerSample(int... widths) {
        long f = 0;
        for (int l = 1; l < widths.length; l++) {
            f += (l == 1 ? 2L : 4L) * widths[l - 1] * widths[l] + 2L * widths[l];
        }
        return f;
    }

    /** Weights and biases of the chain. */
    public static long chainParameters(int... widths) {
        long p = 0;
        for (int l = 1; l < widths.length; l++) {
            p += (long) widths[l - 1] * widths[l] + widths[l];
        }
        return p;
    }
}
