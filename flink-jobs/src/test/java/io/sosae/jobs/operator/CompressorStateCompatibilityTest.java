package io.sosae.jobs.operator;

import static io.sosae.jobs.operator.CompressorFunctionTest.BATCH;
import static io.sosae.jobs.operator.CompressorFunctionTest.PROMOTE_EVERY;
import static io.sosae.jobs.operator.CompressorFunctionTest.codes;
import static io.sosae.jobs.operator.CompressorFunctionTest.harness;
import static io.sosae.jobs.operator.CompressorFunctionTest.snapshots;
import static io.sosae.jobs.operator.CompressorFunctionTest.stream;
import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.jobs.operator.OrderedOutput.Emitted;
import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.DecoderSnapshot;
import io.sosae.schemas.SensorFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Iterator;
import java.util.List;
import org.apache.flink.runtime.checkpoint.OperatorSubtaskState;
import org.apache.flink.streaming.util.OperatorSnapshotUtil;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfSystemProperty;

/**
 * State compatibility of the compressor, the way flink-connector-kafka tests its migrations: a
 * snapshot written by an earlier build is committed under src/test/resources/state and every
 * build must restore it. Changing the operator's state (the model blob format, the pending-frame
 * buffer, their serializers) without a migration breaks this test.
 *
 * <p>To add a snapshot for a new format version, run once with {@code
 * -Dsosae.writeStateSnapshots=true} and commit the new file beside the old ones.
 */
class CompressorStateCompatibilityTest {
    private static final Path SNAPSHOT = Path.of("src/test/resources/state/sosae-compressor-0.1.snapshot");

    /** What the committed snapshot holds: serving version 3, six frames pending. */
    private static List<SensorFrame> snapshotInput() {
        Iterator<SensorFrame> a = stream("a");
        List<SensorFrame> frames = new java.util.ArrayList<>();
        for (int i = 0; i < 2 * PROMOTE_EVERY + 6; i++) {
            frames.add(a.next());
        }
        return frames;
    }

    @Test
    @EnabledIfSystemProperty(named = "sosae.writeStateSnapshots", matches = "true")
    void writeSnapshot() throws Exception {
        List<Emitted> events = OrderedOutput.newList();
        try (CompressorFunctionTest.Harness h = harness(events, null)) {
            for (SensorFrame f : snapshotInput()) {
                h.process(f);
            }
            OperatorSubtaskState state = h.h().snapshot(1L, 0L);
            Files.createDirectories(SNAPSHOT.getParent());
            OperatorSnapshotUtil.writeStateHandle(state, SNAPSHOT.toString());
        }
    }

    @Test
    void restoresTheCommittedSnapshotAndContinuesItsVersions() throws Exception {
        assertThat(SNAPSHOT).as("committed state snapshot").exists();
        OperatorSubtaskState state = OperatorSnapshotUtil.readStateHandle(SNAPSHOT.toString());
        List<Emitted> after = OrderedOutput.newList();
        Iterator<SensorFrame> a = stream("a");
        for (int i = 0; i < 2 * PROMOTE_EVERY + 6; i++) {
            a.next(); // the frames the snapshot already saw
        }
        try (CompressorFunctionTest.Harness h = harness(after, state)) {
            h.h().setProcessingTime(1_000); // the restored timer flushes the six pending frames
            assertThat(codes(after))
                    .extracting(CompressedCode::getSeq)
                    .containsExactly(128L, 129L, 130L, 131L, 132L, 133L);
            assertThat(codes(after))
                    .allSatisfy(c -> assertThat(c.getModelVersion()).isEqualTo(3));
            for (int i = 0; i < PROMOTE_EVERY + BATCH; i++) {
                h.process(a.next());
            }
            h.endOfInput();
        }
        assertThat(snapshots(after))
                .extracting(DecoderSnapshot::getModelVersion)
                .containsExactly(4L);
        for (CompressedCode c : codes(after)) {
            assertThat(c.getModelVersion()).isBetween(3L, 4L);
        }
    }
}
