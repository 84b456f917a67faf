package io.sosae.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.schemas.SensorFrame;
import io.sosae.tools.cluster.FlinkCluster;
import io.sosae.tools.cluster.FlinkRest;
import io.sosae.tools.cluster.JobArguments;
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
    private LocalPrometheus prometheus;
    private FlinkRest rest;
    private String jarId;
    private Path jar;

    @BeforeAll
    void startCluster() throws Exception {
        Path dir = Path.of("target", "cluster-it").toAbsolutePath();
        if (Files.exists(dir.resolve("cluster.properties"))) {
            FlinkCluster.attach(dir, FlinkCluster.Layout.of(FLINK_JOBS_TARGET)).stop(); // a crashed earlier run
        }
        if (Files.exists(dir)) {
            try (Stream<Path> old = Files.walk(dir)) {
                old.sorted(java.util.Comparator.reverseOrder())
                        .forEach(p -> p.toFile().delete());
            }
        }
        prometheus =
                LocalPrometheus.start(Path.of("target", "cluster-it-prometheus").toAbsolutePath());
        cluster = FlinkCluster.start(
                dir,
                FlinkCluster.Layout.of(FLINK_JOBS_TARGET),
                new FlinkCluster.Settings(
                        2,
                        2,
                        "1600m",
                        "1024m",
                        io.sosae.tools.cluster.PushGatewayReporter.configuration(
                                prometheus.pushGatewayUrl(), "sosae-cluster-it")),
                Duration.ofMinutes(2));
        rest = new FlinkRest(cluster.restUrl());
        try (Stream<Path> s = Files.list(FLINK_JOBS_TARGET)) {
            jar = s.filter(p -> p.getFileName().toString().endsWith("-job.jar"))
                    .findFirst()
                    .orElseThrow();
            jarId = rest.upload(jar);
        }
    }

    @AfterAll
    void stopCluster() throws Exception {
        try {
            if (cluster != null) {
                cluster.stop();
                assertThat(cluster.alive()).as("cluster processes after stop").isEmpty();
            }
        } finally {
            if (prometheus != null) {
                prometheus.close();
            }
        }
    }

    /** The job's command line on this platform's topics; {@code overrides} (key, value pairs) replace defaults. */
    private List<String> jobArgs(KafkaSettings settings, String... overrides) {
        JobArguments args = JobArguments.of(settings, platform.bootstrapServers, platform.registry.url())
                .set("checkpoint-interval", "1s")
                .set("input-dim", String.valueOf(Scenarios.CHANNELS))
                .set("capacity", "64")
                .set("device", "cpu")
                .set("batch-size", "32")
                .set("max-wait", "100ms");
        for (int i = 0; i + 1 < overrides.length; i += 2) {
            args.set(overrides[i], overrides[i + 1]);
        }
        return args.toList();
    }

    /** Waits (up to a minute) until Prometheus has the series for every one of these modelKey labels. */
    private void awaitSeries(String metric, List<String> keys) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(1).toNanos();
        java.util.Set<String> seen = java.util.Set.of();
        while (System.nanoTime() < deadline) {
            seen = prometheus.query(metric).stream()
                    .map(s -> s.path("metric").path("modelKey").asText())
                    .collect(java.util.stream.Collectors.toSet());
            if (seen.containsAll(keys)) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError(metric + " in Prometheus for " + seen + ", expected " + keys);
    }

    /** Waits until {@code count} codes are committed (the job reads on; it is unbounded). */
    private void awaitCommittedCodes(KafkaSettings settings, int count, Duration timeout) {
        try {
            platform.awaitCommitted(settings.topics().codes(), count, timeout);
        } catch (AssertionError e) {
            throw new AssertionError(
                    e.getMessage() + "; cluster logs in " + cluster.directory().resolve("log"), e);
        }
    }

    @Test
    void submittedThroughRestEveryInputIsCodedOnceAndEveryCodeDecodes() throws Exception {
        KafkaSettings settings = platform.settings("cluster-submit", 2);
        Map<String, SensorFrame> byId = new HashMap<>();
        platform.produce(settings, Scenarios.inputs(byId).iterator());
        String job = rest.run(
                jarId, "io.sosae.jobs.job.CompressionJob", jobArgs(settings, "--promote-every", "400"), 2, null);
        try {
            awaitCommittedCodes(settings, byId.size(), Duration.ofMinutes(3));
            // the TaskManager processes push their metrics: the per-key gauges reach Prometheus
            awaitSeries("flink_taskmanager_job_task_operator_modelKey_emittedLength", List.of("sim_0", "sim_1"));
        } finally {
            rest.cancel(job);
        }
        CommittedOutput out = CommittedOutput.read(platform, settings);
        out.assertExactlyOneCodePerInput(byId.keySet());
        out.assertSnapshotVersionsContiguous();
        out.assertEveryCodeDecodes(byId, 1e-4);
        assertThat(out.deadLetters).isEmpty();
    }

    /**
     * Ten times while the input streams in: kill -9 a TaskManager that runs the job and start a
     * replacement. The job fails over each time and restores from its last checkpoint; the
     * exactly-once sinks still commit exactly one code per input, each key's versions continue
     * (one contiguous line, no restart from version 1) and every code decodes with its committed
     * snapshot.
     */
    @Test
    void tenTaskManagerKillsLoseAndDuplicateNothing() throws Exception {
        KafkaSettings settings = platform.settings("cluster-kill", 2);
        Map<String, SensorFrame> byId = new HashMap<>();
        List<SensorFrame> inputs = Scenarios.inputs(byId);
        // a version every 100 frames of a key: each key sees 150 between two kills, and what it
        // learnt since its last promotion is not in state (a restore continues from that version)
        String job = rest.run(
                jarId, "io.sosae.jobs.job.CompressionJob", jobArgs(settings, "--promote-every", "100"), 2, null);
        int kills = 10;
        int chunk = inputs.size() / kills;
        try {
            for (int k = 0; k < kills; k++) {
                platform.produce(
                        settings, inputs.subList(k * chunk, (k + 1) * chunk).iterator());
                Thread.sleep(1500); // mid-stream: the chunk is being coded
                String victim = awaitBusyTaskManager(job, Duration.ofMinutes(2));
                long pid = cluster.taskManagerProcess(victim).orElseThrow();
                long restartsBefore = rest.restarts(job);
                System.out.printf(
                        "kill %d: kill -9 %s (pid %d), restarts so far %d%n", k + 1, victim, pid, restartsBefore);
                cluster.killTaskManager(pid);
                awaitRestart(job, restartsBefore, Duration.ofMinutes(2));
                cluster.startTaskManager();
                cluster.awaitTaskManagers(2, Duration.ofMinutes(2));
            }
            platform.produce(
                    settings, inputs.subList(kills * chunk, inputs.size()).iterator());
            awaitCommittedCodes(settings, byId.size(), Duration.ofMinutes(5));
        } finally {
            rest.cancel(job);
        }
        CommittedOutput out = CommittedOutput.read(platform, settings);
        out.assertExactlyOneCodePerInput(byId.keySet());
        Map<String, Long> versions = out.assertSnapshotVersionsContiguous();
        assertThat(versions.values()).allSatisfy(v -> assertThat(v).isGreaterThanOrEqualTo(3));
        out.assertReportsMatchSnapshots();
        out.assertVersionsMonotonePerStream();
        out.assertEveryCodeDecodes(byId, 1e-4);
        assertThat(out.deadLetters).isEmpty();
    }

    /** Waits until the job has failed over once more than {@code before} (each kill must cause a restart). */
    private void awaitRestart(String job, long before, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (rest.restarts(job) > before) {
                return;
            }
            Thread.sleep(250);
        }
        throw new AssertionError("the job did not restart within " + timeout + " after the kill");
    }

    /** A TaskManager that runs tasks of the job, once all its tasks run (after a failover it may sit on either). */
    private String awaitBusyTaskManager(String job, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            if (!rest.fullyRunning(job)) { // a kill while it still restarts would fold into that failover
                Thread.sleep(250);
                continue;
            }
            List<String> busy = rest.taskManagersOf(job);
            for (String id : busy) {
                if (cluster.taskManagerProcess(id).isPresent()) {
                    return id;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("no TaskManager ran the job within " + timeout);
    }

    /**
     * Stop with a savepoint, then start again from it with {@code changed} options and
     * parallelism: versions continue, and the resumed job serves the restored model (its first codes
     * carry the version whose snapshot was committed before the stop, and decode with it).
     */
    /**
     * Runs {@code sosae job <command>} (upgrade or rescale) on the running job, as a user would:
     * stop with a savepoint, start the jar from it with these options and parallelism.
     */
    private void resumesFromASavepoint(String name, String command, int before, int after, String... changed)
            throws Exception {
        KafkaSettings settings = platform.settings(name, 2);
        Map<String, SensorFrame> byId = new HashMap<>();
        List<SensorFrame> inputs = Scenarios.inputs(byId);
        int half = inputs.size() / 2;
        String first = rest.run(
                jarId, "io.sosae.jobs.job.CompressionJob", jobArgs(settings, "--promote-every", "400"), before, null);
        platform.produce(settings, inputs.subList(0, half).iterator());
        awaitCommittedCodes(settings, half, Duration.ofMinutes(3));
        List<String> overrides = new ArrayList<>(List.of("--promote-every", "400"));
        overrides.addAll(List.of(changed));
        List<String> cli = new ArrayList<>(List.of(
                "job",
                command,
                "--rest",
                cluster.restUrl(),
                "--job",
                first,
                "--jar",
                jar.toString(),
                "--parallelism",
                String.valueOf(after),
                "--"));
        cli.addAll(jobArgs(settings, overrides.toArray(String[]::new)));
        assertThat(io.sosae.tools.cli.SosaeCli.commandLine().execute(cli.toArray(String[]::new)))
                .as("sosae job %s", command)
                .isZero();
        assertThat(rest.state(first)).isEqualTo("FINISHED");
        String second = rest.jobs().stream()
                .filter(j -> j.state().equals("RUNNING") || j.state().equals("CREATED"))
                .map(FlinkRest.Job::id)
                .findFirst()
                .orElseThrow();
        // the resumed job has nothing new to read yet: what is committed now is what the first one left
        CommittedOutput beforeStop = CommittedOutput.read(platform, settings);
        Map<String, Long> versionsAtStop = beforeStop.assertSnapshotVersionsContiguous();
        try {
            platform.produce(settings, inputs.subList(half, inputs.size()).iterator());
            awaitCommittedCodes(settings, inputs.size(), Duration.ofMinutes(3));
        } finally {
            rest.cancel(second);
        }
        CommittedOutput out = CommittedOutput.read(platform, settings);
        out.assertExactlyOneCodePerInput(byId.keySet());
        Map<String, Long> versions = out.assertSnapshotVersionsContiguous();
        out.assertEveryCodeDecodes(byId, 1e-4);
        out.assertVersionsMonotonePerStream();
        for (String key : Scenarios.STREAMS) {
            long firstAfter = out.codes.stream()
                    .filter(c -> c.getStreamId().equals(key))
                    .filter(c -> !beforeStop.codes.contains(c))
                    .mapToLong(c -> c.getModelVersion())
                    .min()
                    .orElseThrow();
            assertThat(firstAfter)
                    .as("%s: the resumed job's first version is the one committed before the stop", key)
                    .isEqualTo(versionsAtStop.get(key));
            assertThat(versions.get(key))
                    .as("%s: versions go on after the resume", key)
                    .isGreaterThan(versionsAtStop.get(key));
        }
    }

    @Test
    void anUpgradeWithAChangedConfigurationResumesTheRestoredModels() throws Exception {
        resumesFromASavepoint("cluster-upgrade", "upgrade", 2, 2, "--batch-size", "16", "--max-wait", "50ms");
    }

    @Test
    void aRescaleFromOneToTwoMovesEveryKeysModel() throws Exception {
        resumesFromASavepoint("cluster-rescale", "rescale", 1, 2);
    }

    /** The image pipeline from the cluster entry point: --pipeline images on ImageFrames. */
    @Test
    void theImagePipelineRunsFromTheClusterEntryPoint() throws Exception {
        KafkaSettings settings = platform.settings("cluster-images", 1);
        java.util.Set<String> ids = new java.util.TreeSet<>();
        List<byte[]> values = new ArrayList<>();
        var serializer = new io.sosae.connectors.serde.ConfluentAvroSerializer<>(
                new io.sosae.connectors.registry.SchemaRegistryClient(platform.registry),
                io.sosae.schemas.ImageFrame.class);
        java.util.SplittableRandom random = new java.util.SplittableRandom(5);
        for (int seq = 0; seq < 400; seq++) {
            byte[] pixels = new byte[64];
            int bar = random.nextInt(8); // an 8x8 image with one bright column
            for (int row = 0; row < 8; row++) {
                pixels[row * 8 + bar] = (byte) 230;
            }
            io.sosae.schemas.ImageFrame f = io.sosae.schemas.ImageFrame.newBuilder()
                    .setStreamId("camera")
                    .setSeq(seq)
                    .setEventTime(java.time.Instant.ofEpochMilli(1_000L * seq))
                    .setWidth(8)
                    .setHeight(8)
                    .setChannels(1)
                    .setPixels(java.nio.ByteBuffer.wrap(pixels))
                    .build();
            values.add(serializer.serialize(settings.topics().sensorFrames(), f));
            ids.add(CommittedOutput.id("camera", seq));
        }
        platform.produceRaw(settings.topics().sensorFrames(), values);
        String job = rest.run(
                jarId,
                "io.sosae.jobs.job.CompressionJob",
                jobArgs(
                        settings,
                        "--pipeline",
                        "images",
                        "--image-shape",
                        "8x8x1",
                        "--input-dim",
                        "64",
                        "--capacity",
                        "16",
                        "--target-error",
                        "0",
                        "--promote-every",
                        "100"),
                1,
                null);
        try {
            awaitCommittedCodes(settings, ids.size(), Duration.ofMinutes(3));
        } finally {
            rest.cancel(job);
        }
        CommittedOutput out = CommittedOutput.read(platform, settings);
        out.assertExactlyOneCodePerInput(ids);
        assertThat(out.assertSnapshotVersionsContiguous().get("camera")).isGreaterThanOrEqualTo(3);
        assertThat(out.deadLetters).isEmpty();
        assertThat(out.codes).allSatisfy(c -> assertThat(c.getInputDim()).isEqualTo(64));
    }
}
