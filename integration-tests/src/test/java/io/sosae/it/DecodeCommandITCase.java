package io.sosae.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.model.core.Method;
import io.sosae.schemas.SensorFrame;
import io.sosae.tools.cli.SosaeCli;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * {@code sosae decode} against what the job committed: every code is decoded with its committed
 * snapshot, errors are measured against the original frames read from the input topic, and the
 * command's exit status says whether any code lacked its snapshot.
 */
class DecodeCommandITCase extends EmbeddedPlatformITCase {

    /** SOSAE and PCA: the command knows no method, only the committed snapshots. */
    @ParameterizedTest
    @EnumSource(
            value = Method.class,
            names = {"SOSAE", "PCA"})
    void decodesEveryCommittedCodeAgainstTheOriginals(Method method, @TempDir Path out) throws Exception {
        String name = "decode-it-" + method.name().toLowerCase(java.util.Locale.ROOT);
        KafkaSettings settings = platform.settings(name, 2);
        Map<String, SensorFrame> byId = new HashMap<>();
        long produced = platform.produce(settings, Scenarios.inputs(byId).iterator());
        platform.runJobExactlyOnce(
                name, settings, Scenarios.config().toBuilder().method(method).build(), 2);

        int exit = SosaeCli.commandLine()
                .execute(
                        "decode",
                        "--bootstrap",
                        platform.bootstrapServers,
                        "--registry",
                        platform.registry.url(),
                        "--codes-topic",
                        settings.topics().codes(),
                        "--decoders-topic",
                        settings.topics().decoders(),
                        "--frames-topic",
                        settings.topics().sensorFrames(),
                        "--image-size",
                        "8x8",
                        "--out",
                        out.toString());
        assertThat(exit).isZero();
        JsonNode summary =
                new ObjectMapper().readTree(out.resolve("summary.json").toFile());
        assertThat(summary.get("decoded").asLong()).isEqualTo(produced);
        assertThat(summary.get("withoutSnapshot").asLong()).isZero();
        assertThat(summary.get("errorSource").asText()).contains("originals");
        // all versions, the untrained version 1 included (its error is about 0.2)
        assertThat(summary.get("meanAbsoluteError").asDouble()).isLessThan(0.1);
        assertThat(summary.get("compressionRatio").asDouble()).isGreaterThan(1.0);
        assertThat(out.resolve("grid.png")).exists();
    }
}
