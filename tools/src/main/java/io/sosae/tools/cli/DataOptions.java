package io.sosae.tools.cli;

import io.sosae.model.data.DatasetCache;
import io.sosae.model.data.DatasetFetcher;
import io.sosae.model.data.DatasetSplit;
import java.io.IOException;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/** Shared options: which data set, and where the cache lives. */
final class DataOptions {
    @Option(
            names = "--dataset",
            defaultValue = "mnist",
            description =
                    "mnist (10,000 real digits, fixed 8,000/2,000 split) or fashion-mnist (60,000/10,000). Default: ${DEFAULT-VALUE}.")
    String dataset;

    @Option(names = "--data-dir", description = "Data set cache (default: $SOSAE_DATA_DIR or ~/.cache/sosae/datasets).")
    Path dataDir;

    DatasetFetcher fetcher() {
        return dataDir == null
                ? DatasetFetcher.defaults()
                : DatasetFetcher.builder().cache(new DatasetCache(dataDir)).build();
    }

    DatasetSplit load() throws IOException {
        DatasetFetcher f = fetcher();
        return switch (dataset) {
            case DatasetFetcher.MNIST -> f.mnist();
            case DatasetFetcher.FASHION_MNIST -> f.fashionMnist();
            default -> throw new IllegalArgumentException(
                    "unknown --dataset '" + dataset + "': use mnist or fashion-mnist");
        };
    }
}
