package io.sosae.model.pca;

import io.sosae.model.core.BlobArrays;
import io.sosae.model.core.DecoderSlice;
import io.sosae.model.core.Method;
import io.sosae.model.linalg.Eigen;
import io.sosae.model.stream.CompressorFactory;
import io.sosae.model.stream.EncodedBatch;
import io.sosae.model.stream.Promotion;
import io.sosae.model.stream.RowBatches;
import io.sosae.model.stream.StreamCompressor;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Optional;

/**
 * Streaming PCA with an adaptive rank: the linear peer every SOSAE result is measured against.
 *
 * <p>Every observed batch is merged into an exponentially weighted mean and covariance
 * ({@link MovingCovariance}). Every {@code promoteEvery} rows the leading components are
 * re-estimated by subspace iteration warm-started from the previous ones (a few multiplications
 * by the covariance, Gram-Schmidt, then a Rayleigh-Ritz step), the rank is chosen by SPIRIT's
 * energy thresholds ({@link PcaOptions}), and the result is served as the next version. Each
 * component keeps the sign of its predecessor, so a consumer sees the same axes from one version
 * to the next wherever the subspace has not moved.
 *
 * <p>A code is {@code c = Q^T (x - mean)} over the first k components; it decodes through the
 * same {@link DecoderSlice} as the autoencoders, with the components as weights, the mean as bias
 * and no output nonlinearity. Version 1, before any data, codes the first {@code min(maxRank, n)}
 * input values as they are (identity components, zero mean). Plain Java: no engine, so the
 * device is ignored, and nothing can diverge (rollbacks stay 0).
 */
public final class StreamingPca implements StreamCompressor {
    private static final long MAGIC = 0x534F534145504341L; // "SOSAEPCA"
    private static final int FORMAT = 1;
    private static final int FIRST_ITERATIONS = 30;
    private static final int WARM_ITERATIONS = 6;

    private final PcaOptions options;
    private final int n;
    private final int r; // components tracked: min(maxRank, n)
    private final MovingCovariance covariance;
    private final double[] basis; // n x r, orthonormal columns, warm start of the next estimate
    private boolean estimated;
    private long version;
    private long samplesSeen;
    private long sincePromotion;
    private int rank;
    private float[] servingMean;
    private float[] servingBasis; // n x servingWidth, row-major
    private int servingWidth;
    private double retainedEnergy = Double.NaN;
    private double recentError = Double.NaN;
    private float[] lastBatch = new float[0];
    private double flops;

    private StreamingPca(PcaOptions options, MovingCovariance covariance, double[] basis) {
        this.options = options;
        this.n = options.inputDim();
        this.r = Math.min(options.maxRank(), n);
        this.covariance = covariance;
        this.basis = basis;
    }

    /** A new stream's PCA at version 1. */
    public static StreamingPca create(PcaOptions options) {
        int r = Math.min(options.maxRank(), options.inputDim());
        double[] basis = new double[options.inputDim() * r];
        for (int j = 0; j < r; j++) {
            basis[j * r + j] = 1;
        }
        StreamingPca pca =
                new StreamingPca(options, new MovingCovariance(options.inputDim(), options.halfLife()), basis);
        pca.version = 1;
        pca.rank = options.initialRank();
        pca.serve();
        return pca;
    }

    /** The factory the operator uses; the device is ignored (plain Java). */
    public static CompressorFactory factory(PcaOptions options) {
        return CompressorFactory.of(
                Method.PCA,
                device -> StreamingPca.create(options),
                (blob, device) -> StreamingPca.restore(blob, options));
    }

    @Override
    public Method method() {
        return Method.PCA;
    }

    @Override
    public int inputDim() {
        return n;
    }

    @Override
    public int capacity() {
        return options.maxRank();
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public int servingLength() {
        return rank;
    }

    @Override
    public long samplesSeen() {
        return samplesSeen;
    }

    @Override
    public long rollbacks() {
        return 0;
    }

    @Override
    public double flops() {
        return flops;
    }

    /** Share of the variance the serving components retained when they were estimated (NaN at version 1). */
    public double retainedEnergy() {
        return retainedEnergy;
    }

    @Override
    public EncodedBatch encode(float[] batch, int rows) {
        RowBatches.check(batch, rows, n);
        flops += rows * (4.0 * n * rank + 2.0 * n); // project, reconstruct, errors
        float[][] codes = new float[rows][];
        float[] errors = new float[rows];
        double[] centred = new double[n];
        for (int b = 0; b < rows; b++) {
            for (int i = 0; i < n; i++) {
                centred[i] = batch[b * n + i] - servingMean[i];
            }
            float[] code = new float[rank];
            for (int i = 0; i < n; i++) {
                double x = centred[i];
                int row = i * servingWidth;
                for (int j = 0; j < rank; j++) {
                    code[j] += (float) (servingBasis[row + j] * x);
                }
            }
            double err = 0;
            for (int i = 0; i < n; i++) {
                double y = servingMean[i];
                int row = i * servingWidth;
                for (int j = 0; j < rank; j++) {
                    y += servingBasis[row + j] * code[j];
                }
                err += Math.abs(batch[b * n + i] - y);
            }
            codes[b] = code;
            errors[b] = (float) (err / n);
        }
        return new EncodedBatch(version, rank, codes, errors);
    }

    @Override
    public Optional<Promotion> observe(float[] batch, int rows) {
        RowBatches.check(batch, rows, n);
        float[] finite = new float[rows * n];
        int good = 0;
        for (int b = 0; b < rows; b++) {
            if (RowBatches.finiteRow(batch, b, n)) {
                System.arraycopy(batch, b * n, finite, good * n, n);
                good++;
            }
        }
        if (good == 0) {
            return Optional.empty();
        }
        covariance.add(finite, good);
        flops += good * (2.0 * n * n + 4.0 * n) + 2.0 * n * n; // rank-1 updates, means, the decay
        lastBatch = java.util.Arrays.copyOf(finite, good * n);
        samplesSeen += good;
        sincePromotion += good;
        if (sincePromotion < options.promoteEvery()) {
            return Optional.empty();
        }
        sincePromotion = 0;
        estimate();
        version++;
        serve();
        recentError = meanAbsoluteError(lastBatch);
        return Optional.of(promotion());
    }

    /** Re-estimates the components and chooses the rank. */
    private void estimate() {
        double[] previous = basis.clone();
        boolean first = !estimated;
        int iterations = first ? FIRST_ITERATIONS : WARM_ITERATIONS;
        // C Q and Gram-Schmidt (twice) per iteration, then Rayleigh-Ritz and about 10 Jacobi sweeps
        flops += (iterations + 1) * (2.0 * n * n * r + 8.0 * n * r * r) + 4.0 * n * r * r + 60.0 * r * r * r;
        double[] q = basis.clone();
        for (int it = 0; it < iterations; it++) {
            q = covariance.times(q, r);
            Eigen.orthonormalize(q, n, r);
        }
        // Rayleigh-Ritz: the eigenvectors of Q^T C Q rotate Q onto the components.
        double[] cq = covariance.times(q, r);
        double[] t = new double[r * r];
        for (int i = 0; i < n; i++) {
            for (int a = 0; a < r; a++) {
                double qa = q[i * r + a];
                for (int b = 0; b < r; b++) {
                    t[a * r + b] += qa * cq[i * r + b];
                }
            }
        }
        for (int a = 0; a < r; a++) { // symmetrise rounding
            for (int b = a + 1; b < r; b++) {
                double s = (t[a * r + b] + t[b * r + a]) / 2;
                t[a * r + b] = s;
                t[b * r + a] = s;
            }
        }
        Eigen.Decomposition d = Eigen.symmetric(t, r);
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < r; j++) {
                double s = 0;
                for (int a = 0; a < r; a++) {
                    s += q[i * r + a] * d.vectors()[a * r + j];
                }
                basis[i * r + j] = s;
            }
        }
        keepSigns(previous);
        rank = chooseRank(d.values(), covariance.totalVariance(), first);
        estimated = true;
    }

    /** Flips each component whose direction opposes its predecessor's. */
    private void keepSigns(double[] previous) {
        for (int j = 0; j < r; j++) {
            double dot = 0;
            for (int i = 0; i < n; i++) {
                dot += basis[i * r + j] * previous[i * r + j];
            }
            if (dot < 0) {
                for (int i = 0; i < n; i++) {
                    basis[i * r + j] = -basis[i * r + j];
                }
            }
        }
    }

    /** SPIRIT's rule: hold the rank inside the energy band, else reset it to the band's middle. */
    private int chooseRank(double[] eigenvalues, double total, boolean first) {
        if (!(total > 0)) {
            retainedEnergy = 1;
            return 1;
        }
        double[] retained = new double[r + 1];
        for (int j = 0; j < r; j++) {
            retained[j + 1] = retained[j] + Math.max(0, eigenvalues[j]) / total;
        }
        int k = Math.min(Math.max(rank, 1), r);
        boolean tooFew = retained[k] < options.lowEnergy() && k < r;
        boolean tooMany = k > 1 && retained[k - 1] > options.highEnergy();
        if (tooFew || tooMany || first) {
            k = r;
            for (int j = 1; j <= r; j++) {
                if (retained[j] >= options.targetEnergy()) {
                    k = j;
                    break;
                }
            }
        }
        retainedEnergy = Math.min(1, retained[k]);
        return k;
    }

    /** Freezes the current mean and first rank (+margin) components as the serving version. */
    private void serve() {
        servingWidth = Math.min(r, rank + options.margin());
        servingMean = new float[n];
        double[] mean = covariance.mean();
        for (int i = 0; i < n; i++) {
            servingMean[i] = (float) mean[i];
        }
        servingBasis = new float[n * servingWidth];
        for (int i = 0; i < n; i++) {
            for (int j = 0; j < servingWidth; j++) {
                servingBasis[i * servingWidth + j] = (float) basis[i * r + j];
            }
        }
    }

    private double meanAbsoluteError(float[] rows) {
        int count = rows.length / n;
        if (count == 0) {
            return Double.NaN;
        }
        double sum = 0;
        for (float e : encode(rows, count).reconstructionErrors()) {
            sum += e;
        }
        return sum / count;
    }

    @Override
    public Promotion promotion() {
        DecoderSlice slice = new DecoderSlice(
                n, options.maxRank(), rank, servingWidth, servingBasis.clone(), servingMean.clone(), false);
        return new Promotion(version, rank, rank, options.maxRank(), slice, recentError, 0, samplesSeen, 0, toBytes());
    }

    private byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(n);
            out.writeInt(options.maxRank());
            out.writeLong(version);
            out.writeLong(samplesSeen);
            out.writeLong(sincePromotion);
            out.writeInt(rank);
            out.writeBoolean(estimated);
            out.writeDouble(retainedEnergy);
            out.writeDouble(recentError);
            out.writeDouble(covariance.weight());
            BlobArrays.writeDoubles(out, covariance.mean());
            BlobArrays.writeDoubles(out, covariance.scatter());
            BlobArrays.writeDoubles(out, basis);
            out.writeInt(servingWidth);
            BlobArrays.writeFloats(out, servingMean);
            BlobArrays.writeFloats(out, servingBasis);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Continues from a blob of {@link #promotion()}; versions continue from it. */
    public static StreamingPca restore(byte[] blob, PcaOptions options) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob))) {
            if (in.readLong() != MAGIC) {
                throw new IllegalArgumentException(
                        "the model in state is not a streaming PCA (bad magic); the job runs "
                                + "PCA: start it from an empty state or restore with the method that wrote the state");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalArgumentException(
                        "PCA blob format " + format + " is not supported (this build reads " + FORMAT + ")");
            }
            int n = in.readInt();
            int maxRank = in.readInt();
            if (n != options.inputDim() || maxRank != options.maxRank()) {
                throw new IllegalArgumentException(
                        "the PCA in state has input width " + n + " and rank limit " + maxRank
                                + ", the job is configured with " + options.inputDim() + " and " + options.maxRank()
                                + "; keep them, or start from an empty state");
            }
            long version = in.readLong();
            long seen = in.readLong();
            long since = in.readLong();
            int rank = in.readInt();
            boolean estimated = in.readBoolean();
            double retained = in.readDouble();
            double error = in.readDouble();
            double weight = in.readDouble();
            double[] mean = BlobArrays.readDoubles(in);
            double[] scatter = BlobArrays.readDoubles(in);
            double[] basis = BlobArrays.readDoubles(in);
            StreamingPca pca = new StreamingPca(
                    options, new MovingCovariance(n, options.halfLife(), mean, scatter, weight), basis);
            pca.version = version;
            pca.samplesSeen = seen;
            pca.sincePromotion = since;
            pca.rank = rank;
            pca.estimated = estimated;
            pca.retainedEnergy = retained;
            pca.recentError = error;
            pca.servingWidth = in.readInt();
            pca.servingMean = BlobArrays.readFloats(in);
            pca.servingBasis = BlobArrays.readFloats(in);
            return pca;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated or corrupt PCA blob", e);
        }
    }

    @Override
    public void close() {
        // plain Java arrays: nothing to release
    }
}
