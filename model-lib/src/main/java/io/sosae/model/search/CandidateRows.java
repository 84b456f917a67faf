package io.sosae.model.search;

import io.sosae.model.data.Dataset;

/**
 * The rows a hidden-size search trains its candidates on and compares them with: row-major
 * float32, {@code trainRows} and {@code validationRows} rows of the same width.
 */
public record CandidateRows(float[] train, int trainRows, float[] validation, int validationRows) {

    /** From data sets (values() copies: taken once here). */
    public static CandidateRows of(Dataset train, Dataset validation) {
        return new CandidateRows(train.values(), train.size(), validation.values(), validation.size());
    }
}
