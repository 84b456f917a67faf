package io.sosae.connectors.deadletter;

import io.sosae.schemas.DeadLetterReason;
import io.sosae.schemas.SensorFrame;
import java.util.List;
import java.util.Optional;

/**
 * Rejects sensor frames a model cannot take: no values, more than maxValues, a dimension other
 * than the expected one (when set), NaN or infinite values, channel names that do not match.
 */
public final class SensorFrameValidator implements RecordValidator<SensorFrame> {

    private static final long serialVersionUID = 1L;

    private final int expectedDimension;
    private final int maxValues;

    private SensorFrameValidator(int expectedDimension, int maxValues) {
        this.expectedDimension = expectedDimension;
        this.maxValues = maxValues;
    }

    /** Any dimension up to maxValues. */
    public static SensorFrameValidator anyDimension(int maxValues) {
        return new SensorFrameValidator(0, positive(maxValues, "maxValues"));
    }

    /** Exactly expectedDimension values; larger frames (up to maxValues) are WRONG_DIMENSION, beyond OVERSIZED. */
    public static SensorFrameValidator exactDimension(int expectedDimension, int maxValues) {
        positive(expectedDimension, "expectedDimension");
        if (maxValues < expectedDimension) {
            throw new IllegalArgumentException("maxValues " + maxValues + " < expectedDimension " + expectedDimension);
        }
        return new SensorFrameValidator(expectedDimension, maxValues);
    }

    // Checks run from the most basic to the most specific, so a frame gets the first reason that fits.
    @Override
    public Optional<Violation> validate(SensorFrame frame) {
        List<Float> values = frame.getValues();
        if (values == null || values.isEmpty()) {
            return violation(DeadLetterReason.EMPTY, "SensorFrame has no values");
        }
        if (values.size() > maxValues) {
            return violation(
                    DeadLetterReason.OVERSIZED,
                    "SensorFrame has " + values.size() + " values, more than the limit " + maxValues);
        }
        if (expectedDimension > 0 && values.size() != expectedDimension) {
            return violation(
                    DeadLetterReason.WRONG_DIMENSION,
                    "SensorFrame has " + values.size() + " values, expected " + expectedDimension);
        }
        for (int i = 0; i < values.size(); i++) {
            Float v = values.get(i);
            if (v == null || !Float.isFinite(v)) {
                return violation(DeadLetterReason.NON_FINITE, "SensorFrame value " + i + " is " + v);
            }
        }
        List<String> names = frame.getChannelNames();
        if (names != null && names.size() != values.size()) {
            return violation(
                    DeadLetterReason.INVALID, names.size() + " channel names for " + values.size() + " values");
        }
        if (frame.getStreamId() == null || frame.getStreamId().isBlank()) {
            return violation(DeadLetterReason.INVALID, "SensorFrame has a blank streamId");
        }
        return Optional.empty();
    }

    private static Optional<Violation> violation(DeadLetterReason code, String reason) {
        return Optional.of(new Violation(code, reason));
    }

    private static int positive(int n, String name) {
        if (n < 1) {
            throw new IllegalArgumentException(name + " must be >= 1, got " + n);
        }
        return n;
    }
}
