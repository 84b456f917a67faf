package io.sosae.connectors.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.failsafe.Failsafe;
import dev.failsafe.FailsafeException;
import dev.failsafe.FailsafeExecutor;
import dev.failsafe.RetryPolicy;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLHandshakeException;
import org.apache.avro.Schema;

/**
 * Client for the Confluent Schema Registry REST API (also served by Apicurio under
 * {@code /apis/ccompat/v7}). Schema ids are immutable, so id-to-schema and schema-to-id answers are
 * cached; "latest" answers are not. Thread-safe.
 */
public final class SchemaRegistryClient {

    private static final String CONTENT_TYPE = "application/vnd.schemaregistry.v1+json";
    private static final ObjectMapper JSON = new ObjectMapper();

    private final RegistryConfig config;
    private final HttpClient http;
    private final String authorization;
    private final Map<Integer, Schema> schemasById;
    private final Map<String, Integer> idsBySubjectAndSchema;
    private final AtomicLong requestsSent = new AtomicLong();
    private final FailsafeExecutor<HttpResponse<String>> retrying;

    public SchemaRegistryClient(RegistryConfig config) {
        this.config = config;
        HttpClient.Builder builder = HttpClient.newBuilder()
                .connectTimeout(config.connectTimeout())
                .followRedirects(HttpClient.Redirect.NORMAL);
        if (config.sslContextFactory() != null) {
            try {
                builder.sslContext(config.sslContextFactory().create());
            } catch (GeneralSecurityException | IOException e) {
                throw new IllegalArgumentException("Cannot build the registry TLS context: " + e.getMessage(), e);
            }
        }
        this.http = builder.build();
        this.authorization = config.hasBasicAuth()
                ? "Basic "
                        + Base64.getEncoder()
                                .encodeToString(
                                        (config.username() + ":" + config.password()).getBytes(StandardCharsets.UTF_8))
                : null;
        this.schemasById = lruMap(config.cacheCapacity());
        this.idsBySubjectAndSchema = lruMap(config.cacheCapacity());
        this.retrying = Failsafe.with(retryPolicy(config));
    }

    public RegistryConfig config() {
        return config;
    }

    /** Registers the schema under the subject (idempotent) and returns its global schema id. */
    public int register(String subject, Schema schema) {
        String key = subject + '\u0000' + schema;
        Integer cached = idsBySubjectAndSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode reply = send("POST", "/subjects/" + enc(subject) + "/versions", schemaBody(schema));
        int id = reply.path("id").asInt(-1);
        if (id < 0) {
            throw new RegistryException("Registry answered without an id: " + reply, 200, -1, null);
        }
        idsBySubjectAndSchema.put(key, id);
        schemasById.putIfAbsent(id, schema);
        return id;
    }

    /** The id of a schema already registered under the subject; 404 RegistryException if it is not. */
    public int lookupId(String subject, Schema schema) {
        String key = subject + '\u0000' + schema;
        Integer cached = idsBySubjectAndSchema.get(key);
        if (cached != null) {
            return cached;
        }
        JsonNode reply = send("POST", "/subjects/" + enc(subject), schemaBody(schema));
        int id = reply.path("id").asInt(-1);
        idsBySubjectAndSchema.put(key, id);
        return id;
    }

    /** The schema with this id (cached forever: ids never change meaning). */
    public Schema getSchemaById(int id) {
        Schema cached = schemasById.get(id);
        if (cached != null) {
            return cached;
        }
        JsonNode reply = send("GET", "/schemas/ids/" + id, null);
        Schema schema = parse(reply.path("schema").asText(), "id " + id);
        schemasById.put(id, schema);
        return schema;
    }

    public RegisteredSchema latest(String subject) {
        return version(subject, "latest");
    }

    public RegisteredSchema version(String subject, int version) {
        return version(subject, Integer.toString(version));
    }

    private RegisteredSchema version(String subject, String version) {
        JsonNode reply = send("GET", "/subjects/" + enc(subject) + "/versions/" + version, null);
        int id = reply.path("id").asInt();
        Schema schema = parse(reply.path("schema").asText(), subject + " version " + version);
        schemasById.putIfAbsent(id, schema);
        return new RegisteredSchema(
                reply.path("subject").asText(subject), reply.path("version").asInt(), id, schema);
    }

    public List<String> subjects() {
        JsonNode reply = send("GET", "/subjects", null);
        List<String> subjects = new ArrayList<>();
        reply.forEach(n -> subjects.add(n.asText()));
        return subjects;
    }

    public List<Integer> versions(String subject) {
        JsonNode reply = send("GET", "/subjects/" + enc(subject) + "/versions", null);
        List<Integer> versions = new ArrayList<>();
        reply.forEach(n -> versions.add(n.asInt()));
        return versions;
    }

    /** Whether the schema may be registered as the subject's next version under its compatibility rule. */
    public boolean isCompatible(String subject, Schema schema) {
        JsonNode reply =
                send("POST", "/compatibility/subjects/" + enc(subject) + "/versions/latest", schemaBody(schema));
        if (!reply.has("is_compatible")) {
            throw new RegistryException("Unexpected compatibility answer: " + reply, 200, -1, null);
        }
        return reply.get("is_compatible").asBoolean();
    }

    public CompatibilityLevel setCompatibility(String subject, CompatibilityLevel level) {
        return putConfig("/config/" + enc(subject), level);
    }

    public CompatibilityLevel setGlobalCompatibility(CompatibilityLevel level) {
        return putConfig("/config", level);
    }

    /** HTTP requests sent so far, retries included; shows what the caches save. */
    public long requestsSent() {
        return requestsSent.get();
    }

    private CompatibilityLevel putConfig(String path, CompatibilityLevel level) {
        ObjectNode body = JSON.createObjectNode().put("compatibility", level.name());
        JsonNode reply = send("PUT", path, body.toString());
        String answered = reply.path("compatibility")
                .asText(reply.path("compatibilityLevel").asText(level.name()));
        return CompatibilityLevel.valueOf(answered);
    }

    private static String schemaBody(Schema schema) {
        return JSON.createObjectNode()
                .put("schema", schema.toString())
                .put("schemaType", "AVRO")
                .toString();
    }

    private JsonNode send(String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(config.url() + path))
                .timeout(config.requestTimeout())
                .header("Accept", CONTENT_TYPE + ", application/json")
                .method(
                        method,
                        body == null
                                ? HttpRequest.BodyPublishers.noBody()
                                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8));
        if (body != null) {
            request.header("Content-Type", CONTENT_TYPE);
        }
        if (authorization != null) {
            request.header("Authorization", authorization);
        }
        HttpRequest built = request.build();

        int[] attempts = {0};
        HttpResponse<String> response;
        try {
            response = retrying.get(() -> {
                attempts[0]++;
                requestsSent.incrementAndGet();
                return http.send(built, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            });
        } catch (FailsafeException e) {
            Throwable cause = e.getCause() != null ? e.getCause() : e;
            if (cause instanceof InterruptedException) {
                Thread.currentThread().interrupt();
                throw new RegistryException("Interrupted calling " + built.uri(), 0, -1, cause);
            }
            throw new RegistryException(
                    method + " " + built.uri() + " failed after " + attempts[0] + " attempts: " + cause, 0, -1, cause);
        }
        int status = response.statusCode();
        if (status >= 200 && status < 300) {
            return readJson(response.body(), built);
        }
        throw error(method, built, status, response.body());
    }

    /**
     * Up to {@link RegistryConfig#maxRetries()} retries, with delays doubling from the initial to
     * the maximum backoff, of what may heal: I/O errors other than a failed TLS handshake (an
     * untrusted certificate stays untrusted), 5xx and 429. Every other status is the caller's
     * fault and final; an interrupt ends the retries.
     */
    private static RetryPolicy<HttpResponse<String>> retryPolicy(RegistryConfig config) {
        var builder = RetryPolicy.<HttpResponse<String>>builder()
                .handleIf((response, failure) -> failure != null
                        ? failure instanceof IOException && !(failure instanceof SSLHandshakeException)
                        : response != null && isTransient(response.statusCode()))
                .withMaxRetries(config.maxRetries());
        if (config.initialBackoff().compareTo(config.maxBackoff()) < 0) {
            builder.withBackoff(config.initialBackoff(), config.maxBackoff());
        } else {
            builder.withDelay(config.maxBackoff());
        }
        return builder.build();
    }

    private static boolean isTransient(int status) {
        return status >= 500 || status == 429;
    }

    private static JsonNode readJson(String body, HttpRequest request) {
        try {
            return JSON.readTree(body.isEmpty() ? "{}" : body);
        } catch (IOException e) {
            throw new RegistryException("Registry sent invalid JSON for " + request.uri() + ": " + body, 200, -1, e);
        }
    }

    private static RegistryException error(String method, HttpRequest request, int status, String body) {
        int errorCode = -1;
        String message = body;
        try {
            JsonNode node = JSON.readTree(body);
            errorCode = node.path("error_code").asInt(-1);
            message = node.path("message").asText(body);
        } catch (IOException notJson) {
            // The body is not JSON (a proxy's HTML page, say): report it verbatim below.
            message = body;
        }
        return new RegistryException(
                method + " " + request.uri() + " -> HTTP " + status
                        + (errorCode > 0 ? " (error " + errorCode + ")" : "") + ": " + message,
                status,
                errorCode,
                null);
    }

    private static Schema parse(String text, String what) {
        try {
            return new Schema.Parser().parse(text);
        } catch (RuntimeException e) {
            throw new RegistryException(
                    "Registry returned an unparsable Avro schema for " + what + ": " + e.getMessage(), 200, -1, e);
        }
    }

    private static String enc(String subject) {
        return URLEncoder.encode(subject, StandardCharsets.UTF_8).replace("+", "%20");
    }

    private static <K, V> Map<K, V> lruMap(int capacity) {
        return Collections.synchronizedMap(new LinkedHashMap<>(16, 0.75f, true) {
            @Override
            protected boolean removeEldestEntry(Map.Entry<K, V> eldest) {
                return size() > capacity;
            }
        });
    }
}
