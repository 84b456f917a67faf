package io.sosae.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.sosae.connectors.generator.SensorStreamSimulator;
import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.jobs.config.CompressionConfig;
import io.sosae.jobs.job.CompressionJob;
import io.sosae.schemas.SensorFrame;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.core.execution.JobClient;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.junit.jupiter.api.Test;

/**
 * The job's metrics as a real Prometheus sees them: the production pipeline (unbounded Kafka
 * source, exactly-once sinks) on a MiniCluster with Flink's PushGateway reporter, a real
 * Pushgateway and Prometheus on 127.0.0.1 ({@link LocalPrometheus}). While the job runs, the test
 * reads every per-key series back through PromQL and runs every query of the Grafana dashboard.
 */
class PrometheusScrapeITCase extends EmbeddedPlatformITCase {
    private static final int CHANNELS = 32;
    private static final List<String> KEYS = List.of("p-0", "p-1");
    /** The modelKey labels: Flink's Prometheus reporters replace what PromQL names cannot hold with '_'. */
    private static final List<String> LABELS = List.of("p_0", "p_1");

    private static final Path DASHBOARD = Path.of("..", "docker", "grafana", "dashboards", "sosae-stream.json");
    private static final String PER_KEY = "flink_taskmanager_job_task_operator_modelKey_";

    @Test
    void everyPerKeySeriesIsScrapedAndEveryGrafanaPanelReturnsData() throws Exception {
        Path dir = Path.of("target", "prometheus-it").toAbsolutePath();
        try (LocalPrometheus prometheus = LocalPrometheus.start(dir)) {
            KafkaSettings settings = platform.settings("prom-it", 2);
            List<SensorFrame> frames = new ArrayList<>();
            List<Iterator<SensorFrame>> sims = KEYS.stream()
                    .map(id -> SensorStreamSimulator.builder()
                            .streamId(id)
                            .channels(CHANNELS)
                            .schedule("4:1200")
                            .seed(id.hashCode())
                            .build()
                            .frames())
                    .toList();
            for (int i = 0; i < 1200; i++) {
                sims.forEach(s -> frames.add(s.next()));
            }
            platform.produce(settings, frames.iterator());

            Configuration metrics = new Configuration();
            String reporter = "metrics.reporter.promgateway.";
            metrics.setString(
                    reporter + "factory.class",
                    "org.apache.flink.metrics.prometheus.PrometheusPushGatewayReporterFactory");
            metrics.setString(reporter + "hostUrl", prometheus.pushGatewayUrl());
            metrics.setString(reporter + "jobName", "sosae-prom-it");
            metrics.setString(reporter + "randomJobNameSuffix", "false");
            metrics.setString(reporter + "deleteOnShutdown", "true");
            metrics.setString(reporter + "interval", "1 SECONDS");
            StreamExecutionEnvironment env = Platform.environment("prom-it", metrics);
            env.enableCheckpointing(500);
            CompressionJob.buildKafka(
                    env,
                    settings,
                    platform.registry,
                    CompressionConfig.builder(CHANNELS)
                            .capacity(16)
                            .device("cpu")
                            .batchSize(32)
                            .maxWait(Duration.ofMillis(100))
                            .promoteEvery(300)
                            .build());
            JobClient job = env.executeAsync("prom-it");
            try {
                // the unbounded job waits for more input once it has coded everything: its gauges
                // hold their last values while it runs
                awaitSum(prometheus, "flink_taskmanager_job_task_operator_codes", 2400.0);
                Map<String, Double> versions = awaitPerKey(prometheus, PER_KEY + "modelVersion", 4.0);
                assertThat(versions).as("model versions by key").containsOnlyKeys(LABELS);
                for (String gauge : List.of("activeLength", "emittedLength")) {
                    assertThat(perKey(prometheus, PER_KEY + gauge))
                            .as(gauge)
                            .containsOnlyKeys(LABELS)
                            .allSatisfy((key, v) -> assertThat(v).isBetween(1.0, 16.0));
                }
                assertThat(perKey(prometheus, PER_KEY + "compressionRatio"))
                        .containsOnlyKeys(LABELS)
                        .allSatisfy((key, v) -> assertThat(v).isBetween(2.0, 32.0));
                assertThat(perKey(prometheus, PER_KEY + "reconstructionError"))
                        .containsOnlyKeys(LABELS)
                        .allSatisfy((key, v) -> assertThat(v).isBetween(0.0, 0.2));
                assertThat(prometheus.query("sum(flink_taskmanager_job_task_operator_codes)"))
                        .as("the codes counters of all subtasks: one code per frame")
                        .singleElement()
                        .satisfies(s -> assertThat(value(s)).isEqualTo(2400.0));
                assertThat(prometheus.query("flink_taskmanager_job_task_operator_codesPerSecond"))
                        .as("the codes/s meter")
                        .isNotEmpty();
                assertThat(prometheus.query("flink_taskmanager_job_task_operator_driftAlerts"))
                        .as("the drift detector's counter")
                        .isNotEmpty();
                for (Map.Entry<String, String> panel : grafanaQueries().entrySet()) {
                    assertThat(prometheus.query(panel.getValue()))
                            .as("Grafana panel '%s': %s", panel.getKey(), panel.getValue())
                            .isNotEmpty();
                }
            } finally {
                job.cancel().get();
            }
        }
    }

    private static double value(JsonNode sample) {
        return Double.parseDouble(sample.path("value").get(1).asText());
    }

    /** The latest value of a per-key series, by its modelKey label. */
    private static Map<String, Double> perKey(LocalPrometheus prometheus, String metric) throws Exception {
        Map<String, Double> byKey = new TreeMap<>();
        for (JsonNode s : prometheus.query(metric)) {
            byKey.put(s.path("metric").path("modelKey").asText(), value(s));
        }
        return byKey;
    }

    /** Waits (up to 2 minutes) until the sum of a metric over all its series reaches {@code value}. */
    private static void awaitSum(LocalPrometheus prometheus, String metric, double value) throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        double last = Double.NaN;
        while (System.nanoTime() < deadline) {
            List<JsonNode> sum = prometheus.query("sum(" + metric + ")");
            last = sum.isEmpty() ? Double.NaN : value(sum.get(0));
            if (last >= value) {
                return;
            }
            Thread.sleep(500);
        }
        throw new AssertionError("sum(" + metric + ") was " + last + ", not " + value + ", after 2 minutes");
    }

    /** Waits (up to 2 minutes) until every key's series has reached {@code atLeast}. */
    private static Map<String, Double> awaitPerKey(LocalPrometheus prometheus, String metric, double atLeast)
            throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
        Map<String, Double> last = Map.of();
        while (System.nanoTime() < deadline) {
            last = perKey(prometheus, metric);
            if (last.keySet().containsAll(LABELS) && last.values().stream().allMatch(v -> v >= atLeast)) {
                return last;
            }
            Thread.sleep(1000);
        }
        throw new AssertionError(metric + " did not reach " + atLeast + " for " + LABELS + " in 2 minutes: " + last);
    }

    /** Every panel's PromQL query in the committed dashboard, by panel title. */
    private static Map<String, String> grafanaQueries() throws Exception {
        Map<String, String> queries = new TreeMap<>();
        for (JsonNode panel : new ObjectMapper().readTree(DASHBOARD.toFile()).path("panels")) {
            for (JsonNode target : panel.path("targets")) {
                queries.put(panel.path("title").asText(), target.path("expr").asText());
            }
        }
        assertThat(queries).as("dashboard queries").hasSizeGreaterThanOrEqualTo(8);
        return queries;
    }
}
