package io.sosae.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sosae.tools.cli.SosaeCli;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The README's main command, as a user runs it (shorter): {@code sosae demo} starts its own broker,
 * registry and Flink, streams, reports and shuts down with exit status 0.
 */
class DemoCommandITCase {
    @Test
    void theDemoRunsEndToEndAndWritesItsReport(@TempDir Path out) throws Exception {
        int exit = SosaeCli.commandLine()
                .execute("demo", "--duration", "PT25S", "--rate", "150", "--device", "cpu", "--out", out.toString());
        assertThat(exit).isZero();
        assertThat(Files.readString(out.resolve("index.html"))).contains("<svg").contains("Emitted code length");
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("produced").asLong()).isGreaterThan(1000);
        assertThat(summary.get("codes").asLong())
                .isGreaterThan(0)
                .isLessThanOrEqualTo(summary.get("produced").asLong());
        assertThat(summary.get("deadLetters").asLong()).isZero();
    }
}
