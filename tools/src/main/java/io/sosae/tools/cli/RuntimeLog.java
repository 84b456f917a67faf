package io.sosae.tools.cli;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.LogManager;
import org.apache.logging.log4j.core.LoggerContext;

/**
 * Sends the embedded runtime's log (Kafka, Flink, Apicurio: WARN and above; the project's own
 * loggers: INFO) to a file instead of the console, where it would break up the live progress
 * lines; only ERROR still reaches the console. The routing itself is in log4j2.xml, keyed on the
 * system property {@value #PROPERTY}; this sets the property and reloads the configuration.
 */
final class RuntimeLog {
    static final String PROPERTY = "sosae.runtime.log";

    private RuntimeLog() {}

    /** Routes the runtime's log to {@code file} (created with its directory on the first line logged) and returns it. */
    static Path to(Path file) throws IOException {
        Path abs = file.toAbsolutePath();
        Files.createDirectories(abs.getParent());
        System.setProperty(PROPERTY, abs.toString());
        if (LogManager.getContext(false) instanceof LoggerContext ctx) {
            ctx.reconfigure();
        }
        return abs;
    }
}
