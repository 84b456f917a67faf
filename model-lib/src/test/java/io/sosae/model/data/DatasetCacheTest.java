package io.sosae.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class DatasetCacheTest {
    @TempDir
    Path dir;

    @Test
    void commitWritesASha256sumManifestAndReuseVerifiesIt() throws IOException {
        DatasetCache cache = new DatasetCache(dir);
        assertThat(cache.verified("toy")).isEmpty();

        Path staging = cache.stage("toy");
        Files.writeString(staging.resolve("a.txt"), "abc");
        Files.createDirectories(staging.resolve("sub"));
        Files.writeString(staging.resolve("sub/b.txt"), "");
        Path committed = cache.commit("toy", staging);

        assertThat(committed).isEqualTo(dir.resolve("toy"));
        assertThat(staging).doesNotExist();
        assertThat(Files.readAllLines(committed.resolve(DatasetCache.MANIFEST)))
                .containsExactly(
                        "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad  a.txt",
                        "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855  sub/b.txt");
        assertThat(cache.verified("toy")).contains(committed);
    }

    @Test
    void reuseFailsClearlyOnChangedOrMissingFiles() throws IOException {
        DatasetCache cache = new DatasetCache(dir);
        Path staging = cache.stage("toy");
        Files.writeString(staging.resolve("a.txt"), "abc");
        Path committed = cache.commit("toy", staging);

        Files.writeString(committed.resolve("a.txt"), "abd");
        assertThatThrownBy(() -> cache.verified("toy"))
                .isInstanceOf(DatasetChecksumException.class)
                .hasMessageContaining("cached toy is corrupt")
                .hasMessageContaining("a.txt has SHA-256")
                .hasMessageContaining("Delete " + committed);

        Files.delete(committed.resolve("a.txt"));
        assertThatThrownBy(() -> cache.verified("toy"))
                .isInstanceOf(DatasetChecksumException.class)
                .hasMessageContaining("a.txt is listed in SHA256SUMS but missing");
    }

    @Test
    void leftoverFolderWithoutManifestIsReplaced() throws IOException {
        DatasetCache cache = new DatasetCache(dir);
        Files.createDirectories(dir.resolve("toy"));
        Files.writeString(dir.resolve("toy/partial"), "x");

        Path staging = cache.stage("toy");
        Files.writeString(staging.resolve("a.txt"), "abc");
        cache.commit("toy", staging);

        assertThat(dir.resolve("toy/partial")).doesNotExist();
        assertThat(cache.verified("toy")).isPresent();
    }

    @Test
    void rootComesFromTheEnvironmentOrHome() {
        assertThat(DatasetCache.defaultRoot(Map.of(DatasetCache.ENV_VAR, "/data/x"), "/home/u"))
                .isEqualTo(Path.of("/data/x"));
        assertThat(DatasetCache.defaultRoot(Map.of(), "/home/u")).isEqualTo(Path.of("/home/u/.cache/sosae/datasets"));
    }

    @Test
    void rejectsOddNames() {
        DatasetCache cache = new DatasetCache(dir);

        assertThatThrownBy(() -> cache.directory("../etc")).hasMessageContaining("data set name must match");
    }
}
