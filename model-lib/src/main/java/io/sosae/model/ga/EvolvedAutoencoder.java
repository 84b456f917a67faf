package io.sosae.model.ga;

import ai.djl.Device;
import ai.djl.ndarray.NDManager;
import io.sosae.model.core.Activation;
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
import java.util.Arrays;
import java.util.Optional;
import java.util.SplittableRandom;

/**
 * A dense autoencoder whose weights are evolved on the stream by the mutation-only genetic
 * algorithm of "Training Deep Autoencoders with Genetic Algorithms" (Norbert Váradi) instead of
 * being trained by gradients: n -> d with a sigmoid or ReLU encoder, and a linear decoder
 * (optionally with an output sigmoid), so its codes decode through the common {@link
 * DecoderSlice}: y = act(W c + b).
 *
 * <p>Every observed row enters a bounded replay ring buffer. Every {@code evolveEvery} rows,
 * {@code generationsPerStep} generations of {@link MutationGa} run, all on one random sample of
 * {@code sampleSize} replayed rows; the whole population (parent in row 0, its mutated copies
 * after it) is evaluated in one pass of batched matmuls. Because the sample changes from step to
 * step, the parent is re-judged on each generation's rows beside its children (elitism on the
 * current sample, not on an old score). Every {@code promoteEvery} rows the evolved parent is
 * promoted: it becomes the serving version (version + 1), its decoder slice and a blob are
 * published, and the promotion reports the serving model's MAE on the most recent replayed rows.
 *
 * <p>The blob holds the serving and evolving parameters, the replay buffer and every counter;
 * all random draws derive from the seed and the generation index, so a restored compressor
 * continues exactly as the original would have. It is a fixed-width method: codes are {@code
 * capacity} long, and the active length reported is the capacity. The project's {@link Method}
 * has no constant of its own for it yet, so it reports {@link Method#AE} (the fixed-width
 * autoencoder family its codes belong to); its blob carries its own magic, so a blob of
 * ContinualSosae or StreamingPca is refused, and this blob is refused by them.
 *
 * <p>Not thread-safe: one stream, one thread.
 */
public final class EvolvedAutoencoder implements StreamCompressor {
    private static final long MAGIC = 0x534F534145474145L; // "SOSAEGAE"
    private static final int FORMAT = 1;
    private static final long SAMPLE_STREAM = 0x5A4D504C45L;

    private final EvolvedAutoencoderOptions options;
    private final int n;
    private final int d;
    private final NDManager manager;
    private final DenseFitness fitness;
    private final float[] replay;
    private MutationGa ga;
    private float[] serving;
    private long version;
    private long samplesSeen;
    private long sinceEvolve;
    private long sincePromotion;
    private int replayCount;
    private int replayNext;
    private double recentError = Double.NaN;
    private double flops; // since this instance was created or restored

    private EvolvedAutoencoder(EvolvedAutoencoderOptions options, Device device, float[] parent, long generation) {
        this.options = options;
        this.n = options.inputDim();
        this.d = options.capacity();
        this.manager = NDManager.newBaseManager(device);
        this.fitness = new DenseFitness(n, d, options.encoder(), options.outputSigmoid());
        this.replay = new float[options.replayCapacity() * n];
        this.ga = new MutationGa(parent, options.ga(), generation);
    }

    /** A new stream's model at version 1: random encoder and decoder (uniform in +-1/sqrt(fan-in)), zero biases. */
    public static EvolvedAutoencoder create(EvolvedAutoencoderOptions options, Device device) {
        int n = options.inputDim();
        int d = options.capacity();
        float[] p = new float[options.parameters()];
        SplittableRandom random = new SplittableRandom(options.ga().seed());
        double be = 1 / Math.sqrt(n);
        double bd = 1 / Math.sqrt(d);
        for (int i = 0; i < n * d; i++) {
            p[i] = (float) random.nextDouble(-be, be);
        }
        int dec = n * d + d;
        for (int i = 0; i < d * n; i++) {
            p[dec + i] = (float) random.nextDouble(-bd, bd);
        }
        EvolvedAutoencoder model = new EvolvedAutoencoder(options, device, p, 0);
        model.serving = p.clone();
        model.version = 1;
        return model;
    }

    /** The factory the operator uses. */
    public static CompressorFactory factory(EvolvedAutoencoderOptions options) {
        return CompressorFactory.of(
                Method.GA,
                device -> EvolvedAutoencoder.create(options, device),
                (blob, device) -> EvolvedAutoencoder.restore(blob, options, device));
    }

    @Override
    public Method method() {
        return Method.GA;
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
        return d;
    }

    @Override
    public long samplesSeen() {
        return samplesSeen;
    }

    /** Nothing can diverge: a child is only kept when its error is finite and lower. */
    @Override
    public long rollbacks() {
        return 0;
    }

    /**
     * The fitness evaluations (every individual of every generation, forward pass and error on its
     * sample), the encodes and the promotions' error measurements; mutation and selection are
     * O(k) per child and left out.
     */
    @Override
    public double flops() {
        return flops;
    }

    private double evaluationFlops(long samples) {
        return samples * (double) (Flops.forwardPerSample(n, d) + Flops.errorPerSample(n));
    }

    /** Generations evolved since the stream started. */
    public long generations() {
        return ga.generation();
    }

    /** The evolving parent's error on the last generation's sample (NaN before the first). */
    public double evolvingError() {
        return ga.parentFitness();
    }

    @Override
    public EncodedBatch encode(float[] batch, int rows) {
        RowBatches.check(batch, rows, n);
        DenseFitness.Encoded e = fitness.encode(manager, serving, batch, rows);
        flops += evaluationFlops(rows);
        float[][] codes = new float[rows][];
        for (int b = 0; b < rows; b++) {
            codes[b] = Arrays.copyOfRange(e.codes(), b * d, (b + 1) * d);
        }
        return new EncodedBatch(version, d, codes, e.errors());
    }

    @Override
    public Optional<Promotion> observe(float[] batch, int rows) {
        RowBatches.check(batch, rows, n);
        for (int b = 0; b < rows; b++) {
            if (!RowBatches.finiteRow(batch, b, n)) {
                continue;
            }
            System.arraycopy(batch, b * n, replay, replayNext * n, n);
            replayNext = (replayNext + 1) % options.replayCapacity();
            replayCount = Math.min(replayCount + 1, options.replayCapacity());
            samplesSeen++;
            sincePromotion++;
            if (++sinceEvolve >= options.evolveEvery()) {
                sinceEvolve = 0;
                evolve();
            }
        }
        if (sincePromotion < options.promoteEvery()) {
            return Optional.empty();
        }
        sincePromotion = 0;
        serving = ga.parent();
        version++;
        recentError = recentError();
        return Optional.of(promotion());
    }

    /** One evolution step: a replay sample, then generationsPerStep generations on it. */
    private void evolve() {
        int s = options.sampleSize();
        float[] rows = new float[s * n];
        SplittableRandom random =
                new SplittableRandom(MutationGa.mix(options.ga().seed() ^ SAMPLE_STREAM, ga.generation()));
        for (int i = 0; i < s; i++) {
            int r = random.nextInt(replayCount);
            System.arraycopy(replay, r * n, rows, i * n, n);
        }
        MutationGa.Fitness f = (pop, count) -> fitness.evaluate(manager, pop, count, rows, s);
        for (int g = 0; g < options.generationsPerStep(); g++) {
            ga.step(f);
        }
        flops += options.generationsPerStep()
                * evaluationFlops((long) (options.ga().population() + 1) * s);
    }

    /** The serving model's MAE on the most recent replayed rows (at most sampleSize of them). */
    private double recentError() {
        int count = Math.min(options.sampleSize(), replayCount);
        if (count == 0) {
            return Double.NaN;
        }
        float[] rows = new float[count * n];
        int cap = options.replayCapacity();
        for (int i = 0; i < count; i++) {
            int r = Math.floorMod(replayNext - 1 - i, cap);
            System.arraycopy(replay, r * n, rows, i * n, n);
        }
        double sum = 0;
        flops += evaluationFlops(count);
        for (float e : fitness.encode(manager, serving, rows, count).errors()) {
            sum += e;
        }
        return sum / count;
    }

    @Override
    public Promotion promotion() {
        int dec = n * d + d;
        float[] w = new float[n * d];
        for (int j = 0; j < d; j++) {
            for (int i = 0; i < n; i++) {
                w[i * d + j] = serving[dec + j * n + i];
            }
        }
        float[] bias = Arrays.copyOfRange(serving, dec + d * n, dec + d * n + n);
        DecoderSlice slice = new DecoderSlice(n, d, d, d, w, bias, options.outputSigmoid());
        return new Promotion(version, d, d, d, slice, recentError, 0, samplesSeen, 0, toBytes());
    }

    private byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(MAGIC);
            out.writeInt(FORMAT);
            out.writeInt(n);
            out.writeInt(d);
            out.writeUTF(options.encoder().name());
            out.writeBoolean(options.outputSigmoid());
            out.writeLong(version);
            out.writeLong(samplesSeen);
            out.writeLong(sinceEvolve);
            out.writeLong(sincePromotion);
            out.writeLong(ga.generation());
            out.writeDouble(recentError);
            BlobArrays.writeFloats(out, serving);
            BlobArrays.writeFloats(out, ga.parent());
            out.writeInt(replayCount);
            out.writeInt(replayNext);
            BlobArrays.writeFloats(out, Arrays.copyOf(replay, replayCount * n));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Continues from a blob of {@link #promotion()}; versions and evolution continue from it. */
    public static EvolvedAutoencoder restore(byte[] blob, EvolvedAutoencoderOptions options, Device device) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob))) {
            if (blob.length < 8 || in.readLong() != MAGIC) {
                throw new IllegalArgumentException("the model in state is not a GA-evolved autoencoder (bad magic; "
                        + "it was written by another method); start this job from an empty state or restore with "
                        + "the method that wrote the state");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalArgumentException(
                        "GA autoencoder blob format " + format + " is not supported (this build reads " + FORMAT + ")");
            }
            int n = in.readInt();
            int d = in.readInt();
            Activation act = Activation.valueOf(in.readUTF());
            boolean sigmoid = in.readBoolean();
            if (n != options.inputDim()
                    || d != options.capacity()
                    || act != options.encoder()
                    || sigmoid != options.outputSigmoid()) {
                throw new IllegalArgumentException("the GA autoencoder in state is " + n + " -> " + d + " (" + act
                        + (sigmoid ? ", output sigmoid" : "") + "), the job is configured with " + options.inputDim()
                        + " -> " + options.capacity() + " (" + options.encoder()
                        + (options.outputSigmoid() ? ", output sigmoid" : "")
                        + "); keep them, or start from an empty state");
            }
            long version = in.readLong();
            long seen = in.readLong();
            long sinceEvolve = in.readLong();
            long sincePromotion = in.readLong();
            long generation = in.readLong();
            double error = in.readDouble();
            float[] serving = BlobArrays.readFloats(in);
            float[] parent = BlobArrays.readFloats(in);
            int count = in.readInt();
            int next = in.readInt();
            float[] rows = BlobArrays.readFloats(in);
            if (count > options.replayCapacity() || rows.length != count * n) {
                throw new IllegalArgumentException("the GA autoencoder in state replays " + count
                        + " rows, more than this job's replay capacity " + options.replayCapacity()
                        + "; keep the replay capacity, or start from an empty state");
            }
            EvolvedAutoencoder model = new EvolvedAutoencoder(options, device, parent, generation);
            model.serving = serving;
            model.version = version;
            model.samplesSeen = seen;
            model.sinceEvolve = sinceEvolve;
            model.sincePromotion = sincePromotion;
            model.recentError = error;
            model.replayCount = count;
            model.replayNext = next % options.replayCapacity();
            System.arraycopy(rows, 0, model.replay, 0, rows.length);
            return model;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated or corrupt GA autoencoder blob", e);
        }
    }

    @Override
    public void close() {
        manager.close();
    }
}
