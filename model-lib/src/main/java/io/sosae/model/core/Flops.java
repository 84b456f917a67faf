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
 * below 0.1% of the total.
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
}
