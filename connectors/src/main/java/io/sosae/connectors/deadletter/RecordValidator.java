package io.sosae.connectors.deadletter;

import java.io.Serializable;
import java.util.Optional;

/** Checks a decoded record; a present Violation sends it to the dead-letter topic. */
@FunctionalInterface
public interface RecordValidator<T> extends Serializable {

    Optional<Violation> validate(T record);

    static <T> RecordValidator<T> acceptAll() {
        return record -> Optional.empty();
    }
}
