package io.sosae.model.data;

import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

/** Runs an external program (npm, apt-get, dpkg); a seam so tests need neither. */
@FunctionalInterface
public interface CommandRunner {

    /**
     * Runs {@code command} in {@code workingDirectory} and waits for it.
     *
     * @throws IOException if the program cannot be started (not installed) or exceeds the timeout
     */
    CommandResult run(List<String> command, Path workingDirectory, Duration timeout) throws IOException;

    /** Runs real processes. */
    static CommandRunner processes() {
        return new ProcessCommandRunner();
    }
}
