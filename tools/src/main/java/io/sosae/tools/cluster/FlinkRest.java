package io.sosae.tools.cluster;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

/**
 * The part of Flink's REST API that deploys and operates jobs on any session cluster: upload and
 * run a jar (optionally from a savepoint, at a given parallelism), list jobs, trigger a savepoint,
 * stop with a savepoint. Errors carry the cluster's own message.
 */
public final class FlinkRest {
    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final String base;

    public FlinkRest(String baseUrl) {
        this.base = baseUrl.endsWith("/") ? baseUrl.substring(0, baseUrl.length() - 1) : baseUrl;
    }

    /** A job as the cluster lists it. */
    public record Job(String id, String name, String state) {}

    /** Registered TaskManagers, or empty when the REST endpoint does not answer. */
    public Optional<Integer> taskManagers() {
        try {
            return Optional.of(get("/overview").path("taskmanagers").asInt());
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Optional.empty();
        }
    }

    public List<Job> jobs() throws IOException, InterruptedException {
        List<Job> jobs = new ArrayList<>();
        for (JsonNode j : get("/jobs/overview").path("jobs")) {
            jobs.add(new Job(
                    j.path("jid").asText(),
                    j.path("name").asText(),
                    j.path("state").asText()));
        }
        return jobs;
    }

    /** Resource ids of the TaskManagers running tasks of this job now. */
    public List<String> taskManagersOf(String jobId) throws IOException, InterruptedException {
        java.util.Set<String> ids = new java.util.TreeSet<>();
        for (JsonNode v : get("/jobs/" + jobId).path("vertices")) {
            for (JsonNode tm : get("/jobs/" + jobId + "/vertices/"
                            + v.path("id").asText() + "/taskmanagers")
                    .path("taskmanagers")) {
                if (tm.path("status-counts").path("RUNNING").asInt() > 0) {
                    ids.add(tm.path("taskmanager-id").asText());
                }
            }
        }
        return List.copyOf(ids);
    }

    /** How often the job has restarted (its numRestarts metric). */
    public long restarts(String jobId) throws IOException, InterruptedException {
        for (JsonNode m : get("/jobs/" + jobId + "/metrics?get=numRestarts")) {
            return m.path("value").asLong();
        }
        return 0;
    }

    /** Whether the job is RUNNING with every task of every vertex running (not deploying, not restarting). */
    public boolean fullyRunning(String jobId) throws IOException, InterruptedException {
        JsonNode j = get("/jobs/" + jobId);
        if (!"RUNNING".equals(j.path("state").asText())) {
            return false;
        }
        for (JsonNode v : j.path("vertices")) {
            if (!"RUNNING".equals(v.path("status").asText())) {
                return false;
            }
        }
        return true;
    }

    public String state(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId).path("state").asText();
    }

    /** Completed checkpoints of a job so far. */
    public long completedCheckpoints(String jobId) throws IOException, InterruptedException {
        return get("/jobs/" + jobId + "/checkpoints")
                .path("counts")
                .path("completed")
                .asLong();
    }

    /**
     * The newest completed checkpoint's sizes: {@code full} is all the state it restores (Flink's
     * state_size), {@code uploaded} what this checkpoint wrote (checkpointed_size: smaller than
     * full with incremental checkpoints, which reuse earlier files). Empty before the first.
     */
    public record CheckpointSize(long id, long full, long uploaded) {}

    public Optional<CheckpointSize> latestCheckpoint(String jobId) throws IOException, InterruptedException {
        JsonNode c = get("/jobs/" + jobId + "/checkpoints").path("latest").path("completed");
        if (c.isMissingNode() || c.isNull() || !c.has("id")) {
            return Optional.empty();
        }
        return Optional.of(new CheckpointSize(
                c.path("id").asLong(),
                c.path("state_size").asLong(),
                c.path("checkpointed_size").asLong(c.path("state_size").asLong())));
    }

    /** Current values of a TaskManager's metrics (e.g. Status.JVM.Memory.Heap.Used); absent ones are left out. */
    public java.util.Map<String, Double> taskManagerMetrics(String resourceId, List<String> names)
            throws IOException, InterruptedException {
        java.util.Map<String, Double> values = new java.util.LinkedHashMap<>();
        for (JsonNode m : get("/taskmanagers/" + resourceId + "/metrics?get=" + String.join(",", names))) {
            values.put(m.path("id").asText(), m.path("value").asDouble());
        }
        return values;
    }

    /** Uploads a jar; returns the id the cluster gave it. */
    public String upload(Path jar) throws IOException, InterruptedException {
        String boundary = "sosae-" + UUID.randomUUID();
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        body.write(("--" + boundary + "\r\nContent-Disposition: form-data; name=\"jarfile\"; filename=\""
                        + jar.getFileName() + "\"\r\nContent-Type: application/x-java-archive\r\n\r\n")
                .getBytes(StandardCharsets.UTF_8));
        body.write(Files.readAllBytes(jar));
        body.write(("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.UTF_8));
        JsonNode r = send(HttpRequest.newBuilder(URI.create(base + "/jars/upload"))
                .header("Content-Type", "multipart/form-data; boundary=" + boundary)
                .POST(HttpRequest.BodyPublishers.ofByteArray(body.toByteArray())));
        String file = r.path("filename").asText();
        if (file.isEmpty()) {
            throw new IOException("jar upload answered " + r);
        }
        return Path.of(file).getFileName().toString();
    }

    /**
     * Runs an uploaded jar's main class with the given arguments.
     *
     * @param savepoint a savepoint to start from, or null
     * @param parallelism the job's parallelism, or 0 for the cluster's default
     * @return the job id
     */
    public String run(String jarId, String entryClass, List<String> args, int parallelism, String savepoint)
            throws IOException, InterruptedException {
        ObjectNode req = JSON.createObjectNode();
        req.put("entryClass", entryClass);
        req.putPOJO("programArgsList", args);
        if (parallelism > 0) {
            req.put("parallelism", parallelism);
        }
        if (savepoint != null) {
            req.put("savepointPath", savepoint);
            req.put("allowNonRestoredState", false);
        }
        JsonNode r = post("/jars/" + jarId + "/run", req);
        return r.path("jobid").asText();
    }

    /** Triggers a savepoint and waits for it; returns its location. */
    public String savepoint(String jobId, String directory, Duration timeout) throws IOException, InterruptedException {
        ObjectNode req = JSON.createObjectNode();
        if (directory != null) {
            req.put("target-directory", directory);
        }
        req.put("cancel-job", false);
        return awaitSavepoint(
                jobId,
                post("/jobs/" + jobId + "/savepoints", req).path("request-id").asText(),
                timeout);
    }

    /** Stops a job with a savepoint (no drain: the job resumes from it later) and returns its location. */
    public String stop(String jobId, String directory, Duration timeout) throws IOException, InterruptedException {
        ObjectNode req = JSON.createObjectNode();
        if (directory != null) {
            req.put("targetDirectory", directory);
        }
        req.put("drain", false);
        return awaitSavepoint(
                jobId, post("/jobs/" + jobId + "/stop", req).path("request-id").asText(), timeout);
    }

    /** Cancels a job without a savepoint. */
    public void cancel(String jobId) throws IOException, InterruptedException {
        send(HttpRequest.newBuilder(URI.create(base + "/jobs/" + jobId + "?mode=cancel"))
                .method("PATCH", HttpRequest.BodyPublishers.noBody()));
    }

    private String awaitSavepoint(String jobId, String trigger, Duration timeout)
            throws IOException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode r = get("/jobs/" + jobId + "/savepoints/" + trigger);
            if ("COMPLETED".equals(r.path("status").path("id").asText())) {
                JsonNode op = r.path("operation");
                if (op.has("location")) {
                    return op.path("location").asText();
                }
                throw new IOException("savepoint of " + jobId + " failed: " + op.path("failure-cause"));
            }
            Thread.sleep(250);
        }
        throw new IOException("savepoint of " + jobId + " not complete within " + timeout);
    }

    private JsonNode get(String path) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path)).GET());
    }

    private JsonNode post(String path, JsonNode body) throws IOException, InterruptedException {
        return send(HttpRequest.newBuilder(URI.create(base + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body))));
    }

    private JsonNode send(HttpRequest.Builder request) throws IOException, InterruptedException {
        HttpResponse<String> r =
                http.send(request.timeout(Duration.ofSeconds(60)).build(), HttpResponse.BodyHandlers.ofString());
        JsonNode body = r.body().isBlank() ? JSON.createObjectNode() : JSON.readTree(r.body());
        if (r.statusCode() >= 400) {
            throw new IOException("Flink REST " + r.request().method() + " "
                    + r.request().uri() + " answered " + r.statusCode() + ": " + rootCause(body.path("errors")));
        }
        return body;
    }

    /**
     * The innermost cause in Flink's error answer (a whole server-side stack trace per entry): for a
     * job whose main method refused its options, that is the option's message.
     */
    static String rootCause(JsonNode errors) {
        String last = errors.toString();
        for (JsonNode e : errors) {
            for (String line : e.asText().split("\n")) {
                if (line.startsWith("Caused by: ")) {
                    last = line.substring("Caused by: ".length());
                }
            }
        }
        return last;
    }
}
