package io.sosae.model.eval;

import java.util.List;
import java.util.Map;

/**
 * One method, one seed, evaluated the paper's way (field names are the report's JSON keys).
 *
 * @param compressedLength stored code length: the active length L for SOSAE, the capacity else
 * @param activeUnits units with non-negligible energy (L may overstate the width in use)
 * @param accuracy probe accuracy on full test codes
 * @param accuracyAtCompressedLength the same probe on test codes cut to SOSAE's length of this
 *     seed (for SOSAE: its own L), tail zeroed
 * @param flopsUsagePercent share of a dense downstream layer's multiply-adds the codes need:
 *     L/d for truncated codes, the mean share of non-zero entries otherwise (sparse inference)
 * @param codeMemoryBytes float32 bytes to store the codes of the whole data set at compressedLength
 * @param truncationCurve accuracy at truncated lengths, as [length, accuracy] pairs (Fig. 3)
 */
public record MethodResult(
        String name,
        String method,
        int capacity,
        long seed,
        int compressedLength,
        int activeUnits,
        double accuracy,
        double accuracyAtCompressedLength,
        double flopsUsagePercent,
        long codeMemoryBytes,
        double reconstructionError,
        double truncatedReconstructionError,
        double trainSeconds,
        List<double[]> truncationCurve,
        Map<String, Object> hyperparameters) {}
