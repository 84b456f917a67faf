package io.sosae.tools.cli;

import io.sosae.connectors.generator.FrameProducer;
import io.sosae.connectors.generator.ImageReplayer;
import io.sosae.connectors.generator.ImageSample;
import io.sosae.connectors.generator.SensorStreamSimulator;
import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.connectors.registry.SchemaRegistryClient;
import io.sosae.connectors.serde.ConfluentAvroSerializer;
import io.sosae.embedded.ApicurioRegistryServer;
import io.sosae.embedded.EmbeddedKafkaBroker;
import io.sosae.jobs.config.CompressionConfig;
import io.sosae.jobs.job.CompressionJob;
import io.sosae.model.core.Method;
import io.sosae.schemas.ImageFrame;
import io.sosae.schemas.SensorFrame;
import io.sosae.tools.demo.CodeStatistics;
import io.sosae.tools.demo.DemoReport;
import io.sosae.tools.demo.KafkaMonitor;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sosae demo}: the whole product on one machine. Starts a real in-JVM Kafka broker, a real
 * Apicurio schema registry process and a local Flink, streams the sensor simulator through the
 * compression job (exactly-once) with the method of {@code --method}, shows live progress, then
 * writes an HTML report and shuts everything down.
 */
@Command(
        name = "demo",
        mixinStandardHelpOptions = true,
        description = "Run the compression job end to end on the embedded runtime (Kafka, schema registry, Flink).")
final class DemoCommand implements Callable<Integer> {
    private static final String SENSOR_STREAM = "sensor-1";

    @Option(
            names = "--duration",
            defaultValue = "90s",
            converter = DurationConverter.class,
            description =
                    "How long to stream: seconds (120), 120s, 2m, 1m30s or ISO-8601 (PT120S). Default: ${DEFAULT-VALUE}.")
    Duration duration;

    @Option(names = "--rate", defaultValue = "200", description = "Frames per second. Default: ${DEFAULT-VALUE}.")
    double rate;

    @Option(
            names = "--pushgateway",
            description = "Push the job's metrics to this Prometheus Pushgateway (e.g. http://127.0.0.1:9091).")
    String pushGateway;

    @Option(
            names = "--schedule",
            defaultValue = "4:8000,16:8000,6:8000",
            description = "Intrinsic dimension schedule, dimension:records,... (cycles). Default: ${DEFAULT-VALUE}.")
    String schedule;

    @Option(
            names = "--channels",
            defaultValue = "64",
            description = "Channels per simulated sensor frame (the model's input width). Default: ${DEFAULT-VALUE}.")
    int channels;

    @Option(
            names = "--method",
            defaultValue = "SOSAE",
            converter = MethodConverter.class,
            description =
                    "Compression method (the job's --method): SOSAE, AE, L1, L2, KSPARSE, CAE, CKSPARSE, DAE or PCA, "
                            + "any case. Default: ${DEFAULT-VALUE}.")
    Method method;

    @Option(
            names = "--capacity",
            defaultValue = "64",
            description =
                    "Code capacity d of the sensor model: the most units a code may use. Default: ${DEFAULT-VALUE}.")
    int capacity;

    @Option(
            names = "--checkpoint-interval",
            defaultValue = "2s",
            converter = DurationConverter.class,
            description =
                    "Flink checkpoint (and Kafka commit) interval, in the same forms as --duration. Default: ${DEFAULT-VALUE}.")
    Duration checkpointInterval;

    @Mixin
    DeviceOption device;

    @Option(
            names = "--images",
            description =
                    "Also replay MNIST test images (fetched on first use) through an image pipeline in the same job.")
    boolean images;

    @Option(
            names = "--image-rate",
            defaultValue = "40",
            description = "Images per second with --images. Default: ${DEFAULT-VALUE}.")
    double imageRate;

    @Option(
            names = "--image-capacity",
            defaultValue = "200",
            description = "Code capacity of the image model. Default: ${DEFAULT-VALUE}.")
    int imageCapacity;

    @Option(names = "--out", description = "Report directory (default reports/demo-<time>).")
    Path out;

    @Override
    public Integer call() throws Exception {
        if (duration.isNegative() || duration.isZero()) {
            throw new IllegalArgumentException("--duration must be positive, e.g. 60 or 2m");
        }
        if (checkpointInterval.toMillis() < 1) {
            throw new IllegalArgumentException("--checkpoint-interval must be at least 1 ms, e.g. 2s");
        }
        if (!(rate > 0)) {
            throw new IllegalArgumentException("--rate must be > 0 frames per second");
        }
        Path dir = out != null
                ? out
                : Path.of(
                        "reports",
                        "demo-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss")));
        Path runtimeLog = RuntimeLog.to(dir.resolve("runtime.log"));
        Path work = Files.createTempDirectory("sosae-demo");
        SensorStreamSimulator simulator = SensorStreamSimulator.builder()
                .seed(7)
                .schedule(schedule)
                .cycle(true)
                .channels(channels)
                .noise(0.01)
                .streamId(SENSOR_STREAM)
                .build();
        System.out.println("starting Kafka (KRaft, in-JVM) and the schema registry (Apicurio) on 127.0.0.1 ...");
        System.out.println("Kafka, Flink and registry warnings go to " + runtimeLog + " (errors also here)");
        try (EmbeddedKafkaBroker broker = EmbeddedKafkaBroker.start();
                ApicurioRegistryServer registryServer = ApicurioRegistryServer.start()) {
            KafkaSettings kafka = KafkaSettings.builder(broker.bootstrapServers())
                    .transactionalIdPrefix("sosae-demo")
                    .build();
            for (String t : new String[] {
                kafka.topics().sensorFrames(),
                kafka.topics().codes(),
                kafka.topics().decoders(),
                kafka.topics().lengthReports(),
                kafka.topics().deadLetters(),
                kafka.topics().driftAlerts()
            }) {
                broker.createTopic(t, 1);
            }
            RegistryConfig registry = RegistryConfig.of(registryServer.ccompatUrl());
            System.out.printf("Kafka %s, registry %s%n", broker.bootstrapServers(), registryServer.ccompatUrl());

            Configuration conf = new Configuration();
            conf.setString("io.tmp.dirs", work.toString());
            conf.setString("restart-strategy.type", "none");
            // a backlog behind the compressor must not hold back checkpoints, which commit the codes
            conf.setString("execution.checkpointing.unaligned.enabled", "true");
            conf.setString("taskmanager.network.memory.buffer-debloat.enabled", "true");
            if (pushGateway != null) {
                io.sosae.tools.cluster.PushGatewayReporter.configuration(pushGateway, "sosae-demo")
                        .forEach(conf::setString);
            }
            StreamExecutionEnvironment env = StreamExecutionEnvironment.createLocalEnvironment(1, conf);
            env.enableCheckpointing(checkpointInterval.toMillis());
            CompressionConfig config = CompressionConfig.builder(channels)
                    .method(method)
                    .capacity(capacity)
                    .device(device.device)
                    .build();
            CompressionJob.buildKafka(env, kafka, registry, config);
            KafkaSettings imageKafka = KafkaSettings.builder(broker.bootstrapServers())
                    .groupId("sosae-demo-images")
                    .transactionalIdPrefix("sosae-demo-images")
                    .build();
            List<ImageSample> imageSamples = images
                    ? DatasetImages.of(io.sosae.model.data.DatasetFetcher.defaults()
                            .mnist()
                            .test())
                    : List.of();
            if (images) {
                broker.createTopic(kafka.topics().imageFrames(), 1);
                CompressionConfig imageConfig = CompressionConfig.builder(28 * 28)
                        .method(method)
                        .capacity(imageCapacity)
                        .device(device.device)
                        .build();
                CompressionJob.buildKafkaImages(
                        env, imageKafka, registry, imageConfig, kafka.topics().imageFrames(), 28, 28, 1);
            }
            JobClient job = env.executeAsync("sosae-demo");
            // codes are committed per checkpoint: a per-second delta would swing between 0 and a checkpoint's worth
            SlidingRate codeRate = new SlidingRate(SlidingRate.windowFor(checkpointInterval, Duration.ofSeconds(5)));
            System.out.printf(
                    Locale.ROOT,
                    "Flink job %s running %s; streaming for %d s at %d frames/s (coded/s: over the last %.1f s)%n",
                    job.getJobID(),
                    method,
                    duration.toSeconds(),
                    (int) rate,
                    codeRate.window().toMillis() / 1000.0);

            CodeStatistics stats = new CodeStatistics(20);
            KafkaMonitor monitor = new KafkaMonitor(kafka, registry, stats);
            Thread monitorThread = new Thread(monitor, "demo-monitor");
            monitorThread.start();
            AtomicLong produced = new AtomicLong();
            AtomicLong imagesProduced = new AtomicLong();
            AtomicReference<Exception> producerError = new AtomicReference<>();
            FrameProducer<SensorFrame> producer = FrameProducer.builder(
                            kafka.producerConfig(),
                            kafka.topics().sensorFrames(),
                            new ConfluentAvroSerializer<>(new SchemaRegistryClient(registry), SensorFrame.class))
                    .key(SensorFrame::getStreamId)
                    .ratePerSecond(rate)
                    .progress(50, (sent, acked, elapsed) -> produced.set(acked))
                    .build();
            Thread producerThread = new Thread(
                    () -> {
                        try {
                            producer.run(simulator.frames());
                        } catch (RuntimeException e) {
                            producerError.set(e);
                        }
                    },
                    "demo-producer");
            producerThread.start();
            FrameProducer<ImageFrame> imageProducer = null;
            if (images) {
                imageProducer = FrameProducer.builder(
                                imageKafka.producerConfig(),
                                kafka.topics().imageFrames(),
                                new ConfluentAvroSerializer<>(new SchemaRegistryClient(registry), ImageFrame.class))
                        .key(ImageFrame::getStreamId)
                        .ratePerSecond(imageRate)
                        .progress(20, (sent, acked, elapsed) -> imagesProduced.set(acked))
                        .build();
                FrameProducer<ImageFrame> p = imageProducer;
                ImageReplayer replayer =
                        new ImageReplayer(imageSamples, "mnist-images", true, Instant.now(), Duration.ofMillis(1));
                Thread t = new Thread(
                        () -> {
                            try {
                                p.run(replayer);
                            } catch (RuntimeException e) {
                                producerError.set(e);
                            }
                        },
                        "demo-image-producer");
                t.setDaemon(true);
                t.start();
            }

            long start = System.nanoTime();
            long end = start + duration.toNanos();
            codeRate.add(start, stats.total());
            int exit = ExitCodes.OK;
            while (System.nanoTime() < end) {
                Thread.sleep(1000);
                if (producerError.get() != null) {
                    throw producerError.get();
                }
                if (job.getJobStatus().get().isGloballyTerminalState()) {
                    System.err.println(
                            "the Flink job stopped: " + job.getJobStatus().get());
                    exit = ExitCodes.FAILURE;
                    break;
                }
                long now = System.nanoTime();
                long codes = stats.total();
                double perSecond = codeRate.add(now, codes);
                StringBuilder line = new StringBuilder(String.format(
                        Locale.ROOT,
                        "%4ds  produced %7d  coded %7d (%5.0f/s)  DLQ %d",
                        (now - start) / 1_000_000_000L,
                        produced.get() + imagesProduced.get(),
                        codes,
                        perSecond,
                        monitor.deadLetters()));
                for (CodeStatistics.StreamView v : stats.views()) {
                    // the simulator labels each frame with its true latent dimension; the code carries it
                    String truth = v.streamId().equals(SENSOR_STREAM) && v.lastLabel() >= 0
                            ? String.format(Locale.ROOT, " (true dim %2d)", v.lastLabel())
                            : "";
                    line.append(String.format(
                            Locale.ROOT,
                            " | %s: L %2d%s  v%d  ratio %4.1fx  err %.4f  %5.1f B",
                            v.streamId(),
                            v.length(),
                            truth,
                            v.version(),
                            v.compressionRatio(),
                            v.meanError(),
                            v.meanPayloadBytes()));
                }
                System.out.println(line);
            }
            producer.stop();
            if (imageProducer != null) {
                imageProducer.stop();
            }
            producerThread.join(10_000);
            // let the last checkpoint commit what was produced
            long deadline =
                    System.nanoTime() + checkpointInterval.multipliedBy(3).toNanos() + 5_000_000_000L;
            while (exit == ExitCodes.OK
                    && stats.total() < produced.get() + imagesProduced.get()
                    && System.nanoTime() < deadline) {
                Thread.sleep(200);
            }
            job.cancel().get();
            monitor.stop();
            monitorThread.join(10_000);
            long total = produced.get() + imagesProduced.get();
            DemoReport.write(
                    dir, stats, monitor.reports(), simulator.schedule().toString(), total, monitor.deadLetters());
            System.out.printf(
                    "produced %d frames (%d of them images), %d codes committed, %d dead letters%n",
                    total, imagesProduced.get(), stats.total(), monitor.deadLetters());
            System.out.println("report: " + dir.resolve("index.html"));
            return exit;
        } finally {
            org.apache.flink.util.FileUtils.deleteDirectory(work.toFile());
        }
    }
}
