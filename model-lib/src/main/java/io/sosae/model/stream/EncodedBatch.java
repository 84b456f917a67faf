package io.sosae.model.stream;

/**
 * Codes of a batch from the serving model, each truncated to the serving version's length.
 *
 * @param codes one array of {@code length} values per input row
 * @param reconstructionErrors mean absolute error of each row reconstructed from its truncated code
 */
public record EncodedBatch(long modelVersion, int length, float[][] codes, float[] reconstructionErrors) {}
