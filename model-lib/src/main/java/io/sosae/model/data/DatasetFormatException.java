package io.sosae.model.data;

import java.io.IOException;

/** A data file exists but does not have the expected layout (bad magic, sizes, values). */
public class DatasetFormatException extends IOException {
    private static final long serialVersionUID = 1L;

    public DatasetFormatException(String message) {
        super(message);
    }

    public DatasetFormatException(String message, Throwable cause) {
        super(message, cause);
    }
}
