package io.sosae.it;

import java.time.Duration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.testcontainers.containers.GenericContainer;
import org.testcontainers.containers.Network;
import org.testcontainers.containers.wait.strategy.Wait;
import org.testcontainers.junit.jupiter.Container;
import org.testcontainers.junit.jupiter.Testcontainers;
import org.testcontainers.kafka.KafkaContainer;
import org.testcontainers.utility.DockerImageName;

/**
 * The end-to-end scenarios of {@link CompressionJobITCase}, {@link BadInputITCase} and
 * {@link SchemaEvolutionITCase} against real containers (docker/README.md): an Apache Kafka
 * broker (KRaft, {@code apache/kafka}) and Confluent's own schema registry
 * ({@code confluentinc/cp-schema-registry}) on a shared Docker network, the Flink job on a local
 * MiniCluster in this JVM. The same {@link Scenarios} code, the same assertions.
 *
 * <p>Skipped, not failed, where no Docker engine answers ({@code disabledWithoutDocker}). Images
 * can be overridden with {@code -Dsosae.it.kafka.image=...} and {@code -Dsosae.it.registry.image=...};
 * the defaults match docker/docker-compose.yml.
 */
@Testcontainers(disabledWithoutDocker = true)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class DockerScenariosITCase {

    static final String KAFKA_IMAGE = System.getProperty("sosae.it.kafka.image", "apache/kafka:4.1.0");
    static final String REGISTRY_IMAGE =
            System.getProperty("sosae.it.registry.image", "confluentinc/cp-schema-registry:7.9.0");
    /** The broker's listener for containers on the network (the registry stores its schemas there). */
    static final String INTERNAL_LISTENER = "kafka:19092";

    static final Network NETWORK = Network.newNetwork();

    @Container
    static final KafkaContainer KAFKA = new KafkaContainer(DockerImageName.parse(KAFKA_IMAGE))
            .withNetwork(NETWORK)
            .withNetworkAliases("kafka")
            .withListener(INTERNAL_LISTENER);

    @Container
    static final GenericContainer<?> REGISTRY = new GenericContainer<>(DockerImageName.parse(REGISTRY_IMAGE))
            .withNetwork(NETWORK)
            .withNetworkAliases("schema-registry")
            .withExposedPorts(8081)
            .withEnv("SCHEMA_REGISTRY_HOST_NAME", "schema-registry")
            .withEnv("SCHEMA_REGISTRY_LISTENERS", "http://0.0.0.0:8081")
            .withEnv("SCHEMA_REGISTRY_KAFKASTORE_BOOTSTRAP_SERVERS", "PLAINTEXT://" + INTERNAL_LISTENER)
            .dependsOn(KAFKA)
            .waitingFor(Wait.forHttp("/subjects").forStatusCode(200))
            .withStartupTimeout(Duration.ofMinutes(3));

    private Scenarios scenarios;

    @BeforeAll
    void connect() {
        String registryUrl = "http://" + REGISTRY.getHost() + ":" + REGISTRY.getMappedPort(8081);
        scenarios = new Scenarios(Platform.remote(KAFKA.getBootstrapServers(), registryUrl));
    }

    @Test
    void everyFrameIsCodedExactlyOnceAndDecodesFromItsCommittedSnapshot() throws Exception {
        scenarios.everyFrameIsCodedExactlyOnceAndDecodesFromItsCommittedSnapshot("docker-compression-it");
    }

    @Test
    void eachBadRecordIsDeadLetteredWithItsReasonAndTheGoodOnesAroundItAreCoded() throws Exception {
        scenarios.eachBadRecordIsDeadLetteredWithItsReasonAndTheGoodOnesAroundItAreCoded("docker-bad-input-it");
    }

    @Test
    void framesOfOldAndNewSchemaVersionsAreAllCoded() throws Exception {
        scenarios.framesOfOldAndNewSchemaVersionsAreAllCoded("docker-schema-evolution-it");
    }

    @Test
    void lengthRisesAfterTheStepUpAndFallsAfterTheStepDown() throws Exception {
        scenarios.lengthFollowsComplexity("docker-length-it");
    }
}
