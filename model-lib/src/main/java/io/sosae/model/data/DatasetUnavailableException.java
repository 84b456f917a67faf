package io.sosae.model.data;

import java.io.IOException;

/** A data set cannot be obtained here; the message says what to install or run. */
public class DatasetUnavailableException extends IOException {
    private static final long serialVersionUID = 1L;

    public DatasetUnavailableException(String message) {
        super(message);
    }

    public DatasetUnavailableException(String message, Throwable cause) {
        super(message, cause);
    }
}
