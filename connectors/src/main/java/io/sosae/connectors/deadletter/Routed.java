package io.sosae.connectors.deadletter;

import io.sosae.schemas.DeadLetter;

/** The outcome of routing one raw record: a decoded, valid value or a dead letter. */
public sealed interface Routed<T> permits Routed.Accepted, Routed.Rejected {

    record Accepted<T>(T value) implements Routed<T> {}

    record Rejected<T>(DeadLetter deadLetter) implements Routed<T> {}
}
