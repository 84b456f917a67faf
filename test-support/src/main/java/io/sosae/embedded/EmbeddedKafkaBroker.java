package io.sosae.embedded;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PrintStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import org.apache.commons.io.FileUtils;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.errors.TopicExistsException;
import org.apache.kafka.common.utils.Time;
import org.apache.kafka.metadata.storage.Formatter;
import org.apache.kafka.server.common.MetadataVersion;

/**
 * A real single-node Kafka (KRaft, combined broker + controller) inside this JVM, on 127.0.0.1
 * with free ports. Formats its storage like {@code kafka-storage.sh format} and deletes it on close.
 * Transactions work: internal topics use replication factor 1 and min ISR 1.
 *
 * <pre>{@code
 * try (EmbeddedKafkaBroker kafka = EmbeddedKafkaBroker.start()) {
 *     kafka.createTopic("sensor-frames", 4);
 *     String bootstrap = kafka.bootstrapServers();
 * }
 * }</pre>
 */
public final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final int NODE_ID = 1;
    private static final String CONTROLLER_LISTENER = "CONTROLLER";

    private final Path logDir;
    private final boolean deleteLogDirOnClose;
    private final String bootstrapServers;
    private final KafkaRaftServer server;

    private EmbeddedKafkaBroker(Builder b) throws IOException {
        this.deleteLogDirOnClose = b.logDir == null;
        this.logDir = b.logDir != null ? Files.createDirectories(b.logDir) : Files.createTempDirectory("sosae-kafka-");
        int brokerPort = b.port > 0 ? b.port : FreePorts.pick();
        int controllerPort = FreePorts.pick();
        this.bootstrapServers = "127.0.0.1:" + brokerPort;

        Map<String, String> props = new HashMap<>();
        props.put("process.roles", "broker,controller");
        props.put("node.id", Integer.toString(NODE_ID));
        props.put("controller.quorum.voters", NODE_ID + "@127.0.0.1:" + controllerPort);
        props.put(
                "listeners",
                "PLAINTEXT://127.0.0.1:" + brokerPort + "," + CONTROLLER_LISTENER + "://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + brokerPort);
        props.put("controller.listener.names", CONTROLLER_LISTENER);
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT," + CONTROLLER_LISTENER + ":PLAINTEXT");
        props.put("log.dirs", logDir.toString());
        props.put("num.partitions", "1");
        props.put("auto.create.topics.enable", "true");
        // One node: every internal topic must live with a single replica.
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "1");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "1");
        props.put("share.coordinator.state.topic.replication.factor", "1");
        props.put("share.coordinator.state.topic.min.isr", "1");
        props.put("min.insync.replicas", "1");
        props.put("group.initial.rebalance.delay.ms", "0");
        // Small and fast for tests and demos on a laptop.
        props.put("log.segment.bytes", Integer.toString(16 * 1024 * 1024));
        props.put("log.cleaner.dedupe.buffer.size", Integer.toString(2 * 1024 * 1024));
        props.putAll(b.overrides);
        KafkaConfig config = new KafkaConfig(props, false);

        format(config);
        this.server = new KafkaRaftServer(config, Time.SYSTEM);
        server.startup();
        awaitReady(b.startTimeout);
    }

    public static EmbeddedKafkaBroker start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Path logDir() {
        return logDir;
    }

    /** A new Admin client for this broker; the caller closes it. */
    public Admin admin() {
        Properties p = new Properties();
        p.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return Admin.create(p);
    }

    /** Creates the topic (replication factor 1) unless it exists. */
    public void createTopic(String name, int partitions) {
        try (Admin admin = admin()) {
            admin.createTopics(List.of(new NewTopic(name, partitions, (short) 1)))
                    .all()
                    .get(30, TimeUnit.SECONDS);
        } catch (ExecutionException e) {
            if (!(e.getCause() instanceof TopicExistsException)) {
                throw new IllegalStateException("Cannot create topic " + name + ": " + e.getCause(), e.getCause());
            }
        } catch (TimeoutException e) {
            throw new IllegalStateException("Timed out creating topic " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted creating topic " + name, e);
        }
    }

    @Override
    public void close() {
        server.shutdown();
        server.awaitShutdown();
        if (deleteLogDirOnClose) {
            try {
                FileUtils.deleteDirectory(logDir.toFile());
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete Kafka log dir " + logDir, e);
            }
        }
    }

    private void format(KafkaConfig config) {
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try (PrintStream out = new PrintStream(output, true, StandardCharsets.UTF_8)) {
            // What `kafka-storage.sh format --cluster-id ... --config ...` does, with static voters.
            new Formatter()
                    .setPrintStream(out)
                    .setNodeId(NODE_ID)
                    .setClusterId(Uuid.randomUuid().toString())
                    .setControllerListenerName(CONTROLLER_LISTENER)
                    .setMetadataLogDirectory(config.metadataLogDir())
                    .setDirectories(Set.of(logDir.toString()))
                    .setReleaseVersion(MetadataVersion.LATEST_PRODUCTION)
                    .setHasDynamicQuorum(false)
                    // A caller-given log dir may hold data from an earlier run: keep it.
                    .setIgnoreFormatted(!deleteLogDirOnClose)
                    .run();
        } catch (Exception e) {
            throw new IllegalStateException("Formatting Kafka storage in " + logDir + " failed: " + output, e);
        }
    }

    private void awaitReady(Duration timeout) {
        long deadline = System.nanoTime() + timeout.toNanos();
        Exception last = null;
        try (Admin admin = admin()) {
            while (System.nanoTime() < deadline) {
                try {
                    if (!admin.describeCluster()
                            .nodes()
                            .get(5, TimeUnit.SECONDS)
                            .isEmpty()) {
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e; // not up yet: retry until the deadline
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("Interrupted waiting for the embedded broker", e);
        }
        close();
        throw new IllegalStateException(
                "Embedded Kafka broker at " + bootstrapServers + " not ready after " + timeout, last);
    }

    public static final class Builder {
        private final Map<String, String> overrides = new HashMap<>();
        private Path logDir;
        private int port;
        private Duration startTimeout = Duration.ofSeconds(60);

        private Builder() {}

        /** Any broker property, e.g. "transaction.max.timeout.ms"; applied last. */
        public Builder brokerProperty(String key, String value) {
            overrides.put(key, value);
            return this;
        }

        /** Keep data here (and do not delete it on close); default: a fresh temp dir, deleted on close. */
        public Builder logDir(Path dir) {
            this.logDir = dir;
            return this;
        }

        /** Fixed client port; default: a free one. */
        public Builder port(int port) {
            this.port = port;
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        public EmbeddedKafkaBroker start() {
            try {
                return new EmbeddedKafkaBroker(this);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot create the Kafka log dir", e);
            }
        }
    }
}
