package io.sosae.model.data;

import java.io.IOException;

/** Downloaded or cached bytes differ from the pinned or recorded SHA-256. */
public class DatasetChecksumException extends IOException {
    private static final long serialVersionUID = 1L;

    public DatasetChecksumException(String message) {
        super(message);
    }
}
