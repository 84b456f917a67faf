package io.sosae.model.arch;

import io.sosae.model.core.BlobArrays;
import io.sosae.model.core.DecoderSlice;
import io.sosae.model.core.Flops;
import io.sosae.model.core.Method;
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
 * The weight-and-architecture search of "Simultaneous Weight and Architecture Optimization for
 * Neural Networks" applied to the stream's autoencoder: one gradient descent trains the weights
 * and, through gates with that paper's sparsity penalty, the widths of the encoder's hidden layer
 * and of the code.
 *
 * <p>Model: {@code h = tanh(W1 x + b1) * m(gH)}, {@code c = (W2 h + b2) * m(gC)},
 * {@code y = Wd c + bd}: the decoder is linear in the code, so every code decodes through the
 * {@link DecoderSlice} {@code y = W c + b} with no hidden decoder layer (a hidden decoder layer
 * would make the slice inexact, so there is none). Each hidden and code unit j has a learnable
 * gate g_j, applied through the soft counting switch with a learnable threshold tau (one per
 * layer): {@code m(g) = g * sigmoid(beta (|g| - tau))}. The loss, on mini-batches from a replay
 * buffer, is the mean squared reconstruction error plus
 * {@code lambda * sum_j (|g_j| + sigmoid(beta (|g_j| - tau)))} over the live units of both
 * layers (L1 plus the soft count of units above the threshold, the paper's equations 5 and 6 as
 * reconstructed in {@link EmbeddingSearch}) plus a small L2 weight decay on the weight matrices.
 * Gradients are analytic and the whole model is plain Java (no engine, so no one-per-JVM autograd
 * lock; the device is ignored), which also makes restores bit-identical.
 *
 * <p>Every {@code promoteEvery} rows the units whose gate magnitude is below their layer's
 * threshold are removed for good and the model is served as the next version: the code holds the
 * live code units in index order, {@link #servingLength()} is their count, and the decoder slice
 * holds their decoder columns (exact: a removed unit contributes nothing). Version 1, before any
 * data, serves every unit of the random initial model.
 *
 * <p>{@link #method()} is {@link Method#SOSAE}: the codes are truncated to a data-driven length
 * like SOSAE's, and {@link Method} has no constant of its own for this method yet (adding one is a
 * change to the wire schema). Blobs carry their own magic, so a SOSAE blob is refused here and this
 * method's blob is refused by SOSAE's restore.
 */
public final class ArchSearchAutoencoder implements StreamCompressor {
    private static final long MAGIC = 0x534F534541524348L; // "SOSEARCH"
    private static final int FORMAT = 1;

    private final ArchSearchOptions o;
    private final int n;
    private final int h;
    private final int d;
    // parameter layout in one array (so Adam and the blob treat them alike)
    private final int oW1;
    private final int oB1;
    private final int oGh;
    private final int oW2;
    private final int oB2;
    private final int oGc;
    private final int oWd;
    private final int oBd;
    private final int oTauH;
    private final int oTauC;
    private final int size;
    private float[] p;
    private float[] m1;
    private float[] m2;
    private long steps;
    private boolean[] aliveH;
    private boolean[] aliveC;
    private float[] replay;
    private int replayCount;
    private int replayNext;
    private long rng;
    private long version;
    private long samplesSeen;
    private long sincePromotion;
    private long rollbacks;
    private double recentLoss = Double.NaN;
    private double recentPenalty = Double.NaN;
    // serving version
    private float[] served;
    private double flops; // since this instance was created or restored
    private int[] servedCode;

    private ArchSearchAutoencoder(ArchSearchOptions o) {
        this.o = o;
        this.n = o.inputDim();
        this.h = o.hiddenCapacity();
        this.d = o.capacity();
        oW1 = 0;
        oB1 = oW1 + h * n;
        oGh = oB1 + h;
        oW2 = oGh + h;
        oB2 = oW2 + d * h;
        oGc = oB2 + d;
        oWd = oGc + d;
        oBd = oWd + n * d;
        oTauH = oBd + n;
        oTauC = oTauH + 1;
        size = oTauC + 1;
    }

    /** A new stream's model at version 1: Xavier-uniform weights, gates 1, every unit live. */
    public static ArchSearchAutoencoder create(ArchSearchOptions o) {
        ArchSearchAutoencoder a = new ArchSearchAutoencoder(o);
        a.p = new float[a.size];
        a.m1 = new float[a.size];
        a.m2 = new float[a.size];
        a.rng = o.seed() * 0x9E3779B97F4A7C15L + 1;
        a.xavier(a.oW1, a.n, a.h);
        a.xavier(a.oW2, a.h, a.d);
        a.xavier(a.oWd, a.d, a.n);
        for (int j = 0; j < a.h; j++) {
            a.p[a.oGh + j] = 1;
        }
        for (int j = 0; j < a.d; j++) {
            a.p[a.oGc + j] = 1;
        }
        a.p[a.oTauH] = (float) o.initialThreshold();
        a.p[a.oTauC] = (float) o.initialThreshold();
        a.aliveH = filled(a.h);
        a.aliveC = filled(a.d);
        a.replay = new float[o.replayCapacity() * a.n];
        a.version = 1;
        a.serve();
        return a;
    }

    /** The factory the operator uses; the device is ignored (plain Java). */
    public static CompressorFactory factory(ArchSearchOptions options) {
        return CompressorFactory.of(
                Method.ARCH,
                device -> ArchSearchAutoencoder.create(options),
                (blob, device) -> ArchSearchAutoencoder.restore(blob, options));
    }

    private static boolean[] filled(int count) {
        boolean[] b = new boolean[count];
        java.util.Arrays.fill(b, true);
        return b;
    }

    private void xavier(int offset, int in, int out) {
        double a = Math.sqrt(6.0 / (in + out));
        for (int i = 0; i < in * out; i++) {
            p[offset + i] = (float) ((2 * nextDouble() - 1) * a);
        }
    }

    /** SplitMix64: a generator whose whole state is one long, kept in the blob. */
    private double nextDouble() {
        long z = (rng += 0x9E3779B97F4A7C15L);
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        z = z ^ (z >>> 31);
        return (z >>> 11) * 0x1.0p-53;
    }

    @Override
    public Method method() {
        return Method.ARCH;
    }

    @Override
    public int inputDim() {
        return n;
    }

    @Override
    public int capacity() {
        return d;
    }

    @Override
    public long version() {
        return version;
    }

    @Override
    public int servingLength() {
        return servedCode.length;
    }

    /** Live units of the encoder's hidden layer in the serving version. */
    public int servingHiddenWidth() {
        int c = 0;
        for (int j = 0; j < h; j++) {
            if (gate(served, oGh, oTauH, j) != 0) {
                c++;
            }
        }
        return c;
    }

    /** Live units of the training model: hidden layer, then code. */
    public int[] liveUnits() {
        return new int[] {count(aliveH), count(aliveC)};
    }

    private static int count(boolean[] b) {
        int c = 0;
        for (boolean v : b) {
            if (v) {
                c++;
            }
        }
        return c;
    }

    @Override
    public long samplesSeen() {
        return samplesSeen;
    }

    @Override
    public long rollbacks() {
        return rollbacks;
    }

    private static double sigmoid(double v) {
        return 1 / (1 + Math.exp(-v));
    }

    /** m(g) of unit j of a parameter set (0 for a removed unit: removed units are stored with gate 0). */
    private double gate(float[] q, int gates, int tau, int j) {
        double g = q[gates + j];
        if (g == 0) {
            return 0;
        }
        return g * sigmoid(o.beta() * (Math.abs(g) - q[tau]));
    }

    /** Forward of one row with parameter set q; fills a1 (hidden pre-activations), hid, cpre, code, y. */
    private void forward(
            float[] q, float[] x, int off, double[] a1, double[] hid, double[] cpre, double[] c, double[] y) {
        for (int j = 0; j < h; j++) {
            double s = q[oB1 + j];
            int row = oW1 + j * n;
            for (int i = 0; i < n; i++) {
                s += q[row + i] * x[off + i];
            }
            a1[j] = s;
            hid[j] = Math.tanh(s) * gate(q, oGh, oTauH, j);
        }
        for (int k = 0; k < d; k++) {
            double s = q[oB2 + k];
            int row = oW2 + k * h;
            for (int j = 0; j < h; j++) {
                s += q[row + j] * hid[j];
            }
            cpre[k] = s;
            c[k] = s * gate(q, oGc, oTauC, k);
        }
        for (int i = 0; i < n; i++) {
            double s = q[oBd + i];
            int row = oWd + i * d;
            for (int k = 0; k < d; k++) {
                s += q[row + k] * c[k];
            }
            y[i] = s;
        }
    }

    /**
     * Training (forward, backward and Adam over the full chain n, h, d, n: the loops run over
     * removed units too) and encoding (forward plus the slice's decode and error); the gates'
     * terms are O(h + d) per step and left out.
     */
    @Override
    public double flops() {
        return flops;
    }

    @Override
    public EncodedBatch encode(float[] batch, int rows) {
        RowBatches.check(batch, rows, n);
        flops += rows
                * (double) (Flops.chainForwardPerSample(n, h, d, n)
                        + Flops.decodePerSample(n, servedCode.length)
                        + Flops.errorPerSample(n));
        double[] a1 = new double[h];
        double[] hid = new double[h];
        double[] cpre = new double[d];
        double[] c = new double[d];
        double[] y = new double[n];
        int length = servedCode.length;
        float[][] codes = new float[rows][];
        float[] errors = new float[rows];
        for (int b = 0; b < rows; b++) {
            forward(served, batch, b * n, a1, hid, cpre, c, y);
            float[] code = new float[length];
            for (int j = 0; j < length; j++) {
                code[j] = (float) c[servedCode[j]];
            }
            // The error of what a receiver decodes: the slice applied to the float code.
            double err = 0;
            for (int i = 0; i < n; i++) {
                double s = served[oBd + i];
                for (int j = 0; j < length; j++) {
                    s += (double) served[oWd + i * d + servedCode[j]] * code[j];
                }
                err += Math.abs(batch[b * n + i] - (float) s);
            }
            codes[b] = code;
            errors[b] = (float) (err / n);
        }
        return new EncodedBatch(version, length, codes, errors);
    }

    @Override
    public Optional<Promotion> observe(float[] batch, int rows) {
        RowBatches.check(batch, rows, n);
        int good = 0;
        for (int b = 0; b < rows; b++) {
            if (RowBatches.finiteRow(batch, b, n)) {
                System.arraycopy(batch, b * n, replay, replayNext * n, n);
                replayNext = (replayNext + 1) % o.replayCapacity();
                replayCount = Math.min(o.replayCapacity(), replayCount + 1);
                good++;
            }
        }
        if (good == 0) {
            return Optional.empty();
        }
        samplesSeen += good;
        sincePromotion += good;
        for (int s = 0; s < o.stepsPerBatch(); s++) {
            train();
        }
        if (sincePromotion < o.promoteEvery()) {
            return Optional.empty();
        }
        sincePromotion = 0;
        prune();
        version++;
        serve();
        return Optional.of(promotion());
    }

    /** One Adam step on a mini-batch from the replay buffer. */
    private void train() {
        int bs = Math.min(o.batchSize(), replayCount);
        flops += bs * (double) (Flops.chainForwardPerSample(n, h, d, n) + Flops.chainBackwardPerSample(n, h, d, n))
                + Flops.ADAM_PER_PARAMETER * (double) size;
        float[] g = new float[size];
        double[] a1 = new double[h];
        double[] hid = new double[h];
        double[] cpre = new double[d];
        double[] c = new double[d];
        double[] y = new double[n];
        double[] dy = new double[n];
        double[] dc = new double[d];
        double[] dh = new double[h];
        double[] mh = new double[h];
        double[] mc = new double[d];
        for (int j = 0; j < h; j++) {
            mh[j] = gate(p, oGh, oTauH, j);
        }
        for (int k = 0; k < d; k++) {
            mc[k] = gate(p, oGc, oTauC, k);
        }
        double[] dmh = new double[h];
        double[] dmc = new double[d];
        double loss = 0;
        for (int b = 0; b < bs; b++) {
            int row = (int) (nextDouble() * replayCount);
            int off = row * n;
            forward(p, replay, off, a1, hid, cpre, c, y);
            for (int i = 0; i < n; i++) {
                double e = y[i] - replay[off + i];
                loss += e * e;
                dy[i] = 2 * e / (n * (double) bs);
                g[oBd + i] += (float) dy[i];
            }
            java.util.Arrays.fill(dc, 0);
            for (int i = 0; i < n; i++) {
                int r = oWd + i * d;
                for (int k = 0; k < d; k++) {
                    g[r + k] += (float) (dy[i] * c[k]);
                    dc[k] += p[r + k] * dy[i];
                }
            }
            java.util.Arrays.fill(dh, 0);
            for (int k = 0; k < d; k++) {
                if (mc[k] == 0) {
                    continue;
                }
                dmc[k] += dc[k] * cpre[k];
                double dpre = dc[k] * mc[k];
                g[oB2 + k] += (float) dpre;
                int r = oW2 + k * h;
                for (int j = 0; j < h; j++) {
                    g[r + j] += (float) (dpre * hid[j]);
                    dh[j] += p[r + j] * dpre;
                }
            }
            for (int j = 0; j < h; j++) {
                if (mh[j] == 0) {
                    continue;
                }
                double t = Math.tanh(a1[j]);
                dmh[j] += dh[j] * t;
                double da = dh[j] * mh[j] * (1 - t * t);
                g[oB1 + j] += (float) da;
                int r = oW1 + j * n;
                for (int i = 0; i < n; i++) {
                    g[r + i] += (float) (da * replay[off + i]);
                }
            }
        }
        double penalty = gateGradients(g, oGh, oTauH, h, dmh) + gateGradients(g, oGc, oTauC, d, dmc);
        double wd = o.weightDecay();
        for (int[] range : new int[][] {{oW1, oB1}, {oW2, oB2}, {oWd, oBd}}) {
            for (int i = range[0]; i < range[1]; i++) {
                g[i] += (float) (wd * p[i]);
            }
        }
        float[] before = p.clone();
        adam(g);
        recentLoss = loss / (bs * (double) n);
        recentPenalty = penalty;
        if (!finite(p) || !Double.isFinite(recentLoss)) {
            p = before; // undo the step, restart the moments
            java.util.Arrays.fill(m1, 0);
            java.util.Arrays.fill(m2, 0);
            rollbacks++;
        }
    }

    /** Adds the gradients of the gates and the threshold of one layer; returns the layer's penalty. */
    private double gateGradients(float[] g, int gates, int tau, int count, double[] dm) {
        double beta = o.beta();
        double t = p[tau];
        double penalty = 0;
        double dtau = 0;
        for (int j = 0; j < count; j++) {
            double gj = p[gates + j];
            if (gj == 0) {
                continue; // removed
            }
            double s = sigmoid(beta * (Math.abs(gj) - t));
            double ds = beta * s * (1 - s); // d s / d|g|
            double sign = Math.signum(gj);
            penalty += o.lambda() * (Math.abs(gj) + s);
            // m = g s: dm/dg = s + |g| ds, dm/dtau = -g ds
            double dg = dm[j] * (s + Math.abs(gj) * ds) + o.lambda() * sign * (1 + ds);
            dtau += dm[j] * (-gj * ds) - o.lambda() * ds;
            g[gates + j] += (float) dg;
        }
        g[tau] += (float) dtau;
        return penalty;
    }

    private void adam(float[] g) {
        steps++;
        double c1 = 1 - Math.pow(0.9, steps);
        double c2 = 1 - Math.pow(0.999, steps);
        double lr = o.learningRate();
        for (int i = 0; i < size; i++) {
            m1[i] = (float) (0.9 * m1[i] + 0.1 * g[i]);
            m2[i] = (float) (0.999 * m2[i] + 0.001 * g[i] * (double) g[i]);
            if (isRemovedGate(i)) {
                continue;
            }
            p[i] -= (float) (lr * (m1[i] / c1) / (Math.sqrt(m2[i] / c2) + 1e-8));
        }
    }

    private boolean isRemovedGate(int i) {
        return (i >= oGh && i < oGh + h && !aliveH[i - oGh]) || (i >= oGc && i < oGc + d && !aliveC[i - oGc]);
    }

    /** Removes the units whose gate magnitude fell below their layer's threshold (never the last code unit). */
    private void prune() {
        pruneLayer(oGh, oTauH, aliveH);
        pruneLayer(oGc, oTauC, aliveC);
    }

    private void pruneLayer(int gates, int tau, boolean[] alive) {
        int live = count(alive);
        for (int j = 0; j < alive.length; j++) {
            if (alive[j] && Math.abs(p[gates + j]) < p[tau] && live > 1) {
                alive[j] = false;
                p[gates + j] = 0;
                live--;
            }
        }
    }

    private void serve() {
        served = p.clone();
        int live = 0;
        int[] code = new int[d];
        for (int k = 0; k < d; k++) {
            if (aliveC[k]) {
                code[live++] = k;
            }
        }
        servedCode = java.util.Arrays.copyOf(code, live);
    }

    @Override
    public Promotion promotion() {
        int length = servedCode.length;
        float[] w = new float[n * length];
        float[] b = new float[n];
        for (int i = 0; i < n; i++) {
            b[i] = served[oBd + i];
            for (int j = 0; j < length; j++) {
                w[i * length + j] = served[oWd + i * d + servedCode[j]];
            }
        }
        DecoderSlice slice = new DecoderSlice(n, d, length, length, w, b, false);
        return new Promotion(
                version,
                length,
                length,
                d,
                slice,
                recentLoss,
                Double.isNaN(recentPenalty) ? 0 : recentPenalty,
                samplesSeen,
                rollbacks,
                toBytes());
    }

    private byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(n);
            out.writeInt(d);
            out.writeInt(h);
            out.writeLong(version);
            out.writeLong(samplesSeen);
            out.writeLong(sincePromotion);
            out.writeLong(rollbacks);
            out.writeLong(steps);
            out.writeLong(rng);
            out.writeDouble(recentLoss);
            out.writeDouble(recentPenalty);
            out.writeInt(replayCount);
            out.writeInt(replayNext);
            BlobArrays.writeFloats(out, p);
            BlobArrays.writeFloats(out, m1);
            BlobArrays.writeFloats(out, m2);
            BlobArrays.writeFloats(out, served);
            BlobArrays.writeFloats(out, java.util.Arrays.copyOf(replay, replayCount * n));
            BlobArrays.writeBooleans(out, aliveH);
            BlobArrays.writeBooleans(out, aliveC);
            out.writeInt(servedCode.length);
            for (int k : servedCode) {
                out.writeInt(k);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Continues from a blob of {@link #promotion()}: versions, training and sampling continue exactly. */
    public static ArchSearchAutoencoder restore(byte[] blob, ArchSearchOptions o) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob))) {
            if (blob.length < 12 || in.readLong() != MAGIC) {
                throw new IllegalArgumentException("the model in state is not an architecture-search autoencoder (bad"
                        + " magic): it was written by another method; start the job from an empty state or restore"
                        + " with the method that wrote the state");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalArgumentException("architecture-search blob format " + format
                        + " is not supported (this build reads " + FORMAT + ")");
            }
            int n = in.readInt();
            int d = in.readInt();
            int h = in.readInt();
            if (n != o.inputDim() || d != o.capacity() || h != o.hiddenCapacity()) {
                throw new IllegalArgumentException("the architecture-search model in state has input width " + n
                        + ", capacity " + d + " and hidden capacity " + h + "; the job is configured with "
                        + o.inputDim() + ", " + o.capacity() + " and " + o.hiddenCapacity()
                        + ": keep them, or start from an empty state");
            }
            ArchSearchAutoencoder a = new ArchSearchAutoencoder(o);
            a.version = in.readLong();
            a.samplesSeen = in.readLong();
            a.sincePromotion = in.readLong();
            a.rollbacks = in.readLong();
            a.steps = in.readLong();
            a.rng = in.readLong();
            a.recentLoss = in.readDouble();
            a.recentPenalty = in.readDouble();
            a.replayCount = in.readInt();
            a.replayNext = in.readInt();
            a.p = BlobArrays.readFloats(in);
            a.m1 = BlobArrays.readFloats(in);
            a.m2 = BlobArrays.readFloats(in);
            a.served = BlobArrays.readFloats(in);
            a.replay = java.util.Arrays.copyOf(BlobArrays.readFloats(in), o.replayCapacity() * n);
            a.aliveH = BlobArrays.readBooleans(in);
            a.aliveC = BlobArrays.readBooleans(in);
            a.servedCode = new int[in.readInt()];
            for (int k = 0; k < a.servedCode.length; k++) {
                a.servedCode[k] = in.readInt();
            }
            return a;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated or corrupt architecture-search blob", e);
        }
    }

    private static boolean finite(float[] v) {
        for (float x : v) {
            if (!Float.isFinite(x)) {
                return false;
            }
        }
        return true;
    }

    @Override
    public void close() {
        // plain Java arrays: nothing to release
    }
}
