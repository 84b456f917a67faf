package io.sosae.it;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.schemas.SensorFrame;
import io.sosae.tools.cli.SosaeCli;
import java.util.List;
import org.junit.jupiter.api.Test;

/** {@code sosae produce sensors} against a broker and registry it did not start: every frame arrives, in order, labelled. */
class ProduceCommandITCase extends EmbeddedPlatformITCase {
    @Test
    void producesTheSimulatorsFramesAtTheGivenRate() {
        String topic = "produce-it-frames";
        platform.createTopic(topic, 1);
        long start = System.nanoTime();
        int exit = SosaeCli.commandLine()
                .execute(
                        "produce",
                        "sensors",
                        "--bootstrap",
                        platform.bootstrapServers,
                        "--registry",
                        platform.registry.url(),
                        "--topic",
                        topic,
                        "--max-records",
                        "400",
                        "--rate",
                        "400",
                        "--schedule",
                        "4:200,8:200",
                        "--channels",
                        "16");
        double seconds = (System.nanoTime() - start) / 1e9;
        assertThat(exit).isZero();
        List<SensorFrame> frames = platform.readCommitted(topic, SensorFrame.class);
        assertThat(frames).hasSize(400);
        assertThat(frames).extracting(SensorFrame::getSeq).isSorted();
        assertThat(frames.get(0).getValues()).hasSize(16);
        assertThat(frames.get(0).getLabel()).isEqualTo(4);
        assertThat(frames.get(399).getLabel()).isEqualTo(8);
        assertThat(seconds)
                .as("400 records at 400/s are paced, not sent at once")
                .isGreaterThan(0.8);
    }
}
