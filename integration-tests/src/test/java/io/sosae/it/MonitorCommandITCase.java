package io.sosae.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.connectors.generator.SensorStreamSimulator;
import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.jobs.config.CompressionConfig;
import io.sosae.jobs.config.CompressionOptions;
import io.sosae.schemas.LengthReport;
import io.sosae.schemas.SensorFrame;
import io.sosae.tools.cli.SosaeCli;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code sosae monitor} on what the job committed: a stream whose complexity steps up (4 -> 16)
 * and a steady one; the view shows each key's latest version and length, and the stepping key's
 * drift alert.
 */
class MonitorCommandITCase extends EmbeddedPlatformITCase {

    @Test
    void showsEveryKeysLatestVersionLengthAndDriftAlerts() throws Exception {
        KafkaSettings settings = platform.settings("monitor-it", 2);
        List<Iterator<SensorFrame>> sims = List.of(
                SensorStreamSimulator.builder()
                        .streamId("stepping")
                        .channels(32)
                        .schedule("4:1500,16:1500")
                        .seed(3)
                        .build()
                        .frames(),
                SensorStreamSimulator.builder()
                        .streamId("steady")
                        .channels(32)
                        .schedule("4:3000")
                        .seed(4)
                        .build()
                        .frames());
        List<SensorFrame> frames = new ArrayList<>();
        for (int i = 0; i < 3000; i++) {
            sims.forEach(s -> frames.add(s.next()));
        }
        platform.produce(settings, frames.iterator());
        CompressionConfig config = CompressionConfig.builder(32)
                .capacity(32)
                .device("cpu")
                .batchSize(32)
                .maxWait(Duration.ofMillis(100))
                .promoteEvery(250)
                .set(CompressionOptions.DRIFT_WARMUP, 3)
                .build();
        platform.runJobExactlyOnce("monitor-it", settings, config, 2);
        CommittedOutput out = CommittedOutput.read(platform, settings);

        StringWriter text = new StringWriter();
        CommandLine cli = SosaeCli.commandLine();
        cli.setOut(new PrintWriter(text));
        int exit = cli.execute(
                "monitor",
                "--bootstrap",
                platform.bootstrapServers,
                "--registry",
                platform.registry.url(),
                "--reports-topic",
                settings.topics().lengthReports(),
                "--alerts-topic",
                settings.topics().driftAlerts(),
                "--once");
        System.out.println(text);
        assertThat(exit).isZero();
        String[] lines = text.toString().split("\n");
        assertThat(lines).hasSize(3);
        for (String key : List.of("stepping", "steady")) {
            LengthReport last = out.reports.stream()
                    .filter(r -> r.getModelKey().equals(key))
                    .max(Comparator.comparingLong(LengthReport::getModelVersion))
                    .orElseThrow();
            long alerts =
                    out.alerts.stream().filter(a -> a.getModelKey().equals(key)).count();
            String line = java.util.Arrays.stream(lines)
                    .filter(l -> l.startsWith(key + " "))
                    .findFirst()
                    .orElseThrow();
            assertThat(line.trim().split("\\s+"))
                    .as(line)
                    .startsWith(
                            key,
                            String.valueOf(last.getModelVersion()),
                            String.valueOf(last.getEmittedLength()),
                            "(32)");
            assertThat(line).contains(" " + alerts + "  ");
        }
        assertThat(out.alerts).as("the stepping key's length or error drifted").anyMatch(a -> a.getModelKey()
                .equals("stepping"));
        assertThat(java.util.Arrays.stream(lines).filter(l -> l.startsWith("stepping ")))
                .singleElement()
                .satisfies(l -> assertThat(l).containsPattern("(EMITTED_LENGTH|RECONSTRUCTION_ERROR) UP at v\\d+"));
    }
}
