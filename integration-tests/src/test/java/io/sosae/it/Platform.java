package io.sosae.it;

import io.sosae.connectors.deadletter.RawKafkaRecord;
import io.sosae.connectors.generator.FrameProducer;
import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.connectors.kafka.KafkaSources;
import io.sosae.connectors.kafka.TopicReader;
import io.sosae.connectors.kafka.Topics;
import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.connectors.registry.SchemaRegistryClient;
import io.sosae.connectors.serde.ConfluentAvroDeserializer;
import io.sosae.connectors.serde.ConfluentAvroSerializer;
import io.sosae.jobs.config.CompressionConfig;
import io.sosae.jobs.job.CompressionJob;
import io.sosae.jobs.job.Sinks;
import io.sosae.schemas.SensorFrame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Iterator;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.CoreOptions;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.connector.kafka.source.KafkaSource;
import org.apache.flink.connector.kafka.source.enumerator.initializer.OffsetsInitializer;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.serialization.ByteArraySerializer;

/**
 * A Kafka cluster and a Confluent-API schema registry that a test talks to, by address only: the
 * helpers every end-to-end scenario uses (topics, producing frames, running a local Flink
 * MiniCluster against them, reading committed output). {@link EmbeddedPlatform} starts its own
 * broker and Apicurio registry in this JVM; {@link #remote} wraps any other pair, such as Docker
 * containers, so the same scenarios ({@link Scenarios}) run against both.
 */
class Platform {

    final String bootstrapServers;
    final RegistryConfig registry;

    Platform(String bootstrapServers, RegistryConfig registry) {
        this.bootstrapServers = bootstrapServers;
        this.registry = registry;
    }

    /** A platform at these addresses; {@code registryUrl} is the Confluent API root. */
    static Platform remote(String bootstrapServers, String registryUrl) {
        return new Platform(bootstrapServers, RegistryConfig.of(registryUrl));
    }

    /** Creates a topic (replication factor 1); an existing topic is fine. */
    void createTopic(String name, int partitions) {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        try (Admin admin = Admin.create(config)) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get(60, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create topic " + name + ": " + e.getCause(), e.getCause());
            }
        } catch (java.util.concurrent.TimeoutException e) {
            throw new IllegalStateException("Timed out creating topic " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted creating topic " + name, e);
        }
    }

    /** Settings whose topics, group and transactional ids all start with {@code name}; topics created. */
    KafkaSettings settings(String name, int inputPartitions) {
        Topics topics = Topics.prefixed(name);
        createTopic(topics.sensorFrames(), inputPartitions);
        createTopic(topics.codes(), 2);
        createTopic(topics.decoders(), 1);
        createTopic(topics.lengthReports(), 1);
        createTopic(topics.deadLetters(), 1);
        createTopic(topics.driftAlerts(), 1);
        return KafkaSettings.builder(bootstrapServers)
                .topics(topics)
                .groupId(name)
                .transactionalIdPrefix(name)
                .build();
    }

    /** Produces frames with the Confluent-format Avro serializer, keyed by streamId. */
    long produce(KafkaSettings settings, Iterator<SensorFrame> frames) {
        return FrameProducer.builder(
                        settings.producerConfig(),
                        settings.topics().sensorFrames(),
                        new ConfluentAvroSerializer<>(new SchemaRegistryClient(registry), SensorFrame.class))
                .key(SensorFrame::getStreamId)
                .build()
                .run(frames);
    }

    /** Produces raw values (null allowed) to one partition of a topic, in order. */
    void produceRaw(String topic, List<byte[]> values) {
        Properties config = new Properties();
        config.put("bootstrap.servers", bootstrapServers);
        config.put("acks", "all");
        config.put("enable.idempotence", "true");
        try (KafkaProducer<byte[], byte[]> producer =
                new KafkaProducer<>(config, new ByteArraySerializer(), new ByteArraySerializer())) {
            for (byte[] value : values) {
                producer.send(new ProducerRecord<>(topic, 0, null, value));
            }
            producer.flush();
        }
    }

    byte[] serialize(String topic, SensorFrame frame) {
        return new ConfluentAvroSerializer<>(new SchemaRegistryClient(registry), SensorFrame.class)
                .serialize(topic, frame);
    }

    /** The input read back to the end of what is there now: the job stops at these offsets. */
    KafkaSource<RawKafkaRecord> boundedSource(KafkaSettings settings) {
        return KafkaSources.raw(settings, settings.topics().sensorFrames())
                .setStartingOffsets(OffsetsInitializer.earliest())
                .setBounded(OffsetsInitializer.latest())
                .build();
    }

    /**
     * Everything committed on a topic (isolation.level=read_committed), read up to the last stable
     * offset of each partition, decoded with the project's Confluent-format deserializer.
     */
    <T extends SpecificRecord> List<T> readCommitted(String topic, Class<T> type) {
        return read(topic, type, "read_committed");
    }

    /**
     * Waits until at least {@code count} records of {@code topic} are committed (for unbounded jobs,
     * which do not finish); fails with how many were there when {@code timeout} passed.
     */
    void awaitCommitted(String topic, int count, Duration timeout) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        int seen = TopicReader.withIsolation(p, TopicReader.READ_COMMITTED)
                .readAtLeast(topic, count, timeout)
                .size();
        if (seen < count) {
            throw new AssertionError(seen + " of " + count + " records committed on " + topic + " within " + timeout);
        }
    }

    /** Like {@link #readCommitted} with another isolation level (read_uncommitted shows aborted records too). */
    <T extends SpecificRecord> List<T> read(String topic, Class<T> type, String isolationLevel) {
        Properties p = new Properties();
        p.put(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return TopicReader.withIsolation(p, isolationLevel)
                .readToEnd(
                        topic,
                        new ConfluentAvroDeserializer<>(new SchemaRegistryClient(registry), type),
                        Duration.ofSeconds(60));
    }

    /**
     * A local MiniCluster environment: io.tmp.dirs and web.tmpdir under target/flink-tmp, restart
     * strategy none unless {@code extra} sets one.
     */
    /**
     * Runs the production pipeline to completion on this platform's input topic: exactly-once
     * Kafka sinks, 500 ms checkpoints, the given parallelism. Read the result with
     * {@link CommittedOutput#read}.
     */
    void runJobExactlyOnce(String name, KafkaSettings settings, CompressionConfig config, int parallelism)
            throws Exception {
        StreamExecutionEnvironment env = environment(name, new Configuration());
        env.setParallelism(parallelism);
        env.enableCheckpointing(500);
        CompressionJob.build(
                env,
                boundedSource(settings),
                registry,
                Sinks.kafka(settings, registry, DeliveryGuarantee.EXACTLY_ONCE),
                config);
        env.execute(name);
    }

    static StreamExecutionEnvironment environment(String name, Configuration extra) throws java.io.IOException {
        Path tmp = java.nio.file.Files.createDirectories(
                Path.of("target", "flink-tmp", name + "-" + UUID.randomUUID()).toAbsolutePath());
        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "none");
        conf.set(CoreOptions.TMP_DIRS, tmp.toString());
        conf.setString("web.tmpdir", tmp.resolve("web").toString());
        conf.addAll(extra);
        return StreamExecutionEnvironment.getExecutionEnvironment(conf);
    }
}
