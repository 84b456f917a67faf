package io.sosae.connectors.registry;

/**
 * The registry answered with an error (httpStatus > 0, errorCode from its JSON body when present),
 * or could not be reached at all after the configured retries (httpStatus 0).
 */
public class RegistryException extends RuntimeException {

    private static final long serialVersionUID = 1L;

    private final int httpStatus;
    private final int errorCode;

    public RegistryException(String message, int httpStatus, int errorCode, Throwable cause) {
        super(message, cause);
        this.httpStatus = httpStatus;
        this.errorCode = errorCode;
    }

    public int httpStatus() {
        return httpStatus;
    }

    /** Confluent error code, e.g. 40401 subject not found, 40403 schema not found; -1 if none. */
    public int errorCode() {
        return errorCode;
    }

    /** True when the registry says the subject, version or schema does not exist. */
    public boolean isNotFound() {
        return httpStatus == 404;
    }
}
