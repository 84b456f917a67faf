package io.sosae.connectors.deadletter;

import java.util.Objects;

import io.sosae.schemas.DeadLetterReason;

/** Why a decoded record is rejected. */
public record Violation(DeadLetterReason code, String reason) {

    public Violation {
        Objects.requireNonNull(code, "code");
        Objects.requireNonNull(reason, "reason");
    }
}
