package io.sosae.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class IdxReaderTest {
    @TempDir
    Path dir;

    private static final byte[] PIXELS = {0, (byte) 255, 51, (byte) 204, 1, 2, 3, 4, 5, 6, 7, 8};

    @ParameterizedTest
    @ValueSource(strings = {"", ".gz"})
    void readsImagesAndLabelsPlainOrGzipped(String suffix) throws IOException {
        Path images = IdxTestFiles.writeImages(dir.resolve("img" + suffix), 3, 2, 2, PIXELS);
        Path labels = IdxTestFiles.writeLabels(dir.resolve("lab" + suffix), new byte[] {7, 0, (byte) 200});

        Dataset data = IdxReader.read("tiny", images, labels);

        assertThat(data.size()).isEqualTo(3);
        assertThat(data.dim()).isEqualTo(4);
        assertThat(data.row(0)).containsExactly(0f, 1f, 0.2f, 0.8f);
        assertThat(data.labels()).containsExactly(7, 0, 200);
        assertThat(IdxReader.readImages(images).rows()).isEqualTo(2);
    }

    @Test
    void gzipIsDetectedFromContentNotName() throws IOException {
        Path gzNamedPlain = dir.resolve("plain.bin");
        IdxTestFiles.writeImages(dir.resolve("x.gz"), 3, 2, 2, PIXELS);
        java.nio.file.Files.move(dir.resolve("x.gz"), gzNamedPlain);

        assertThat(IdxReader.readImages(gzNamedPlain).count()).isEqualTo(3);
    }

    @Test
    void rejectsLabelsFileReadAsImages() throws IOException {
        Path labels = IdxTestFiles.writeLabels(dir.resolve("lab"), new byte[] {1, 2});

        assertThatThrownBy(() -> IdxReader.readImages(labels))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("bad IDX magic 0x00000801, expected 0x00000803");
    }

    @Test
    void rejectsTruncatedData() throws IOException {
        Path images = IdxTestFiles.writeImages(dir.resolve("img.gz"), 4, 2, 2, PIXELS);

        assertThatThrownBy(() -> IdxReader.readImages(images))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("size mismatch")
                .hasMessageContaining("4 images of 2x2")
                .hasMessageContaining("only 12");
    }

    @Test
    void rejectsTrailingData() throws IOException {
        Path labels = IdxTestFiles.writeLabels(dir.resolve("lab"), new byte[] {1, 2, 3});
        byte[] content = java.nio.file.Files.readAllBytes(labels);
        java.nio.file.Files.write(labels, java.util.Arrays.copyOf(content, content.length + 1));

        assertThatThrownBy(() -> IdxReader.readLabels(labels))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("more data follows");
    }

    @Test
    void rejectsCountMismatchAndShortHeaders() throws IOException {
        Path images = IdxTestFiles.writeImages(dir.resolve("img"), 3, 2, 2, PIXELS);
        Path labels = IdxTestFiles.writeLabels(dir.resolve("lab"), new byte[] {1, 2});
        Path empty = IdxTestFiles.write(dir.resolve("empty"), new byte[] {0, 0});

        assertThatThrownBy(() -> IdxReader.read("x", images, labels))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("3 images but")
                .hasMessageContaining("2 labels");
        assertThatThrownBy(() -> IdxReader.readLabels(empty)).hasMessageContaining("too short for an IDX header");
        assertThatThrownBy(() -> IdxReader.readLabels(dir.resolve("nope"))).isInstanceOf(NoSuchFileException.class);
    }

    @Test
    void rejectsNonPositiveDimensions() throws IOException {
        Path images = IdxTestFiles.writeImages(dir.resolve("img"), 0, 2, 2, new byte[0]);

        assertThatThrownBy(() -> IdxReader.readImages(images)).hasMessageContaining("image count must be positive");
    }
}
