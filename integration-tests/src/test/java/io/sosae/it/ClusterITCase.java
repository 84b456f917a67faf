package io.sosae.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.connectors.kafka.TopicReader;
import io.sosae.schemas.SensorFrame;
import io.sosae.tools.cluster.FlinkCluster;
import io.sosae.tools.cluster.FlinkRest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The job on a real multi-process Flink cluster (1 JobManager, 2 TaskManager processes from
 * Flink's Maven Central jars, {@link FlinkCluster}), deployed through Flink's REST API ({@link
 * FlinkRest}, what {@code sosae job} uses), reading and writing the embedded broker and registry
 * of this JVM.
 */
class ClusterITCase extends EmbeddedPlatformITCase {
    private static final Path FLINK_JOBS_TARGET = Path.of("..", "flink-jobs", "target");
    private FlinkCluster cluster;
    private FlinkRest rest;
    private String jarId;

    @BeforeAll
    void startCluster() throws Exception {
        Path dir = Path.of("target", "cluster-it").toAbsolutePath();
        if (Files.exists(dir.resolve("cluster.properties"))) {
            FlinkCluster.attach(dir, FlinkCluster.Layout.of(FLINK_JOBS_TARGET)).stop(); // a crashed earlier run
        }
        cluster = FlinkCluster.start(
                dir,
                FlinkCluster.Layout.of(FLINK_JOBS_TARGET),
                FlinkCluster.Settings.defaults(2),
                Duration.ofMinutes(2));
        rest = new FlinkRest(cluster.restUrl());
        try (Stream<Path> s = Files.list(FLINK_JOBS_TARGET)) {
            Path jar = s.filter(p -> p.getFileName().toString().endsWith("-job.jar"))
                    .findFirst()
                    .orElseThrow();
            jarId = rest.upload(jar);
        }
    }

    @AfterAll
    void stopCluster() throws Exception {
        if (cluster != null) {
            cluster.stop();
            assertThat(cluster.alive()).as("cluster processes after stop").isEmpty();
        }
    }

    /** The job's command line on this platform's topics. */
    private List<String> jobArgs(KafkaSettings settings, String... extra) {
        var t = settings.topics();
        List<String> args = new ArrayList<>(List.of(
                "--bootstrap", platform.bootstrapServers,
                "--registry", platform.registry.url(),
                "--input-topic", t.sensorFrames(),
                "--codes-topic", t.codes(),
                "--decoders-topic", t.decoders(),
                "--reports-topic", t.lengthReports(),
                "--dlq-topic", t.deadLetters(),
                "--alerts-topic", t.driftAlerts(),
                "--group-id", settings.groupId(),
                "--transactional-id-prefix", settings.transactionalIdPrefix(),
                "--checkpoint-interval", "1s",
                "--input-dim", String.valueOf(Scenarios.CHANNELS),
                "--capacity", "64",
                "--device", "cpu",
                "--batch-size", "32",
                "--max-wait", "100ms",
                "--promote-every", "400"));
        args.addAll(List.of(extra));
        return args;
    }

    /** Waits until {@code count} codes are committed (the job reads on; it is unbounded). */
    private void awaitCommittedCodes(KafkaSettings settings, int count, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        int seen = 0;
        while (System.nanoTime() < deadline) {
            seen = TopicReader.readCommitted(platform.bootstrapServers)
                    .readToEnd(settings.topics().codes(), Duration.ofSeconds(30))
                    .size();
            if (seen >= count) {
                return;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError(seen + " of " + count + " codes committed within " + timeout + "; logs in "
                + cluster.directory().resolve("log"));
    }

    @Test
    void submittedThroughRestEveryInputIsCodedOnceAndEveryCodeDecodes() throws Exception {
        KafkaSettings settings = platform.settings("cluster-submit", 2);
        Map<String, SensorFrame> byId = new HashMap<>();
        platform.produce(settings, Scenarios.inputs(byId).iterator());
        String job = rest.run(jarId, "io.sosae.jobs.job.CompressionJob", jobArgs(settings), 2, null);
        try {
            awaitCommittedCodes(settings, byId.size(), Duration.ofMinutes(3));
        } finally {
            rest.cancel(job);
        }
        CommittedOutput out = CommittedOutput.read(platform, settings);
        out.assertExactlyOneCodePerInput(byId.keySet());
        out.assertSnapshotVersionsContiguous();
        out.assertEveryCodeDecodes(byId, 1e-4);
        assertThat(out.deadLetters).isEmpty();
    }
}
