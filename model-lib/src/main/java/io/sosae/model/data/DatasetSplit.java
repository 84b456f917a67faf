package io.sosae.model.data;

import java.util.Objects;

/** A train and a test part of one data set. */
public record DatasetSplit(Dataset train, Dataset test) {
    public DatasetSplit {
        Objects.requireNonNull(train, "train");
        Objects.requireNonNull(test, "test");
        if (train.dim() != test.dim()) {
            throw new IllegalArgumentException("train has dim " + train.dim() + ", test has dim " + test.dim());
        }
    }
}
