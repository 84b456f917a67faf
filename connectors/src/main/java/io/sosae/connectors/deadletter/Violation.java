package io.sosae.connectors.deadletter;

import io.sosae.schemas.DeadLetterReason;
import java.util.Objects;

/** Why a decoded record is rejected. */
public record Violation(DeadLetterReason code, String reason) {

    public Violation {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }
}
