package io.sosae.model.search;

import ai.djl.Device;
import io.sosae.model.core.Autoencoder;
import io.sosae.model.core.AutoencoderConfig;
import io.sosae.model.core.Flops;
import io.sosae.model.core.Method;
import io.sosae.model.core.ModelBlob;
import io.sosae.model.stream.CompressorFactory;
import io.sosae.model.stream.ContinualSosae;
import io.sosae.model.stream.EncodedBatch;
import io.sosae.model.stream.Promotion;
import io.sosae.model.stream.RowBatches;
import io.sosae.model.stream.StreamCompressor;
import io.sosae.model.stream.StreamOptions;
import io.sosae.model.train.Trainer;
import io.sosae.model.train.TrainingListener;
import io.sosae.model.train.TrainingOptions;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Arrays;
import java.util.Optional;
import java.util.function.IntFunction;

/**
 * Hidden-size search as a stream method (GRID or RANDOM): the way a team without SOSAE would pick
 * a code width for a stream. It serves a fixed-width autoencoder (a {@link ContinualSosae} of a
 * baseline method, fine-tuned on the stream like every other method) and chooses that width by a
 * {@link HiddenSizeSearch} over a window of the stream.
 *
 * <ol>
 *   <li>Until the first window of {@code window} rows is full, it serves the full capacity.</li>
 *   <li>Then every candidate width trains on the window's first four fifths and is validated on
 *       the last fifth; the chosen width's model trains on the whole window and becomes the next
 *       version (its promotion is what {@link #observe} returns).</li>
 *   <li>The serving error's moving average is watched: once it exceeds the chosen candidate's
 *       validation error by {@code drift}, a new window is collected and searched.</li>
 * </ol>
 *
 * The candidates train together in one batched pass ({@link BatchedCandidates}) when their
 * configuration allows it (a plain autoencoder, as GRID and RANDOM use), else one after another
 * ({@link AutoencoderCandidates}). The window is not kept in state: after a restore a pending
 * search starts its window again.
 */
public final class SearchedWidthCompressor implements StreamCompressor {
    private static final long MAGIC = 0x534F534145535243L; // "SOSAESRC"
    private static final int FORMAT = 1;
    private static final double EMA = 0.02;

    private final Method method;
    private final IntFunction<AutoencoderConfig> configOfWidth;
    private final StreamOptions stream;
    private final SearchOptions search;
    private final Device device;
    private final int capacity;
    private ContinualSosae serving;
    private float[] window;
    private int windowRows;
    private boolean searching;
    private long searches;
    private double referenceError = Double.NaN;
    private double recentError = Double.NaN;
    private long sinceSearch;
    private double flops; // of the searches and of the models served before the current one

    private SearchedWidthCompressor(
            Method method,
            IntFunction<AutoencoderConfig> configOfWidth,
            int capacity,
            StreamOptions stream,
            SearchOptions search,
            Device device,
            ContinualSosae serving) {
        this.method = method;
        this.configOfWidth = configOfWidth;
        this.capacity = capacity;
        this.stream = stream;
        this.search = search;
        this.device = device;
        this.serving = serving;
        this.window = new float[search.window() * serving.inputDim()];
        this.searching = true;
    }

    /**
     * The factory of GRID or RANDOM stream compressors.
     *
     * @param configOfWidth the fixed-width autoencoder of each candidate width (e.g. the plain AE)
     */
    public static CompressorFactory factory(
            Method method,
            IntFunction<AutoencoderConfig> configOfWidth,
            int capacity,
            StreamOptions stream,
            SearchOptions search) {
        if (method != Method.GRID && method != Method.RANDOM) {
            throw new IllegalArgumentException("a hidden-size search is GRID or RANDOM, not " + method);
        }
        return CompressorFactory.of(
                method,
                device -> new SearchedWidthCompressor(
                        method,
                        configOfWidth,
                        capacity,
                        stream,
                        search,
                        device,
                        ContinualSosae.create(configOfWidth.apply(capacity), stream, device)),
                (blob, device) ->
                        SearchedWidthCompressor.restore(blob, method, configOfWidth, capacity, stream, search, device));
    }

    @Override
    public Method method() {
        return method;
    }

    @Override
    public int inputDim() {
        return serving.inputDim();
    }

    @Override
    public int capacity() {
        return capacity;
    }

    @Override
    public long version() {
        return serving.version();
    }

    @Override
    public int servingLength() {
        return serving.servingLength();
    }

    @Override
    public long samplesSeen() {
        return serving.samplesSeen();
    }

    @Override
    public long rollbacks() {
        return serving.rollbacks();
    }

    /** The searches, the chosen widths' first fits and every served model's learning and encoding. */
    @Override
    public double flops() {
        return flops + serving.flops();
    }

    /** Searches done so far. */
    public long searches() {
        return searches;
    }

    @Override
    public EncodedBatch encode(float[] batch, int rows) {
        return serving.encode(batch, rows);
    }

    @Override
    public Optional<Promotion> observe(float[] batch, int rows) {
        trackError(batch, rows);
        Optional<Promotion> promoted = serving.observe(batch, rows);
        sinceSearch += rows;
        if (!searching && sinceSearch >= search.window() && recentError > referenceError * (1 + search.drift())) {
            searching = true; // the stream moved away from what the width was chosen for
            windowRows = 0;
        }
        if (searching) {
            collect(batch, rows);
            if (windowRows == search.window()) {
                // A version the inner model promoted in this same call was never published: the
                // searched model takes its number, so versions stay contiguous.
                return Optional.of(searchAndServe(promoted.isPresent() ? serving.version() : serving.version() + 1));
            }
        }
        return promoted;
    }

    private void trackError(float[] batch, int rows) {
        float[] errors = serving.encode(batch, rows).reconstructionErrors();
        for (float e : errors) {
            if (Float.isFinite(e)) {
                recentError = Double.isNaN(recentError) ? e : (1 - EMA) * recentError + EMA * e;
            }
        }
    }

    private void collect(float[] batch, int rows) {
        int n = inputDim();
        for (int r = 0; r < rows && windowRows < search.window(); r++) {
            if (RowBatches.finiteRow(batch, r, n)) {
                System.arraycopy(batch, r * n, window, windowRows * n, n);
                windowRows++;
            }
        }
    }

    /** Searches the window, trains the chosen width on all of it and serves it as the next version. */
    private Promotion searchAndServe(long newVersion) {
        int n = inputDim();
        int rows = windowRows;
        int validation = Math.max(1, rows / 5);
        int trainRows = rows - validation;
        float[] all = Arrays.copyOf(window, rows * n);
        float[] train = Arrays.copyOf(window, trainRows * n);
        float[] held = Arrays.copyOfRange(window, trainRows * n, rows * n);
        CandidateRows candidateRows = new CandidateRows(train, trainRows, held, validation);
        TrainingOptions options = TrainingOptions.of(search.epochs(), Math.min(stream.trainBatch(), trainRows))
                .withShuffleSeed(search.seed() + searches);
        SearchResult result = new HiddenSizeSearch(
                        BatchedCandidates.supports(configOfWidth.apply(capacity))
                                ? new BatchedCandidates(configOfWidth, options, candidateRows, device)
                                : new AutoencoderCandidates(configOfWidth, options, candidateRows, device),
                        search.tolerance())
                .run(search.strategyFor(capacity, searches), c -> {});
        int width = result.chosen().width();
        flops += result.totalFlops()
                + serving.flops()
                + Flops.training(n, width, rows, options.epochs(), options.batchSize());
        byte[] blob;
        try (Autoencoder chosen = Autoencoder.create(configOfWidth.apply(width), device)) {
            Trainer.fit(chosen, all, rows, options, TrainingListener.NONE);
            blob = new ModelBlob(chosen.state(), newVersion, width, serving.samplesSeen()).toBytes();
        }
        serving.close();
        serving = ContinualSosae.restore(blob, stream, device);
        searches++;
        searching = false;
        windowRows = 0;
        sinceSearch = 0;
        referenceError = result.chosen().validationError();
        recentError = Double.NaN;
        return promotion();
    }

    @Override
    public Promotion promotion() {
        Promotion p = serving.promotion();
        return new Promotion(
                p.modelVersion(),
                p.activeLength(),
                p.emittedLength(),
                capacity,
                p.decoder(),
                p.reconstructionLoss(),
                p.regularizerLoss(),
                p.samplesSeen(),
                p.rollbacks(),
                toBytes(p.blob()));
    }

    private byte[] toBytes(byte[] inner) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(MAGIC);
            out.writeInt(FORMAT);
            out.writeUTF(method.name());
            out.writeBoolean(searching);
            out.writeLong(searches);
            out.writeDouble(referenceError);
            out.writeDouble(recentError);
            out.writeLong(sinceSearch);
            out.writeInt(inner.length);
            out.write(inner);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static SearchedWidthCompressor restore(
            byte[] blob,
            Method method,
            IntFunction<AutoencoderConfig> configOfWidth,
            int capacity,
            StreamOptions stream,
            SearchOptions search,
            Device device) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob))) {
            if (in.readLong() != MAGIC) {
                throw new IllegalArgumentException(
                        "the model in state is not a hidden-size search (bad magic); the job" + " runs " + method
                                + ": start it from an empty state or restore with the method that wrote it");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalArgumentException(
                        "search blob format " + format + " is not supported (this build reads " + FORMAT + ")");
            }
            String stored = in.readUTF();
            if (!stored.equals(method.name())) {
                throw new IllegalArgumentException("the model in state is " + stored + ", the job runs " + method
                        + "; start from an empty state or restore with the configuration that wrote it");
            }
            boolean searching = in.readBoolean();
            long searches = in.readLong();
            double reference = in.readDouble();
            double recent = in.readDouble();
            long since = in.readLong();
            byte[] inner = in.readNBytes(in.readInt());
            SearchedWidthCompressor c = new SearchedWidthCompressor(
                    method,
                    configOfWidth,
                    capacity,
                    stream,
                    search,
                    device,
                    ContinualSosae.restore(inner, stream, device));
            c.searching = searching;
            c.searches = searches;
            c.referenceError = reference;
            c.recentError = recent;
            c.sinceSearch = since;
            return c;
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated or corrupt search blob", e);
        }
    }

    @Override
    public void close() {
        serving.close();
    }
}
