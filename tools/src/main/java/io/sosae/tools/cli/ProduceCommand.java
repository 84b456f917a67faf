package io.sosae.tools.cli;

import io.sosae.connectors.generator.FrameProducer;
import io.sosae.connectors.generator.ImageReplayer;
import io.sosae.connectors.generator.ImageSample;
import io.sosae.connectors.generator.SensorStreamSimulator;
import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.connectors.registry.SchemaRegistryClient;
import io.sosae.connectors.serde.ConfluentAvroSerializer;
import io.sosae.schemas.ImageFrame;
import io.sosae.schemas.SensorFrame;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sosae produce sensors|images}: stream generators to any Kafka cluster at a given rate. */
@Command(
        name = "produce",
        mixinStandardHelpOptions = true,
        description = "Produce generated or replayed frames to Kafka.",
        subcommands = {ProduceCommand.Sensors.class, ProduceCommand.Images.class})
final class ProduceCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    /** Where to produce and how fast. */
    static final class Target {
        @Option(names = "--bootstrap", required = true, description = "Kafka bootstrap servers.")
        String bootstrap;

        @Option(names = "--registry", required = true, description = "Schema registry URL (Confluent API).")
        String registry;

        @Option(names = "--rate", defaultValue = "500", description = "Records per second. Default: ${DEFAULT-VALUE}.")
        double rate;

        @Option(
                names = "--max-records",
                defaultValue = "10000",
                description = "Stop after this many (0 = no limit). Default: ${DEFAULT-VALUE}.")
        long maxRecords;

        @Option(
                names = "--kafka",
                description = "Extra client property key=value (security.protocol, sasl.*, ssl.*); repeatable.")
        java.util.Map<String, String> kafkaProperties = new java.util.HashMap<>();

        <T extends org.apache.avro.specific.SpecificRecord> long run(
                String topic,
                Class<T> type,
                java.util.Iterator<T> records,
                java.util.function.Function<T, String> key) {
            KafkaSettings kafka =
                    KafkaSettings.builder(bootstrap).properties(kafkaProperties).build();
            var serializer = new ConfluentAvroSerializer<>(new SchemaRegistryClient(RegistryConfig.of(registry)), type);
            long total = maxRecords > 0 ? maxRecords : Long.MAX_VALUE;
            ProgressBar bar = new ProgressBar(System.err, "produce " + topic, maxRecords > 0 ? maxRecords : 1);
            FrameProducer<T> producer = FrameProducer.builder(kafka.producerConfig(), topic, serializer)
                    .key(key)
                    .ratePerSecond(rate)
                    .maxRecords(total)
                    .progress(
                            100,
                            (sent, acked, elapsed) -> bar.update(
                                    acked,
                                    String.format(
                                            Locale.ROOT,
                                            "%.0f/s",
                                            acked / Math.max(1e-3, elapsed.toMillis() / 1000.0))))
                    .build();
            long sent = producer.run(records);
            System.out.println("produced " + sent + " records to " + topic);
            return sent;
        }
    }

    @Command(
            name = "sensors",
            mixinStandardHelpOptions = true,
            description = "Multi-channel sensor frames whose intrinsic dimension follows a schedule.")
    static final class Sensors implements Callable<Integer> {
        @Mixin
        Target target;

        @Option(
                names = "--topic",
                defaultValue = "sensor-frames",
                description = "Topic to produce SensorFrames to. Default: ${DEFAULT-VALUE}.")
        String topic;

        @Option(
                names = "--schedule",
                defaultValue = "4:2000,16:2000,6:2000",
                description = "dimension:records,... Default: ${DEFAULT-VALUE}.")
        String schedule;

        @Option(
                names = "--channels",
                defaultValue = "64",
                description = "Channels per frame. Default: ${DEFAULT-VALUE}.")
        int channels;

        @Option(
                names = "--noise",
                defaultValue = "0.01",
                description = "Standard deviation of the noise added to every channel. Default: ${DEFAULT-VALUE}.")
        double noise;

        @Option(
                names = "--stream-id",
                defaultValue = "sensor-1",
                description = "Stream id (the record key) of every frame. Default: ${DEFAULT-VALUE}.")
        String streamId;

        @Option(names = "--seed", defaultValue = "7", description = "Simulator seed. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Override
        public Integer call() {
            SensorStreamSimulator sim = SensorStreamSimulator.builder()
                    .seed(seed)
                    .schedule(schedule)
                    .cycle(true)
                    .channels(channels)
                    .noise(noise)
                    .streamId(streamId)
                    .build();
            target.run(topic, SensorFrame.class, sim.frames(), SensorFrame::getStreamId);
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "images",
            mixinStandardHelpOptions = true,
            description = "Replay MNIST or Fashion-MNIST test images as ImageFrames.")
    static final class Images implements Callable<Integer> {
        @Mixin
        Target target;

        @Mixin
        DataOptions data;

        @Option(
                names = "--topic",
                defaultValue = "image-frames",
                description = "Topic to produce ImageFrames to. Default: ${DEFAULT-VALUE}.")
        String topic;

        @Option(
                names = "--stream-id",
                defaultValue = "images-1",
                description = "Stream id (the record key) of every image. Default: ${DEFAULT-VALUE}.")
        String streamId;

        @Override
        public Integer call() throws Exception {
            List<ImageSample> samples = DatasetImages.of(data.load().test());
            target.run(
                    topic,
                    ImageFrame.class,
                    new ImageReplayer(samples, streamId, true, Instant.now(), Duration.ofMillis(1)),
                    ImageFrame::getStreamId);
            return ExitCodes.OK;
        }
    }
}
