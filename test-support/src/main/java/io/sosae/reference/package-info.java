/**
 * A dependency-free, double-precision MLP autoencoder after "A Peek Into Autoencoder
 * Neural Networks" (Bibidh Subedi, Aayush Dhungana), used as a readable reference and as a gradient oracle for the DJL models.
 *
 * <p>Conventions, fixed here once:
 * <ul>
 *   <li>Weights are stored input x output, as the paper prints W1 (3x4 for the [3,4,3] net), and a
 *       layer computes {@code z = x . W + b} with x a row vector. The paper writes
 *       {@code z = W h + b}, but its numbers only come out with the row-vector product. DJL's
 *       {@code Linear} stores output x input; see {@link io.sosae.reference.DenseLayer#fromOutByIn}.</li>
 *   <li>Reconstruction loss = mean over the batch and over the output elements.</li>
 *   <li>Penalty on the code h (one-hidden-layer nets only) = mean over the batch of the per-sample
 *       penalty; it is not divided by the code width.</li>
 *   <li>Gradients are of that total objective, so a plain SGD step is {@code W -= lr * dW}.</li>
 * </ul>
 */
package io.sosae.reference;
