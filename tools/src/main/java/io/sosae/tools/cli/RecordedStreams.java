package io.sosae.tools.cli;

import io.sosae.tools.bench.RecordedStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** The recorded streams the comparison commands replay, chosen by name. */
final class RecordedStreams {
    @Mixin
    DataOptions data;

    @Option(
            names = "--streams",
            split = ",",
            defaultValue = "sensor-schedule,mnist-images,seattle-weather",
            description = "Streams: sensor-schedule, mnist-images, seattle-weather. Default: ${DEFAULT-VALUE}.")
    List<String> streams;

    @Option(
            names = "--phase-frames",
            defaultValue = "2000",
            description = "Sensor schedule: frames per phase. Default: ${DEFAULT-VALUE}.")
    int phaseFrames;

    @Option(names = "--images", defaultValue = "3000", description = "MNIST frames. Default: ${DEFAULT-VALUE}.")
    int images;

    List<RecordedStream> load() throws IOException {
        List<RecordedStream> recorded = new ArrayList<>();
        for (String s : streams) {
            recorded.add(
                    switch (s) {
                        case "sensor-schedule" -> RecordedStream.sensorSchedule(phaseFrames);
                        case "mnist-images" -> RecordedStream.mnist(data.fetcher(), images);
                        case "seattle-weather" -> RecordedStream.seattleWeather(data.fetcher());
                        default -> throw new IllegalArgumentException(
                                "unknown stream '" + s + "': use sensor-schedule, mnist-images or seattle-weather");
                    });
        }
        return recorded;
    }
}
