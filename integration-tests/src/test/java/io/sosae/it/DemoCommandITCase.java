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
 * registry and Flink, streams, reports and shuts down with exit status 0; with {@code --pushgateway}
 * its metrics reach a real Prometheus.
 */
class DemoCommandITCase {
    @Test
    void theDemoRunsEndToEndAndWritesItsReport(@TempDir Path out) throws Exception {
        try (LocalPrometheus prometheus = LocalPrometheus.start(out.resolve("prometheus"))) {
            int exit = SosaeCli.commandLine()
                    .execute(
                            "demo",
                            "--duration",
                            "PT25S",
                            "--rate",
                            "150",
                            "--device",
                            "cpu",
                            "--pushgateway",
                            prometheus.pushGatewayUrl(),
                            "--out",
                            out.toString());
            assertThat(exit).isZero();
            // the demo pushed its metrics while it ran (and deleted them when it stopped)
            assertThat(prometheus.query(
                            "max_over_time(flink_taskmanager_job_task_operator_modelKey_emittedLength[5m])"))
                    .as("the demo's per-key length as Prometheus scraped it")
                    .anySatisfy(
                            s -> assertThat(s.path("metric").path("modelKey").asText())
                                    .isEqualTo("sensor_1"));
        }
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
