package io.sosae.tools.decode;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import io.sosae.jobs.operator.CodeRecords;
import io.sosae.model.codec.CodeEncoding;
import io.sosae.model.codec.CodePacker;
import io.sosae.model.core.AutoencoderConfig;
import io.sosae.model.core.Method;
import io.sosae.model.loss.Regularizer;
import io.sosae.model.stream.ContinualSosae;
import io.sosae.model.stream.EncodedBatch;
import io.sosae.model.stream.Promotion;
import io.sosae.model.stream.StreamOptions;
import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.SensorFrame;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class CodeDecoderTest {
    private static final int N = 16;

    @ParameterizedTest
    @EnumSource(CodeEncoding.class)
    void decodesCodesThroughTheirSnapshotsAsTheModelDoes(CodeEncoding encoding) {
        AutoencoderConfig cfg = AutoencoderConfig.builder(N, 12)
                .method(Method.SOSAE)
                .regularizer(new Regularizer.Push(1e-3, 0.05))
                .unitNormDecoder(true)
                .seed(2)
                .build();
        try (ContinualSosae model = ContinualSosae.create(cfg, StreamOptions.defaults(), Device.cpu())) {
            Promotion v1 = model.promotion();
            float[] batch = new float[4 * N];
            for (int i = 0; i < batch.length; i++) {
                batch[i] = (i % 7) / 7f;
            }
            EncodedBatch enc = model.encode(batch, 4);
            CodeDecoder decoder = new CodeDecoder();
            decoder.add(CodeRecords.snapshot("k", Method.SOSAE, v1, encoding, 0));
            for (int r = 0; r < 4; r++) {
                List<Float> values = new ArrayList<>();
                for (int j = 0; j < N; j++) {
                    values.add(batch[r * N + j]);
                }
                SensorFrame f = SensorFrame.newBuilder()
                        .setStreamId("s")
                        .setSeq(r)
                        .setEventTime(Instant.EPOCH)
                        .setValues(values)
                        .build();
                CodePacker.Packed packed = CodePacker.of(encoding, 0.02, v1.decoder())
                        .pack(enc.codes()[r], batch, r, enc.reconstructionErrors()[r]);
                CompressedCode code =
                        CodeRecords.code(f, "k", Method.SOSAE, v1.modelVersion(), packed.code(), packed.error());
                float[] y = decoder.decode(code);
                double err = 0;
                for (int j = 0; j < N; j++) {
                    err += Math.abs(y[j] - batch[r * N + j]);
                }
                // the error reported is the packed code's; quantisation moves it a little from the model's
                assertThat(err / N).isCloseTo(packed.error(), within(1e-6));
                assertThat(err / N)
                        .isCloseTo(
                                enc.reconstructionErrors()[r], within(encoding == CodeEncoding.FLOAT32 ? 1e-5 : 2e-2));
            }
        }
    }

    @Test
    void aCodeWithoutItsSnapshotIsAnErrorThatSaysWhatToRead() {
        CompressedCode orphan = CompressedCode.newBuilder()
                .setStreamId("s")
                .setSeq(1)
                .setEventTime(Instant.EPOCH)
                .setModelKey("k")
                .setModelVersion(9)
                .setMethod(io.sosae.schemas.Method.SOSAE)
                .setInputDim(N)
                .setLength(1)
                .setEncoding(io.sosae.schemas.CodeEncoding.FLOAT32)
                .setPayload(java.nio.ByteBuffer.wrap(new byte[4]))
                .build();
        assertThatThrownBy(() -> new CodeDecoder().decode(orphan))
                .hasMessageContaining("version 9")
                .hasMessageContaining("decoders topic");
    }

    @Test
    void writesAPngGrid(@TempDir Path dir) throws Exception {
        float[] a = new float[4];
        float[] b = {0, 0.5f, 1, 0.25f};
        ImageGrid.write(dir.resolve("g.png"), List.of(new float[][] {a, b}, new float[][] {null, b}), 2, 2);
        var img = javax.imageio.ImageIO.read(dir.resolve("g.png").toFile());
        assertThat(img.getWidth()).isEqualTo(2 * 2 * 3 + 3);
        assertThat(img.getHeight()).isEqualTo(2 * 2 * 3);
        assertThat(Files.size(dir.resolve("g.png"))).isPositive();
    }
}
