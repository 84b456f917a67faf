package io.sosae.model.ga;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sosae.model.core.Activation;
import io.sosae.model.core.HostBuffer;

/**
 * The dense autoencoder of {@link EvolvedAutoencoder} as flat parameter vectors, and the fitness
 * (mean absolute error) of a whole population on a batch of rows in one pass of batched matmuls:
 * H = act(X We + be), Y = H Wd + bd (sigmoid optional), for every individual at once.
 *
 * <p>Layout of an individual: encoder weight [n x d] row-major, encoder bias [d], decoder weight
 * [d x n] row-major, decoder bias [n].
 */
final class DenseFitness {
    private final int n;
    private final int d;
    private final Activation encoder;
    private final boolean outputSigmoid;
    private final HostBuffer host = new HostBuffer();
    private final HostBuffer rowsHost = new HostBuffer();

    DenseFitness(int n, int d, Activation encoder, boolean outputSigmoid) {
        this.n = n;
        this.d = d;
        this.encoder = encoder;
        this.outputSigmoid = outputSigmoid;
    }

    int parameters() {
        return 2 * n * d + n + d;
    }

    /** Population [P x parameters] and rows [S x n] to errors [P]; NDArrays live in a closed sub-manager. */
    float[] evaluate(NDManager root, float[] population, int count, float[] rows, int samples) {
        PopulationFitness.noGrad();
        try (NDManager tmp = root.newSubManager()) {
            NDArray p = host.upload(population, new Shape(count, parameters()), tmp);
            NDArray x = rowsHost.upload(rows, new Shape(samples, n), tmp);
            NDArray y = forward(p, x, count, samples);
            return y.sub(x.expandDims(0))
                    .abs()
                    .reshape(count, -1)
                    .mean(new int[] {1})
                    .toFloatArray();
        }
    }

    /** [P, S, n] reconstructions. */
    private NDArray forward(NDArray p, NDArray x, long count, long samples) {
        int at = 0;
        NDArray we = p.get(":, " + at + ":" + (at += n * d)).reshape(count, n, d);
        NDArray be = p.get(":, " + at + ":" + (at += d)).reshape(count, 1, d);
        NDArray wd = p.get(":, " + at + ":" + (at += d * n)).reshape(count, d, n);
        NDArray bd = p.get(":, " + at + ":" + (at + n)).reshape(count, 1, n);
        NDArray xs = x.expandDims(0).broadcast(count, samples, n);
        NDArray h = encoder.apply(xs.batchMatMul(we).add(be));
        NDArray y = h.batchMatMul(wd).add(bd);
        return outputSigmoid ? y.getNDArrayInternal().sigmoid() : y;
    }

    /** Codes [S x d] and per-row MAE of one individual, from one upload. */
    Encoded encode(NDManager root, float[] individual, float[] rows, int samples) {
        PopulationFitness.noGrad();
        try (NDManager tmp = root.newSubManager()) {
            NDArray p = host.upload(individual, new Shape(1, parameters()), tmp);
            NDArray x = rowsHost.upload(rows, new Shape(samples, n), tmp);
            int at = 0;
            NDArray we = p.get("0, " + at + ":" + (at += n * d)).reshape(n, d);
            NDArray be = p.get("0, " + at + ":" + (at += d));
            NDArray wd = p.get("0, " + at + ":" + (at += d * n)).reshape(d, n);
            NDArray bd = p.get("0, " + at + ":" + (at + n));
            NDArray h = encoder.apply(x.matMul(we).add(be));
            NDArray y = h.matMul(wd).add(bd);
            if (outputSigmoid) {
                y = y.getNDArrayInternal().sigmoid();
            }
            return new Encoded(
                    h.toFloatArray(), y.sub(x).abs().mean(new int[] {1}).toFloatArray());
        }
    }

    record Encoded(float[] codes, float[] errors) {}
}
