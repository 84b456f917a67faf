package io.sosae.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.jobs.config.CompressionConfig;
import io.sosae.jobs.job.CompressionJob;
import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.DecoderSnapshot;
import io.sosae.schemas.SensorFrame;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.stream.Stream;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.core.execution.SavepointFormatType;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * A savepoint of the whole production job (Kafka source, decode, compressor, drift detector, the
 * exactly-once sinks) in today's format, committed under src/test/resources/savepoints, that every
 * build must restore: the job starts from it with no state left over, reads on from the offsets it
 * holds, and its models continue from the versions it holds. Rewrite it (only when the format
 * changes on purpose) with {@code -Dsosae.writeSavepoints=true -Dit.test=JobSavepointCompatibilityITCase}.
 */
class JobSavepointCompatibilityITCase extends EmbeddedPlatformITCase {
    private static final Path SAVEPOINT = Path.of("src", "test", "resources", "savepoints", "compression-job-0.1");
    private static final String NAME = "savepoint-v1"; // topics, group and transactional ids of the savepoint
    private static final int BEFORE = 500; // frames per stream coded before the savepoint
    private static final int AFTER = 300; // frames per stream after it

    private static CompressionConfig config() {
        return CompressionConfig.builder(Scenarios.CHANNELS)
                .capacity(32)
                .device("cpu")
                .batchSize(32)
                .maxWait(Duration.ofMillis(100))
                .promoteEvery(200)
                .build();
    }

    private JobClient start(KafkaSettings settings, String savepoint) throws Exception {
        Configuration conf = new Configuration();
        if (savepoint != null) {
            conf.setString("execution.state-recovery.path", savepoint);
            conf.setString("execution.state-recovery.ignore-unclaimed-state", "false");
        }
        StreamExecutionEnvironment env = Platform.environment(NAME, conf);
        env.setParallelism(2);
        env.enableCheckpointing(500);
        CompressionJob.buildKafka(env, settings, platform.registry, config());
        return env.executeAsync(NAME);
    }

    @Test
    @EnabledIfSystemProperty(named = "sosae.writeSavepoints", matches = "true")
    void writeSavepoint() throws Exception {
        KafkaSettings settings = platform.settings(NAME, 2);
        List<SensorFrame> all = Scenarios.inputs(new HashMap<>(), BEFORE + AFTER);
        platform.produce(
                settings, all.subList(0, BEFORE * Scenarios.STREAMS.size()).iterator());
        JobClient job = start(settings, null);
        platform.awaitCommitted(settings.topics().codes(), BEFORE * Scenarios.STREAMS.size(), Duration.ofMinutes(3));
        Path tmp = Files.createTempDirectory("savepoint");
        String written = job.stopWithSavepoint(false, tmp.toUri().toString(), SavepointFormatType.CANONICAL)
                .get();
        Path from = Path.of(java.net.URI.create(written));
        if (Files.exists(SAVEPOINT)) {
            try (Stream<Path> old = Files.walk(SAVEPOINT)) {
                old.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        Files.createDirectories(SAVEPOINT);
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.toList()) {
                Files.copy(f, SAVEPOINT.resolve(f.getFileName()));
            }
        }
        Properties versions = new Properties();
        CommittedOutput.read(platform, settings)
                .assertSnapshotVersionsContiguous()
                .forEach((key, v) -> versions.setProperty(key, String.valueOf(v)));
        try (OutputStream out = Files.newOutputStream(SAVEPOINT.resolve("versions.properties"))) {
            versions.store(out, "the model version of each key in this savepoint");
        }
    }

    @Test
    void restoresTheCommittedSavepointAndContinuesItsOffsetsAndVersions() throws Exception {
        assertThat(SAVEPOINT.resolve("_metadata")).as("committed savepoint").exists();
        Properties versions = new Properties();
        try (InputStream in = Files.newInputStream(SAVEPOINT.resolve("versions.properties"))) {
            versions.load(in);
        }
        KafkaSettings settings = platform.settings(NAME, 2);
        Map<String, SensorFrame> byId = new HashMap<>();
        platform.produce(
                settings,
                Scenarios.inputs(byId, BEFORE + AFTER).iterator()); // the same input again, and what came after
        JobClient job = start(settings, SAVEPOINT.toAbsolutePath().toUri().toString());
        try {
            platform.awaitCommitted(settings.topics().codes(), AFTER * Scenarios.STREAMS.size(), Duration.ofMinutes(3));
        } finally {
            job.cancel().get();
        }
        CommittedOutput out = CommittedOutput.read(platform, settings);
        assertThat(out.codes)
                .as("only what came after the savepoint's offsets is coded")
                .hasSize(AFTER * Scenarios.STREAMS.size())
                .allSatisfy(c -> assertThat(c.getSeq()).isGreaterThanOrEqualTo(BEFORE));
        for (String key : Scenarios.STREAMS) {
            long restored = Long.parseLong(versions.getProperty(key));
            List<CompressedCode> codes = out.codes.stream()
                    .filter(c -> c.getStreamId().equals(key))
                    .sorted(java.util.Comparator.comparingLong(CompressedCode::getSeq))
                    .toList();
            assertThat(codes.get(0).getModelVersion())
                    .as("%s: the first code after the restore is the savepoint's model", key)
                    .isEqualTo(restored);
            assertThat(out.snapshots.stream()
                            .filter(s -> s.getModelKey().equals(key))
                            .mapToLong(DecoderSnapshot::getModelVersion)
                            .min())
                    .as("%s: the restored job goes on from the savepoint's version", key)
                    .hasValue(restored + 1);
        }
        out.assertVersionsMonotonePerStream();
    }
}
