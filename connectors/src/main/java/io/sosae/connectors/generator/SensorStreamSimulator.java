package io.sosae.connectors.generator;

import io.sosae.schemas.SensorFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.SplittableRandom;

/**
 * Multi-channel sensor frames with a known, changing intrinsic dimension. Each frame draws a latent
 * vector z of the scheduled dimension k and maps it through one fixed random two-layer network
 * x = sigmoid(W2 tanh(W1 z + b1) + b2) into N channels, plus small Gaussian noise, clipped to [0,1].
 * The network is the same for all k (a k-dim latent uses the first k inputs), so only the
 * complexity changes, not the sensor. Same seed, same frames. Each frame's label is its k.
 */
public final class SensorStreamSimulator implements Iterator<SimulatedFrame> {

    private final IntrinsicDimensionSchedule schedule;
    private final boolean cycle;
    private final int channels;
    private final int hidden;
    private final double noise;
    private final String streamId;
    private final long startMillis;
    private final long periodMillis;
    private final List<String> channelNames;
    private final double[][] w1;
    private final double[] b1;
    private final double[][] w2;
    private final double[] b2;
    private final SplittableRandom samples;
    private long seq;

    private SensorStreamSimulator(Builder b) {
        this.schedule = b.schedule;
        this.cycle = b.cycle;
        this.channels = b.channels;
        this.hidden = b.hidden > 0 ? b.hidden : Math.max(32, 2 * schedule.maxDimension());
        if (hidden < schedule.maxDimension()) {
            throw new IllegalArgumentException(
                    "hidden width " + hidden + " < max latent dimension " + schedule.maxDimension());
        }
        this.noise = b.noise;
        this.streamId = b.streamId;
        this.startMillis = b.start.toEpochMilli();
        this.periodMillis = b.period.toMillis();
        this.channelNames = b.channelNames ? names(channels) : null;

        // The embedding and the samples come from separate generators, so the embedding does not
        // depend on how many frames were drawn.
        SplittableRandom embedding = new SplittableRandom(b.seed);
        int k = schedule.maxDimension();
        this.w1 = gaussian(embedding, hidden, k, 1.0);
        this.b1 = gaussian(embedding, 1, hidden, 0.1)[0];
        this.w2 = gaussian(embedding, channels, hidden, 2.0 / Math.sqrt(hidden));
        this.b2 = gaussian(embedding, 1, channels, 0.3)[0];
        this.samples = new SplittableRandom(b.seed ^ 0x5DEECE66DL);
    }

    public static Builder builder() {
        return new Builder();
    }

    public IntrinsicDimensionSchedule schedule() {
        return schedule;
    }

    public int channels() {
        return channels;
    }

    /** The true latent dimension of the frame with this sequence number. */
    public int latentDimensionAt(long seq) {
        return schedule.dimensionAt(seq);
    }

    @Override
    public boolean hasNext() {
        return cycle || seq < schedule.totalRecords();
    }

    @Override
    public SimulatedFrame next() {
        if (!hasNext()) {
            throw new NoSuchElementException("Schedule " + schedule + " exhausted after " + seq + " frames");
        }
        int k = schedule.dimensionAt(seq);
        // Var(z_i) = 1/k keeps the hidden pre-activations at unit variance whatever k is.
        double zScale = Math.sqrt(3.0 / k);
        double[] z = new double[k];
        for (int i = 0; i < k; i++) {
            z[i] = zScale * (2 * samples.nextDouble() - 1);
        }
        double[] h = new double[hidden];
        for (int j = 0; j < hidden; j++) {
            double u = b1[j];
            for (int i = 0; i < k; i++) {
                u += w1[j][i] * z[i];
            }
            h[j] = Math.tanh(u);
        }
        List<Float> values = new ArrayList<>(channels);
        for (int c = 0; c < channels; c++) {
            double v = b2[c];
            for (int j = 0; j < hidden; j++) {
                v += w2[c][j] * h[j];
            }
            double x = 1 / (1 + Math.exp(-v)) + noise * samples.nextGaussian();
            values.add((float) Math.min(1, Math.max(0, x)));
        }
        SensorFrame frame = SensorFrame.newBuilder()
                .setStreamId(streamId)
                .setSeq(seq)
                .setEventTime(Instant.ofEpochMilli(startMillis + seq * periodMillis))
                .setValues(values)
                .setChannelNames(channelNames)
                .setLabel(k)
                .build();
        seq++;
        return new SimulatedFrame(frame, k);
    }

    /** The same stream as plain frames, e.g. for {@link FrameProducer}. */
    public Iterator<SensorFrame> frames() {
        return new Iterator<>() {
            @Override
            public boolean hasNext() {
                return SensorStreamSimulator.this.hasNext();
            }

            @Override
            public SensorFrame next() {
                return SensorStreamSimulator.this.next().frame();
            }
        };
    }

    private static double[][] gaussian(SplittableRandom random, int rows, int cols, double std) {
        double[][] m = new double[rows][cols];
        for (int r = 0; r < rows; r++) {
            for (int c = 0; c < cols; c++) {
                m[r][c] = std * random.nextGaussian();
            }
        }
        return m;
    }

    private static List<String> names(int channels) {
        List<String> names = new ArrayList<>(channels);
        for (int c = 0; c < channels; c++) {
            names.add("ch" + c);
        }
        return List.copyOf(names);
    }

    public static final class Builder {
        private long seed = 42;
        private IntrinsicDimensionSchedule schedule = IntrinsicDimensionSchedule.parse("4:2000,16:2000,6:2000");
        private boolean cycle;
        private int channels = 64;
        private int hidden;
        private double noise = 0.01;
        private String streamId = "sim-0";
        private Instant start = Instant.parse("2026-01-01T00:00:00Z");
        private Duration period = Duration.ofMillis(10);
        private boolean channelNames;

        private Builder() {}

        public Builder seed(long seed) {
            this.seed = seed;
            return this;
        }

        public Builder schedule(IntrinsicDimensionSchedule schedule) {
            this.schedule = schedule;
            return this;
        }

        public Builder schedule(String spec) {
            return schedule(IntrinsicDimensionSchedule.parse(spec));
        }

        /** Repeat the schedule forever instead of stopping after it. */
        public Builder cycle(boolean cycle) {
            this.cycle = cycle;
            return this;
        }

        public Builder channels(int channels) {
            if (channels < 1) {
                throw new IllegalArgumentException("channels must be >= 1, got " + channels);
            }
            this.channels = channels;
            return this;
        }

        /** Hidden width of the embedding network; default max(32, 2 * max latent dimension). */
        public Builder hiddenWidth(int hidden) {
            this.hidden = hidden;
            return this;
        }

        /** Standard deviation of the additive Gaussian noise (default 0.01). */
        public Builder noise(double noise) {
            if (noise < 0 || !Double.isFinite(noise)) {
                throw new IllegalArgumentException("noise must be finite and >= 0, got " + noise);
            }
            this.noise = noise;
            return this;
        }

        public Builder streamId(String streamId) {
            this.streamId = streamId;
            return this;
        }

        /** Event time of frame 0 and the spacing of frames. */
        public Builder eventTime(Instant start, Duration period) {
            this.start = start;
            this.period = period;
            return this;
        }

        public Builder channelNames(boolean include) {
            this.channelNames = include;
            return this;
        }

        public SensorStreamSimulator build() {
            return new SensorStreamSimulator(this);
        }
    }
}
