package io.sosae.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import org.apache.logging.log4j.core.LoggerContext;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The CLI's log4j2.xml (not the tests' one): with a runtime log set, the internals write there. */
class RuntimeLogConfigTest {
    @Test
    void internalsWarnIntoTheRuntimeLogAndTheProjectKeepsItsInfo(@TempDir Path tmp) throws Exception {
        Path file = tmp.resolve("report").resolve("runtime.log");
        String before = System.getProperty(RuntimeLog.PROPERTY);
        System.setProperty(RuntimeLog.PROPERTY, file.toString());
        LoggerContext ctx = new LoggerContext(
                "sosae-cli-config-test",
                null,
                Path.of("src/main/resources/log4j2.xml").toUri());
        try {
            ctx.start();
            ctx.getLogger("org.apache.kafka.clients.NetworkClient").warn("kafka client warning");
            ctx.getLogger("org.apache.kafka.clients.NetworkClient").info("kafka client info");
            ctx.getLogger("kafka.server.BrokerServer").warn("broker warning");
            ctx.getLogger("org.apache.flink.runtime.taskmanager.Task").warn("flink warning");
            ctx.getLogger("io.sosae.jobs.operator.SosaeCompressor").info("model created");
        } finally {
            ctx.stop();
            if (before == null) {
                System.clearProperty(RuntimeLog.PROPERTY);
            } else {
                System.setProperty(RuntimeLog.PROPERTY, before);
            }
        }
        String log = Files.readString(file);
        assertThat(log)
                .contains("kafka client warning", "broker warning", "flink warning", "model created")
                .doesNotContain("kafka client info");
    }
}
