package io.sosae.jobs.deploy;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The docker/ stack cannot run on machines without a Docker engine, so it is checked by parsing:
 * services present, ports on loopback only, Flink configured for DJL and Prometheus, Prometheus
 * scraping services that exist, and the Grafana dashboard asking for metrics the job registers.
 */
class DockerStackTest {
    private static final Path DOCKER = Path.of("..", "docker");
    private static final ObjectMapper JSON = new ObjectMapper();

    /** SnakeYAML resolves compose's anchors and aliases (Jackson's YAML reader does not). */
    private static JsonNode yaml(Path file) throws Exception {
        try (var in = Files.newInputStream(file)) {
            Object tree = new org.yaml.snakeyaml.Yaml().load(in);
            return JSON.valueToTree(tree);
        }
    }

    @Test
    void composeHasTheWholeStackOnLoopbackPorts() throws Exception {
        JsonNode services = yaml(DOCKER.resolve("docker-compose.yml")).get("services");
        List<String> names = new ArrayList<>();
        services.fieldNames().forEachRemaining(names::add);
        assertThat(names)
                .contains(
                        "kafka",
                        "schema-registry",
                        "jobmanager",
                        "taskmanager",
                        "taskmanager-gpu",
                        "prometheus",
                        "grafana");
        for (JsonNode s : services) {
            for (JsonNode port : s.path("ports")) {
                assertThat(port.asText()).startsWith("127.0.0.1:");
            }
        }
        String flink = services.get("taskmanager")
                .get("environment")
                .get("FLINK_PROPERTIES")
                .asText();
        assertThat(flink)
                .contains("classloader.parent-first-patterns.additional: ai.djl.")
                .contains("PrometheusReporterFactory");
        String gpu = services.get("taskmanager-gpu")
                .get("environment")
                .get("FLINK_PROPERTIES")
                .asText();
        assertThat(gpu).contains("external-resources: gpu").contains("GPUDriverFactory");
        assertThat(services.get("taskmanager-gpu")
                        .at("/deploy/resources/reservations/devices/0/driver")
                        .asText())
                .isEqualTo("nvidia");
    }

    @Test
    void prometheusScrapesFlinkServicesThatExist() throws Exception {
        JsonNode services = yaml(DOCKER.resolve("docker-compose.yml")).get("services");
        JsonNode prom = yaml(DOCKER.resolve("prometheus/prometheus.yml"));
        for (JsonNode target : prom.at("/scrape_configs/0/static_configs/0/targets")) {
            String host = target.asText().split(":")[0];
            assertThat(services.has(host))
                    .as("scrape target %s is a compose service", host)
                    .isTrue();
        }
    }

    @Test
    void dashboardQueriesMetricsTheOperatorRegisters() throws Exception {
        JsonNode dash = new ObjectMapper()
                .readTree(DOCKER.resolve("grafana/dashboards/sosae-stream.json").toFile());
        String metricsSource = Files.readString(Path.of("src/main/java/io/sosae/jobs/metrics/ModelKeyGauges.java"))
                + Files.readString(Path.of("src/main/java/io/sosae/jobs/metrics/CompressorMetrics.java"));
        Pattern metric = Pattern.compile("flink_taskmanager_job_task_operator_([A-Za-z]+)");
        int checked = 0;
        for (JsonNode panel : dash.get("panels")) {
            Matcher m = metric.matcher(panel.at("/targets/0/expr").asText());
            while (m.find()) {
                assertThat(metricsSource)
                        .as("dashboard metric %s is registered", m.group(1))
                        .contains("\"" + m.group(1) + "\"");
                checked++;
            }
        }
        assertThat(checked).isGreaterThanOrEqualTo(8);
    }
}
