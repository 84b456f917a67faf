package io.sosae.jobs.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sosae.jobs.config.CompressionConfig;
import io.sosae.jobs.job.CompressionJob;
import io.sosae.schemas.ImageFrame;
import io.sosae.schemas.SensorFrame;
import java.nio.ByteBuffer;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ImageToFrameTest {
    @Test
    void pixelsBecomeValuesInTheUnitIntervalAndMetadataPassesThrough() {
        ImageFrame img = ImageFrame.newBuilder()
                .setStreamId("img")
                .setSeq(7)
                .setEventTime(Instant.ofEpochMilli(5))
                .setWidth(2)
                .setHeight(2)
                .setChannels(1)
                .setPixels(ByteBuffer.wrap(new byte[] {0, (byte) 255, (byte) 128, 1}))
                .setLabel(3)
                .build();
        SensorFrame f = new ImageToFrame().map(img);
        assertThat(f.getValues()).containsExactly(0f, 1f, 128f / 255f, 1f / 255f);
        assertThat(f.getStreamId()).isEqualTo("img");
        assertThat(f.getSeq()).isEqualTo(7);
        assertThat(f.getLabel()).isEqualTo(3);
    }

    @Test
    void theImagePipelineRefusesAModelOfTheWrongSize() {
        var env = org.apache.flink.streaming.api.environment.StreamExecutionEnvironment.getExecutionEnvironment();
        var raw = env.fromData(new io.sosae.connectors.deadletter.RawKafkaRecord("t", 0, 0, 0, null, new byte[0]));
        assertThatThrownBy(() -> CompressionJob.compressImages(
                        raw,
                        io.sosae.connectors.registry.RegistryConfig.of("http://127.0.0.1:1"),
                        CompressionConfig.builder(64).build(),
                        28,
                        28,
                        1))
                .hasMessageContaining("784 values")
                .hasMessageContaining("inputDim is 64");
    }
}
