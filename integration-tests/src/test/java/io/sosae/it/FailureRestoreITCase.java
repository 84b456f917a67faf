package io.sosae.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.connectors.deadletter.RawKafkaRecord;
import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.jobs.config.CompressionConfig;
import io.sosae.jobs.job.CompressionJob;
import io.sosae.jobs.job.CompressionStreams;
import io.sosae.jobs.job.Sinks;
import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.SensorFrame;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import org.apache.flink.api.common.eventtime.WatermarkStrategy;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.functions.RichMapFunction;
import org.apache.flink.api.common.state.CheckpointListener;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.MemorySize;
import org.apache.flink.configuration.RestartStrategyOptions;
import org.apache.flink.configuration.TaskManagerOptions;
import org.apache.flink.connector.base.DeliveryGuarantee;
import org.apache.flink.streaming.api.datastream.DataStream;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * A failure mid-stream: after some checkpoints a map between the compressor and the codes sink
 * throws once; Flink restarts the job (fixed-delay) from the last checkpoint. Committed output must
 * still hold exactly one code per input, model versions must continue from the checkpointed model
 * (no second version 1, no version committed twice), and no committed code may lack its committed
 * snapshot.
 */
class FailureRestoreITCase extends EmbeddedPlatformITCase {

    private static final AtomicBoolean FAILED = new AtomicBoolean();
    private static final AtomicLong VERSION_AT_FAILURE = new AtomicLong();

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
        public CompressedCode map(CompressedCode code) {
            codes++;
            if (codes >= afterCodes && checkpoints >= 1 && FAILED.compareAndSet(false, true)) {
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

    @Test
    void afterARestoreEachInputHasOneCommittedCodeAndVersionsContinue() throws Exception {
        FAILED.set(false);
        KafkaSettings settings = platform.settings("failure-it", 2);
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
        StreamExecutionEnvironment env = EmbeddedPlatform.environment("failure-it", conf);
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
        env.execute("failure-it");
        System.out.printf("failure job: %d frames in %.1f s%n", produced, (System.nanoTime() - start) / 1e9);

        assertThat(FAILED).as("the failure was injected").isTrue();
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
