package io.sosae.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A real Prometheus server and Pushgateway (Debian's prometheus and prometheus-pushgateway
 * packages, installed with apt-get when missing, as .ci/run does), both listening on 127.0.0.1 only,
 * with the data, configuration and logs in one directory. Flink's pull reporter binds every
 * interface, so tests push through Flink's PushGateway reporter instead (the same metric names);
 * Prometheus scrapes the Pushgateway every second with {@code honor_labels}.
 */
final class LocalPrometheus implements AutoCloseable {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newHttpClient();
    private final List<Process> processes = new ArrayList<>();
    private final int prometheusPort;
    private final int gatewayPort;

    private LocalPrometheus(int prometheusPort, int gatewayPort) {
        this.prometheusPort = prometheusPort;
        this.gatewayPort = gatewayPort;
    }

    /** The path of a command, installing its Debian package first when it is missing. */
    static String tool(String command, String debianPackage) throws IOException, InterruptedException {
        String found = onPath(command);
        if (found == null && Files.isExecutable(Path.of("/usr/bin/apt-get"))) {
            System.out.println(command + " missing: apt-get install " + debianPackage + " ...");
            Process p = new ProcessBuilder("apt-get", "install", "-y", "--no-install-recommends", debianPackage)
                    .inheritIO()
                    .start();
            p.waitFor(10, TimeUnit.MINUTES);
            found = onPath(command);
        }
        assertThat(found)
                .as(
                        "%s is needed: install Debian's %s package (apt-get install %s)",
                        command, debianPackage, debianPackage)
                .isNotNull();
        return found;
    }

    private static String onPath(String command) {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(java.io.File.pathSeparator)) {
            Path p = Path.of(dir, command);
            if (Files.isExecutable(p)) {
                return p.toString();
            }
        }
        return null;
    }

    static LocalPrometheus start(Path dir) throws IOException, InterruptedException {
        String prometheus = tool("prometheus", "prometheus");
        String gateway = tool("prometheus-pushgateway", "prometheus-pushgateway");
        Files.createDirectories(dir);
        deleteRecursively(dir.resolve("data")); // a fresh store: no series of an earlier run
        Files.deleteIfExists(dir.resolve("pushgateway.data"));
        LocalPrometheus p = new LocalPrometheus(freePort(), freePort());
        try {
            p.launch(
                    dir.resolve("pushgateway.log"),
                    gateway,
                    "--web.listen-address=127.0.0.1:" + p.gatewayPort,
                    // Debian's build persists to /var/lib/prometheus by default: every run would see the
                    // groups of the runs before it; this one keeps its own file in the directory
                    "--persistence.file=" + dir.resolve("pushgateway.data"));
            p.awaitReady(p.gatewayPort);
            Path config = dir.resolve("prometheus.yml");
            Files.writeString(
                    config,
                    """
                    global:
                      scrape_interval: 1s
                      evaluation_interval: 1s
                    scrape_configs:
                      - job_name: pushgateway
                        honor_labels: true
                        static_configs:
                          - targets: ["127.0.0.1:%d"]
                    """
                            .formatted(p.gatewayPort));
            p.launch(
                    dir.resolve("prometheus.log"),
                    prometheus,
                    "--config.file=" + config,
                    "--storage.tsdb.path=" + dir.resolve("data"),
                    "--web.listen-address=127.0.0.1:" + p.prometheusPort);
            p.awaitReady(p.prometheusPort);
            return p;
        } catch (IOException | InterruptedException | RuntimeException | AssertionError e) {
            p.close();
            throw e;
        }
    }

    private static void deleteRecursively(Path path) throws IOException {
        if (!Files.exists(path)) {
            return;
        }
        try (java.util.stream.Stream<Path> all = Files.walk(path)) {
            for (Path p : all.sorted(java.util.Comparator.reverseOrder()).toList()) {
                Files.delete(p);
            }
        }
    }

    private static int freePort() throws IOException {
        try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return s.getLocalPort();
        }
    }

    private void launch(Path log, String... command) throws IOException {
        processes.add(new ProcessBuilder(command)
                .redirectErrorStream(true)
                .redirectOutput(log.toFile())
                .start());
    }

    private void awaitReady(int port) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (System.nanoTime() < deadline) {
            try {
                HttpResponse<String> r = http.send(
                        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/-/ready"))
                                .timeout(Duration.ofSeconds(2))
                                .build(),
                        HttpResponse.BodyHandlers.ofString());
                if (r.statusCode() == 200) {
                    return;
                }
            } catch (IOException notYet) {
                // not listening yet: retry until the deadline
            }
            Thread.sleep(200);
        }
        throw new AssertionError("nothing ready on 127.0.0.1:" + port + " within 60 s (see its log)");
    }

    /** The Pushgateway's URL, for Flink's PushGateway reporter ({@code hostUrl}). */
    String pushGatewayUrl() {
        return "http://127.0.0.1:" + gatewayPort;
    }

    /** An instant PromQL query: the result vector's elements (each with "metric" and "value"). */
    List<JsonNode> query(String promql) throws IOException, InterruptedException {
        URI uri = URI.create("http://127.0.0.1:" + prometheusPort + "/api/v1/query?query="
                + URLEncoder.encode(promql, StandardCharsets.UTF_8));
        HttpResponse<String> r = http.send(
                HttpRequest.newBuilder(uri).timeout(Duration.ofSeconds(10)).build(),
                HttpResponse.BodyHandlers.ofString());
        JsonNode body = JSON.readTree(r.body());
        assertThat(body.path("status").asText()).as("%s: %s", promql, r.body()).isEqualTo("success");
        List<JsonNode> out = new ArrayList<>();
        body.path("data").path("result").forEach(out::add);
        return out;
    }

    @Override
    public void close() {
        for (Process p : processes) {
            p.destroy();
        }
        for (Process p : processes) {
            try {
                if (!p.waitFor(20, TimeUnit.SECONDS)) {
                    p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                p.destroyForcibly();
            }
        }
    }
}
