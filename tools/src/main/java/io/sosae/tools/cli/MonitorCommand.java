package io.sosae.tools.cli;

import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.connectors.kafka.TopicReader;
import io.sosae.connectors.kafka.Topics;
import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.connectors.registry.SchemaRegistryClient;
import io.sosae.connectors.serde.ConfluentAvroDeserializer;
import io.sosae.schemas.DriftAlert;
import io.sosae.schemas.LengthReport;
import io.sosae.tools.monitor.MonitorView;
import java.io.PrintWriter;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.concurrent.Callable;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import picocli.CommandLine.Command;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

@Command(
        name = "monitor",
        mixinStandardHelpOptions = true,
        description = {
            "A live view of every model key: its latest version, emitted length and capacity, compression"
                    + " ratio, error and samples (from the length reports), and its drift alerts (from the"
                    + " alerts topic). Reads what the job committed (read_committed), from the beginning."
        })
final class MonitorCommand implements Callable<Integer> {
    private static final Topics DEFAULTS = Topics.defaults();

    @picocli.CommandLine.Mixin
    KafkaAddress address = new KafkaAddress();

    @Option(
            names = "--reports-topic",
            description = "Topic of the LengthReports. Default: " + "sosae-length-reports" + ".")
    String reportsTopic = DEFAULTS.lengthReports();

    @Option(names = "--alerts-topic", description = "Topic of the DriftAlerts. Default: sosae-drift-alerts.")
    String alertsTopic = DEFAULTS.driftAlerts();

    @Option(
            names = "--refresh",
            defaultValue = "1s",
            description = "How often the view is redrawn. Default: ${DEFAULT-VALUE}.")
    Duration refresh;

    @Option(names = "--duration", description = "Stop after this long (e.g. 5m); unset: until interrupted (Ctrl-C).")
    Duration duration;

    @Option(names = "--once", description = "Read everything committed so far, print the view once and exit.")
    boolean once;

    @Spec
    CommandSpec spec;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        if (refresh.isNegative() || refresh.isZero()) {
            throw new IllegalArgumentException("--refresh must be positive, was " + refresh);
        }
        KafkaSettings kafka = KafkaSettings.builder(address.bootstrap).build();
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(address.registry));
        var reports = new ConfluentAvroDeserializer<>(client, LengthReport.class);
        var alerts = new ConfluentAvroDeserializer<>(client, DriftAlert.class);
        MonitorView view = new MonitorView();
        if (once) {
            TopicReader reader = TopicReader.readCommitted(kafka.consumerConfig());
            reader.readToEnd(reportsTopic, reports, Long.MAX_VALUE, Duration.ofSeconds(60), view::add);
            reader.readToEnd(alertsTopic, alerts, Long.MAX_VALUE, Duration.ofSeconds(60), view::add);
            out.print(view.render(Instant.now()));
            out.flush();
            return ExitCodes.OK;
        }
        boolean terminal = System.console() != null;
        long end = duration == null ? Long.MAX_VALUE : System.nanoTime() + duration.toNanos();
        try (TopicReader.Tail tail = TopicReader.readCommitted(kafka.consumerConfig())
                .tail(List.of(reportsTopic, alertsTopic), "sosae-monitor-poll", (records, at) -> {
                    for (ConsumerRecord<byte[], byte[]> r : records) {
                        if (r.topic().equals(reportsTopic)) {
                            view.add(reports.deserialize(r.topic(), r.value()));
                        } else {
                            view.add(alerts.deserialize(r.topic(), r.value()));
                        }
                    }
                })) {
            while (System.nanoTime() < end) {
                Thread.sleep(Math.min(refresh.toMillis(), Math.max(1, (end - System.nanoTime()) / 1_000_000)));
                tail.throwIfFailed();
                // on a terminal redraw in place (clear screen, cursor home); in a pipe append views
                out.print((terminal ? "\033[H\033[2J" : "\n") + Instant.now() + "  " + reportsTopic + ", " + alertsTopic
                        + "\n" + view.render(Instant.now()));
                out.flush();
            }
        }
        return ExitCodes.OK;
    }
}
