package io.sosae.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.connectors.deadletter.RawKafkaRecord;
import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.jobs.config.CompressionConfig;
import io.sosae.jobs.job.CompressionJob;
import io.sosae.jobs.job.CompressionStreams;
import io.sosae.jobs.job.KeyedStateBackend;
import io.sosae.jobs.job.Sinks;
import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.SensorFrame;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.stream.Stream;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * A failure mid-stream: after some checkpoints a map between the compressor and the codes sink
 * throws once; Flink restarts the job (fixed-delay) from the last checkpoint. Committed output must
 * still hold exactly one code per input, model versions must continue from the checkpointed model
 * (no second version 1, no version committed twice), and no committed code may lack its committed
 * snapshot. Run with the heap and with the RocksDB state backend.
 */
class FailureRestoreITCase extends EmbeddedPlatformITCase {

    private static final AtomicBoolean FAILED = new AtomicBoolean();
    private static final AtomicLong VERSION_AT_FAILURE = new AtomicLong();
    /** Files in the checkpoints' shared/ directory when the failure was injected (-1: none looked). */
    private static final AtomicLong SHARED_FILES_AT_FAILURE = new AtomicLong(-1);

    private static volatile Path checkpoints;

    /** Throws once, the first time a subtask has passed on enough codes and seen a completed checkpoint. */
    static final class FailOnce extends RichMapFunction<CompressedCode, CompressedCode> implements CheckpointListener {
        private static final long serialVersionUID = 1L;
        private final long afterCodes;
        private transient long codes;
        private transient int checkpoints;

        FailOnce(long afterCodes) {
            this.afterCodes = afterCodes;
        }

        @Override
        public void open(OpenContext openContext) {
            codes = 0;
            checkpoints = 0;
        }

        @Override
        public CompressedCode map(CompressedCode code) throws InterruptedException {
            codes++;
            if (codes >= afterCodes && checkpoints == 0 && !FAILED.get()) {
                // hold the stream back until a checkpoint completes: a fast job would otherwise finish
                // its bounded input before the first one, and there would be nothing to restore
                Thread.sleep(5);
            }
            if (codes >= afterCodes && checkpoints >= 1 && FAILED.compareAndSet(false, true)) {
                SHARED_FILES_AT_FAILURE.set(sharedFiles(FailureRestoreITCase.checkpoints));
                VERSION_AT_FAILURE.set(code.getModelVersion());
                throw new IllegalStateException("injected failure at code " + code.getStreamId() + "/" + code.getSeq()
                        + " (model version " + code.getModelVersion() + ")");
            }
            return code;
        }

        @Override
        public void notifyCheckpointComplete(long checkpointId) {
            checkpoints++;
        }
    }

    /** Files under {@code <job>/shared} of a checkpoint directory: where incremental checkpoints keep theirs. */
    static long sharedFiles(Path dir) {
        try (Stream<Path> files = Files.walk(dir)) {
            return files.filter(Files::isRegularFile)
                    .filter(f -> {
                        for (Path part : dir.relativize(f)) {
                            if (part.toString().equals("shared")) {
                                return true;
                            }
                        }
                        return false;
                    })
                    .count();
        } catch (IOException | RuntimeException e) {
            throw new IllegalStateException("cannot list checkpoints under " + dir, e);
        }
    }

    /**
     * Both keyed state backends the job supports: the heap (full checkpoints) and RocksDB
     * (incremental checkpoints, which must leave shared files behind: the backend really is in use).
     */
    @ParameterizedTest
    @EnumSource(KeyedStateBackend.class)
    void afterARestoreEachInputHasOneCommittedCodeAndVersionsContinue(KeyedStateBackend backend) throws Exception {
        FAILED.set(false);
        SHARED_FILES_AT_FAILURE.set(-1);
        String name = "failure-it-" + backend.flinkName();
        KafkaSettings settings = platform.settings(name, 2);
        Map<String, SensorFrame> byId = new HashMap<>();
        long produced =
                platform.produce(settings, CompressionJobITCase.inputs(byId).iterator());

        Configuration conf = new Configuration();
        conf.set(RestartStrategyOptions.RESTART_STRATEGY, "fixed-delay");
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_ATTEMPTS, 2);
        conf.set(RestartStrategyOptions.RESTART_STRATEGY_FIXED_DELAY_DELAY, Duration.ofMillis(500));
        // Small network buffers: the source reads the whole input at once, and with 32 KiB buffers
        // the compressor's backlog holds every checkpoint barrier (aligned checkpoints) until the
        // input is nearly done. 4 KiB buffers let checkpoints complete mid-stream.
        conf.set(TaskManagerOptions.MEMORY_SEGMENT_SIZE, MemorySize.parse("4kb"));
        backend.configure(conf);
        checkpoints = Files.createTempDirectory(Path.of("target"), name).toAbsolutePath();
        conf.set(CheckpointingOptions.CHECKPOINTS_DIRECTORY, checkpoints.toUri().toString());
        conf.set(CheckpointingOptions.FS_SMALL_FILE_THRESHOLD, MemorySize.ZERO); // every state file on disk
        StreamExecutionEnvironment env = EmbeddedPlatform.environment(name, conf);
        env.setParallelism(2);
        env.enableCheckpointing(500);

        CompressionConfig config =
                CompressionJobITCase.config().toBuilder().promoteEvery(300).build();
        DataStream<RawKafkaRecord> raw = env.fromSource(
                        platform.boundedSource(settings), WatermarkStrategy.noWatermarks(), "raw frames")
                .uid(CompressionJob.Uids.RAW_SOURCE);
        CompressionStreams job = CompressionJob.compress(raw, platform.registry, config);
        DataStream<CompressedCode> failing = job.codes()
                .map(new FailOnce(produced / 4), TypeInformation.of(CompressedCode.class))
                .uid("fail-once");
        new CompressionStreams(
                        failing,
                        job.decoders(),
                        job.lengthReports(),
                        job.deadLetters(),
                        job.driftAlerts(),
                        job.uidPrefix())
                .sinkTo(Sinks.kafka(settings, platform.registry, DeliveryGuarantee.EXACTLY_ONCE));
        long start = System.nanoTime();
        env.execute(name);
        System.out.printf(
                "failure job (%s): %d frames in %.1f s; %d shared checkpoint files at the failure%n",
                backend.flinkName(), produced, (System.nanoTime() - start) / 1e9, SHARED_FILES_AT_FAILURE.get());

        assertThat(FAILED).as("the failure was injected").isTrue();
        if (backend == KeyedStateBackend.ROCKSDB) {
            assertThat(SHARED_FILES_AT_FAILURE.get())
                    .as("RocksDB's incremental checkpoints keep their files in shared/")
                    .isPositive();
        } else {
            assertThat(SHARED_FILES_AT_FAILURE.get())
                    .as("full checkpoints share no files")
                    .isZero();
        }
        CommittedOutput out = CommittedOutput.read(platform, settings);
        out.assertExactlyOneCodePerInput(byId.keySet());
        assertThat(out.deadLetters).isEmpty();
        Map<String, Long> maxVersion = out.assertSnapshotVersionsContiguous();
        assertThat(maxVersion.values().stream().mapToLong(Long::longValue).max().orElseThrow())
                .as("versions continue past the one serving at the failure")
                .isGreaterThan(VERSION_AT_FAILURE.get());
        out.assertReportsMatchSnapshots();
        out.assertVersionsMonotonePerStream();
        out.assertEveryCodeDecodes(byId, 1e-4);

        List<CompressedCode> uncommitted =
                platform.read(settings.topics().codes(), CompressedCode.class, "read_uncommitted");
        System.out.printf(
                "codes: %d committed, %d in the log including aborted transactions; failed at version %d; "
                        + "max versions %s%n",
                out.codes.size(), uncommitted.size(), VERSION_AT_FAILURE.get(), maxVersion);
        assertThat(uncommitted.size()).isGreaterThanOrEqualTo(out.codes.size());
    }
}
