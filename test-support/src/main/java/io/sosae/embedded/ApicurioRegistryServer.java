package io.sosae.embedded;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * A real Apicurio Registry (3.0.9) as a child Java process on 127.0.0.1 with a free port and
 * in-memory storage (H2), speaking the Confluent API under {@link #ccompatUrl()}. Closing it kills
 * the process tree.
 *
 * <pre>{@code
 * try (ApicurioRegistryServer registry = ApicurioRegistryServer.start()) {
 *     RegistryConfig config = RegistryConfig.of(registry.ccompatUrl());
 * }
 * }</pre>
 */
public final class ApicurioRegistryServer implements AutoCloseable {

    private final Process process;
    private final int port;
    private final Path logFile;
    private final boolean deleteLogOnClose;
    private boolean ready;

    private ApicurioRegistryServer(Builder b) throws IOException {
        ApicurioDistribution dist = b.distribution != null ? b.distribution : ApicurioDistribution.locate();
        this.port = b.port > 0 ? b.port : FreePorts.pick();
        this.logFile = b.logFile != null ? b.logFile : Files.createTempFile("apicurio-" + port + "-", ".log");
        this.deleteLogOnClose = b.logFile == null;

        List<String> command = new ArrayList<>();
        command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
        command.add("-Xmx" + b.maxHeapMb + "m");
        command.add("-XX:TieredStopAtLevel=1"); // starts faster; the registry is not a hot path here
        command.add("-Dquarkus.http.host=127.0.0.1");
        command.add("-Dquarkus.http.port=" + port);
        // In-memory SQL storage (the app's default H2 in-memory database), said explicitly.
        command.add("-Dapicurio.storage.kind=sql");
        command.add("-Dapicurio.storage.sql.kind=h2");
        command.add("-Dquarkus.log.console.level=" + b.logLevel);
        b.properties.forEach((k, v) -> command.add("-D" + k + "=" + v));
        command.add("-jar");
        command.add(dist.runnerJar().toString());

        this.process = new ProcessBuilder(command)
                .directory(dist.home().toFile())
                .redirectErrorStream(true)
                .redirectOutput(logFile.toFile())
                .start();
        awaitReady(b.startTimeout);
        ready = true;
    }

    public static ApicurioRegistryServer start() {
        return builder().start();
    }

    public static Builder builder() {
        return new Builder();
    }

    public int port() {
        return port;
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    /** Confluent-compatible API: give this to {@code RegistryConfig}. */
    public String ccompatUrl() {
        return baseUrl() + "/apis/ccompat/v7";
    }

    /** Apicurio's own v3 REST API (used by Apicurio's serdes). */
    public String coreApiUrl() {
        return baseUrl() + "/apis/registry/v3";
    }

    public Path logFile() {
        return logFile;
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    @Override
    public void close() {
        process.descendants().forEach(ProcessHandle::destroy);
        process.destroy();
        try {
            if (!process.waitFor(10, TimeUnit.SECONDS)) {
                process.descendants().forEach(ProcessHandle::destroyForcibly);
                process.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            process.destroyForcibly();
        }
        // A temp log of a server that started fine is noise; one that failed to start is kept for its reader.
        if (ready && deleteLogOnClose) {
            try {
                Files.deleteIfExists(logFile);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot delete Apicurio log " + logFile, e);
            }
        }
    }

    private void awaitReady(Duration timeout) {
        HttpClient http =
                HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
        HttpRequest probe = HttpRequest.newBuilder(URI.create(ccompatUrl() + "/subjects"))
                .timeout(Duration.ofSeconds(5))
                .GET()
                .build();
        long deadline = System.nanoTime() + timeout.toNanos();
        String lastProblem = "no answer yet";
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new IllegalStateException("Apicurio Registry exited with code " + process.exitValue()
                            + " during start-up. Log " + logFile + ":\n" + tail());
                }
                try {
                    HttpResponse<String> response = http.send(probe, HttpResponse.BodyHandlers.ofString());
                    if (response.statusCode() == 200) {
                        return;
                    }
                    lastProblem = "HTTP " + response.statusCode();
                } catch (IOException e) {
                    lastProblem = e.toString(); // not listening yet
                }
                Thread.sleep(200);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            close();
            throw new IllegalStateException("Interrupted waiting for Apicurio Registry", e);
        } catch (RuntimeException e) {
            close();
            throw e;
        }
        close();
        throw new IllegalStateException("Apicurio Registry on port " + port + " not ready after " + timeout + " ("
                + lastProblem + "). Log " + logFile + ":\n" + tail());
    }

    private String tail() {
        try {
            List<String> lines = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", lines.subList(Math.max(0, lines.size() - 40), lines.size()));
        } catch (IOException e) {
            return "(log unreadable: " + e + ")";
        }
    }

    public static final class Builder {
        private final Map<String, String> properties = new LinkedHashMap<>();
        private ApicurioDistribution distribution;
        private int port;
        private Path logFile;
        private int maxHeapMb = 384;
        private String logLevel = "WARN";
        private Duration startTimeout = Duration.ofSeconds(90);

        private Builder() {}

        /** Default: {@link ApicurioDistribution#locate()}. */
        public Builder distribution(ApicurioDistribution distribution) {
            this.distribution = distribution;
            return this;
        }

        public Builder port(int port) {
            this.port = port;
            return this;
        }

        /** Where the process's output goes; default: a temp file, deleted on close after a good start. */
        public Builder logFile(Path logFile) {
            this.logFile = logFile;
            return this;
        }

        public Builder maxHeapMb(int mb) {
            this.maxHeapMb = mb;
            return this;
        }

        public Builder logLevel(String level) {
            this.logLevel = level;
            return this;
        }

        /** Any Apicurio/Quarkus system property, e.g. "apicurio.ccompat.legacy-id-mode.enabled". */
        public Builder property(String key, String value) {
            properties.put(key, value);
            return this;
        }

        public Builder startTimeout(Duration timeout) {
            this.startTimeout = timeout;
            return this;
        }

        public ApicurioRegistryServer start() {
            try {
                return new ApicurioRegistryServer(this);
            } catch (IOException e) {
                throw new UncheckedIOException("Cannot start Apicurio Registry", e);
            }
        }
    }
}
