package io.sosae.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.connectors.kafka.TopicReader;
import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.connectors.registry.SchemaRegistryClient;
import io.sosae.connectors.serde.ConfluentAvroDeserializer;
import io.sosae.model.report.Percentiles;
import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.DecoderSnapshot;
import io.sosae.schemas.SensorFrame;
import io.sosae.tools.decode.CodeDecoder;
import io.sosae.tools.decode.ImageGrid;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sosae decode}: reconstructs frames from committed codes and decoder snapshots. */
@Command(
        name = "decode",
        mixinStandardHelpOptions = true,
        description =
                "Decode committed codes with their model versions' decoder snapshots; error statistics and an optional PNG grid.")
final class DecodeCommand implements Callable<Integer> {
    @picocli.CommandLine.Mixin
    KafkaAddress address = new KafkaAddress();

    @Option(
            names = "--codes-topic",
            defaultValue = "sosae-codes",
            description = "Topic of committed CompressedCodes. Default: ${DEFAULT-VALUE}.")
    String codesTopic;

    @Option(
            names = "--decoders-topic",
            defaultValue = "sosae-decoders",
            description = "Topic of DecoderSnapshots, one per model version. Default: ${DEFAULT-VALUE}.")
    String decodersTopic;

    @Option(
            names = "--frames-topic",
            description = "Input topic of SensorFrames: when given, errors are measured against the originals.")
    String framesTopic;

    @Option(
            names = "--max-codes",
            defaultValue = "100000",
            description = "Decode at most this many codes (and read as many frames). Default: ${DEFAULT-VALUE}.")
    long maxCodes;

    @Option(
            names = "--timeout",
            defaultValue = "60s",
            converter = DurationConverter.class,
            description =
                    "The most time spent reading each topic: seconds (60), 60s, 1m or ISO-8601 (PT60S). Default: ${DEFAULT-VALUE}.")
    Duration timeout;

    @Option(
            names = "--image-size",
            description = "WIDTHxHEIGHT: also write the first 16 reconstructions as a PNG grid.")
    String imageSize;

    @Option(
            names = "--out",
            defaultValue = "reports/decode",
            description = "Output directory for summary.json (and grid.png). Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() throws Exception {
        KafkaSettings kafka = KafkaSettings.builder(address.bootstrap).build();
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(address.registry));
        CodeDecoder decoder = new CodeDecoder();
        TopicReader.readCommitted(kafka.consumerConfig())
                .readToEnd(
                        decodersTopic,
                        new ConfluentAvroDeserializer<>(client, DecoderSnapshot.class),
                        Long.MAX_VALUE,
                        timeout,
                        decoder::add);
        Map<String, float[]> originals = new HashMap<>();
        if (framesTopic != null) {
            TopicReader.readCommitted(kafka.consumerConfig())
                    .readToEnd(
                            framesTopic,
                            new ConfluentAvroDeserializer<>(client, SensorFrame.class),
                            maxCodes,
                            timeout,
                            f -> originals.put(f.getStreamId() + "/" + f.getSeq(), toArray(f.getValues())));
        }
        List<Double> errors = new ArrayList<>();
        List<float[][]> grid = new ArrayList<>();
        long[] counts = new long[2]; // decoded, without snapshot
        long[] stored = new long[2]; // code values, input values
        TopicReader.readCommitted(kafka.consumerConfig())
                .readToEnd(
                        codesTopic,
                        new ConfluentAvroDeserializer<>(client, CompressedCode.class),
                        maxCodes,
                        timeout,
                        c -> {
                            if (decoder.slice(c.getModelKey(), c.getModelVersion())
                                    .isEmpty()) {
                                counts[1]++;
                                return;
                            }
                            float[] y = decoder.decode(c);
                            counts[0]++;
                            stored[0] += c.getLength();
                            stored[1] += c.getInputDim();
                            float[] x = originals.get(c.getStreamId() + "/" + c.getSeq());
                            if (x != null) {
                                double e = 0;
                                for (int i = 0; i < x.length; i++) {
                                    e += Math.abs(x[i] - y[i]);
                                }
                                errors.add(e / x.length);
                            } else if (c.getReconstructionError() != null) {
                                errors.add((double) c.getReconstructionError());
                            }
                            if (grid.size() < 16) {
                                grid.add(new float[][] {x, y});
                            }
                        });
        double[] sorted =
                errors.stream().mapToDouble(Double::doubleValue).sorted().toArray();
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("snapshots", decoder.snapshots());
        summary.put("decoded", counts[0]);
        summary.put("withoutSnapshot", counts[1]);
        summary.put(
                "errorSource", framesTopic != null ? "originals from " + framesTopic : "error carried by each code");
        summary.put("meanAbsoluteError", Arrays.stream(sorted).average().orElse(Double.NaN));
        summary.put("p50", Percentiles.of(sorted, 0.5));
        summary.put("p99", Percentiles.of(sorted, 0.99));
        summary.put("compressionRatio", stored[0] == 0 ? Double.NaN : (double) stored[1] / stored[0]);
        java.nio.file.Files.createDirectories(out);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("summary.json").toFile(), summary);
        if (imageSize != null) {
            String[] wh = imageSize.toLowerCase(Locale.ROOT).split("x");
            ImageGrid.write(out.resolve("grid.png"), grid, Integer.parseInt(wh[0]), Integer.parseInt(wh[1]));
        }
        System.out.println(new ObjectMapper().writeValueAsString(summary));
        return counts[1] == 0 ? ExitCodes.OK : ExitCodes.FAILURE;
    }

    private static float[] toArray(List<Float> values) {
        float[] a = new float[values.size()];
        for (int i = 0; i < a.length; i++) {
            a[i] = values.get(i);
        }
        return a;
    }
}
