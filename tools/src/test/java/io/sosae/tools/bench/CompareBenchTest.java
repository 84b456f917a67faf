package io.sosae.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.jobs.config.CompressionConfig;
import io.sosae.model.core.Method;
import io.sosae.schemas.CodeEncoding;
import io.sosae.schemas.CompressedCode;
import java.nio.ByteBuffer;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** What the comparison holds fixed across methods, and how it averages its time series. */
class CompareBenchTest {

    @Test
    void everyMethodGetsTheSameSettingsButItsMethod() {
        RecordedStream s = RecordedStream.sensorSchedule(10);
        CompressionConfig sosae = CompareBench.config(s, Method.SOSAE);
        CompressionConfig pca = CompareBench.config(s, Method.PCA);
        assertThat(pca.method()).isEqualTo(Method.PCA);
        assertThat(pca.toBuilder().method(Method.SOSAE).build()).isEqualTo(sosae);
        assertThat(sosae.capacity()).isEqualTo(s.capacity());
        assertThat(s.frames()).hasSize(30);
        assertThat(s.dim()).isEqualTo(64);
    }

    @Test
    void timeSeriesAreMeansOverConsecutiveWindows() {
        List<CompressedCode> codes = new ArrayList<>();
        for (int i = 0; i < CompareBench.WINDOW + 10; i++) {
            codes.add(code(i, i < CompareBench.WINDOW ? 4 : 8));
        }
        List<double[]> points = CompareBench.windowed(codes, CompressedCode::getLength);
        assertThat(points).hasSize(2);
        assertThat(points.get(0)).containsExactly(CompareBench.WINDOW, 4.0);
        assertThat(points.get(1)).containsExactly(CompareBench.WINDOW + 10, 8.0);
    }

    private static CompressedCode code(long seq, int length) {
        return CompressedCode.newBuilder()
                .setStreamId("s")
                .setSeq(seq)
                .setEventTime(Instant.EPOCH)
                .setModelKey("s")
                .setModelVersion(1)
                .setMethod(io.sosae.schemas.Method.SOSAE)
                .setInputDim(8)
                .setLength(length)
                .setEncoding(CodeEncoding.FLOAT32)
                .setPayload(ByteBuffer.wrap(new byte[4 * length]))
                .setReconstructionError(0.1f)
                .build();
    }
}
