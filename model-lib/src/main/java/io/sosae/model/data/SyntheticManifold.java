package io.sosae.model.data;

import java.util.Random;

/**
 * Data of known intrinsic dimension m: a latent z (uniform on [0,1]^m or standard normal) through
 * a fixed, seeded, smooth random map into D dimensions,
 * {@code x = sigmoid(A2 tanh(A1 u + c1) + c2)} with {@code u = 2z - 1} for uniform latents (so
 * the map sees centred inputs) and {@code u = z} for Gaussian ones, plus optional Gaussian noise
 * clipped to [0, 1]. The map is generically an immersion (hidden width and D at least m), so the
 * clean data lies on an m-dimensional curved sheet: an autoencoder needs about m code units, PCA
 * more. By default entries of A1 are N(0, 4/m), of A2 N(0, 9/width), biases N(0, 0.25); see {@link
 * Scaling} and {@link Builder#curvature} for the other choices.
 *
 * <p>Deterministic: the map comes from {@code Random(seed)}, samples from {@code Random(sampleSeed)},
 * and math uses {@link StrictMath} so results match bit for bit across JVMs.
 */
public final class SyntheticManifold {
    public enum Latent {
        UNIFORM,
        GAUSSIAN
    }

    /**
     * How the map's weights scale with m and the hidden width. {@link #TOTAL} (default) keeps the
     * total signal fixed: A1 ~ N(0, 4/m), A2 ~ N(0, 9/width), so each of m=16's directions carries
     * a quarter of the signal of one of m=4's and a penalised autoencoder keeps about the same
     * number of units for every m. {@link #PER_DIRECTION} gives every latent direction the signal
     * one has at m=4 (A1 ~ N(0, 1), A2 ~ N(0, 0.75^2)): the data grows with m the way real data
     * with more factors of variation does.
     */
    public enum Scaling {
        TOTAL,
        PER_DIRECTION
    }

    /** PER_DIRECTION uses TOTAL's normalisers at this m and its default width max(16, 4m). */
    private static final int REFERENCE_LATENT_DIM = 4;

    private static final int REFERENCE_WIDTH = 16;

    private final int latentDim;
    private final int ambientDim;
    private final int hiddenWidth;
    private final Latent latent;
    private final double noiseStd;
    private final double curvature;
    private final Scaling scaling;
    private final long seed;
    private final double[][] a1;
    private final double[] c1;
    private final double[][] a2;
    private final double[] c2;

    private SyntheticManifold(Builder b) {
        this.latentDim = b.latentDim;
        this.ambientDim = b.ambientDim;
        this.hiddenWidth = b.hiddenWidth > 0 ? b.hiddenWidth : Math.max(16, 4 * b.latentDim);
        this.latent = b.latent;
        this.noiseStd = b.noiseStd;
        this.curvature = b.curvature;
        this.scaling = b.scaling;
        this.seed = b.seed;
        Random random = new Random(seed);
        boolean total = scaling == Scaling.TOTAL;
        this.a1 = gaussianMatrix(
                random,
                hiddenWidth,
                latentDim,
                curvature * 2.0 / StrictMath.sqrt(total ? latentDim : REFERENCE_LATENT_DIM));
        this.c1 = gaussianVector(random, hiddenWidth, 0.5);
        this.a2 = gaussianMatrix(
                random,
                ambientDim,
                hiddenWidth,
                curvature * 3.0 / StrictMath.sqrt(total ? hiddenWidth : REFERENCE_WIDTH));
        this.c2 = gaussianVector(random, ambientDim, 0.5);
    }

    public static Builder builder() {
        return new Builder();
    }

    public int latentDim() {
        return latentDim;
    }

    public int ambientDim() {
        return ambientDim;
    }

    public int hiddenWidth() {
        return hiddenWidth;
    }

    public Latent latent() {
        return latent;
    }

    public double noiseStd() {
        return noiseStd;
    }

    /** n noisy points, labels all 0, named {@code synthetic-m<m>-d<D>}. */
    public Dataset sample(int n, long sampleSeed) {
        return sampleWithLatents(n, sampleSeed).data();
    }

    /** n noisy points with their latent coordinates. */
    public ManifoldSample sampleWithLatents(int n, long sampleSeed) {
        if (n <= 0) {
            throw new IllegalArgumentException("sample size must be positive, got " + n);
        }
        Random random = new Random(sampleSeed);
        float[] values = new float[Math.multiplyExact(n, ambientDim)];
        double[] latents = new double[Math.multiplyExact(n, latentDim)];
        double[] z = new double[latentDim];
        for (int s = 0; s < n; s++) {
            for (int k = 0; k < latentDim; k++) {
                z[k] = latent == Latent.UNIFORM ? random.nextDouble() : random.nextGaussian();
                latents[s * latentDim + k] = z[k];
            }
            float[] x = embed(z);
            for (int i = 0; i < ambientDim; i++) {
                double v = x[i] + (noiseStd > 0 ? noiseStd * random.nextGaussian() : 0.0);
                values[s * ambientDim + i] = (float) Math.min(1.0, Math.max(0.0, v));
            }
        }
        String name = "synthetic-m" + latentDim + "-d" + ambientDim;
        return new ManifoldSample(new Dataset(name, ambientDim, values, new int[n]), latentDim, latents);
    }

    /** The noise-free point of latent z (uniform latents are expected in [0,1]^m). */
    public float[] embed(double[] z) {
        if (z.length != latentDim) {
            throw new IllegalArgumentException("latent has " + z.length + " coordinates, manifold has " + latentDim);
        }
        double[] hidden = new double[hiddenWidth];
        for (int j = 0; j < hiddenWidth; j++) {
            double s = c1[j];
            for (int k = 0; k < latentDim; k++) {
                double u = latent == Latent.UNIFORM ? 2.0 * z[k] - 1.0 : z[k];
                s += a1[j][k] * u;
            }
            hidden[j] = StrictMath.tanh(s);
        }
        float[] x = new float[ambientDim];
        for (int i = 0; i < ambientDim; i++) {
            double s = c2[i];
            for (int j = 0; j < hiddenWidth; j++) {
                s += a2[i][j] * hidden[j];
            }
            x[i] = (float) (1.0 / (1.0 + StrictMath.exp(-s)));
        }
        return x;
    }

    private static double[][] gaussianMatrix(Random random, int rows, int cols, double std) {
        double[][] m = new double[rows][cols];
        for (double[] row : m) {
            for (int j = 0; j < cols; j++) {
                row[j] = std * random.nextGaussian();
            }
        }
        return m;
    }

    private static double[] gaussianVector(Random random, int n, double std) {
        double[] v = new double[n];
        for (int i = 0; i < n; i++) {
            v[i] = std * random.nextGaussian();
        }
        return v;
    }

    @Override
    public String toString() {
        return "SyntheticManifold[m=" + latentDim + ", D=" + ambientDim + ", width=" + hiddenWidth + ", " + latent
                + ", noise=" + noiseStd + ", curvature=" + curvature + ", " + scaling + ", seed=" + seed + "]";
    }

    /** Builder; defaults: D = 64, width = max(16, 4m), uniform latents, no noise, seed 0. */
    public static final class Builder {
        private int latentDim;
        private int ambientDim = 64;
        private int hiddenWidth;
        private Latent latent = Latent.UNIFORM;
        private double noiseStd;
        private double curvature = 1.0;
        private Scaling scaling = Scaling.TOTAL;
        private long seed;

        private Builder() {}

        /**
         * Scales the map's weights (both layers; default 1): below 1 both the tanh and the
         * sigmoid stay nearer their linear range, so the sheet bends less while its dimension
         * stays m.
         */
        public Builder curvature(double scale) {
            this.curvature = scale;
            return this;
        }

        public Builder scaling(Scaling weightScaling) {
            this.scaling = java.util.Objects.requireNonNull(weightScaling, "scaling");
            return this;
        }

        /** The intrinsic dimension m (required). */
        public Builder latentDim(int m) {
            this.latentDim = m;
            return this;
        }

        public Builder ambientDim(int d) {
            this.ambientDim = d;
            return this;
        }

        public Builder hiddenWidth(int width) {
            this.hiddenWidth = width;
            return this;
        }

        public Builder latent(Latent distribution) {
            this.latent = distribution;
            return this;
        }

        /** Std of Gaussian noise added to each value before clipping to [0, 1]. */
        public Builder noiseStd(double std) {
            this.noiseStd = std;
            return this;
        }

        public Builder seed(long mapSeed) {
            this.seed = mapSeed;
            return this;
        }

        public SyntheticManifold build() {
            if (latentDim <= 0) {
                throw new IllegalStateException("latentDim must be set to a positive value, got " + latentDim);
            }
            if (ambientDim < latentDim) {
                throw new IllegalStateException("ambientDim " + ambientDim + " is below latentDim " + latentDim);
            }
            if (!(curvature > 0) || Double.isInfinite(curvature)) {
                throw new IllegalStateException("curvature must be a finite value > 0, got " + curvature);
            }
            if (hiddenWidth != 0 && hiddenWidth < latentDim) {
                throw new IllegalStateException("hiddenWidth " + hiddenWidth + " is below latentDim " + latentDim);
            }
            if (!(noiseStd >= 0) || !Double.isFinite(noiseStd)) {
                throw new IllegalStateException("noiseStd must be finite and >= 0, got " + noiseStd);
            }
            if (latent == null) {
                throw new IllegalStateException("latent distribution must not be null");
            }
            return new SyntheticManifold(this);
        }
    }
}
