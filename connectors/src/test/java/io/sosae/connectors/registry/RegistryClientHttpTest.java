package io.sosae.connectors.registry;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import com.sun.net.httpserver.HttpsConfigurator;
import com.sun.net.httpserver.HttpsServer;
import io.sosae.embedded.FreePorts;
import io.sosae.schemas.SensorFrame;
import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.KeyStore;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLContext;
import org.apache.avro.Schema;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Transport behaviour (retries, auth header, TLS) against a real local HTTP(S) server whose answers
 * the test scripts; Apicurio cannot be made to fail on cue or to require basic auth without an
 * identity server.
 */
class RegistryClientHttpTest {

    private static final String SCHEMA_REPLY =
            "{\"schema\":" + quote(SensorFrame.getClassSchema().toString()) + "}";

    private HttpServer server;
    private final List<String> authorizations = new CopyOnWriteArrayList<>();

    @AfterEach
    void stop() {
        if (server != null) {
            server.stop(0);
        }
    }

    @Test
    void retriesServerErrorsWithBackoffThenSucceeds() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        start(exchange -> {
            if (calls.incrementAndGet() <= 2) {
                reply(exchange, 503, "{\"error_code\":50301,\"message\":\"busy\"}");
            } else {
                reply(exchange, 200, SCHEMA_REPLY);
            }
        });
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.builder(url())
                .retries(3, Duration.ofMillis(50), Duration.ofMillis(200))
                .build());

        long start = System.nanoTime();
        Schema schema = client.getSchemaById(7);

        assertThat(schema).isEqualTo(SensorFrame.getClassSchema());
        assertThat(calls).hasValue(3);
        assertThat(client.requestsSent()).isEqualTo(3);
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(150));
    }

    @Test
    void givesUpAfterMaxRetries() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        start(exchange -> {
            calls.incrementAndGet();
            reply(exchange, 500, "{\"error_code\":50001,\"message\":\"store down\"}");
        });
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.builder(url())
                .retries(2, Duration.ofMillis(10), Duration.ofMillis(10))
                .build());

        assertThatThrownBy(() -> client.getSchemaById(1)).isInstanceOfSatisfying(RegistryException.class, e -> {
            assertThat(e.httpStatus()).isEqualTo(500);
            assertThat(e.errorCode()).isEqualTo(50001);
            assertThat(e).hasMessageContaining("store down");
        });
        assertThat(calls).hasValue(3);
    }

    @Test
    void clientErrorsAreNotRetried() throws IOException {
        AtomicInteger calls = new AtomicInteger();
        start(exchange -> {
            calls.incrementAndGet();
            reply(exchange, 422, "{\"error_code\":42201,\"message\":\"Invalid schema\"}");
        });
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.of(url()));

        assertThatThrownBy(() -> client.register("s-value", SensorFrame.getClassSchema()))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.errorCode()).isEqualTo(42201));
        assertThat(calls).hasValue(1);
    }

    @Test
    void unreachableRegistryIsRetriedThenReported() {
        String url = "http://127.0.0.1:" + FreePorts.pick();
        SchemaRegistryClient client = new SchemaRegistryClient(RegistryConfig.builder(url)
                .retries(2, Duration.ofMillis(10), Duration.ofMillis(20))
                .build());

        assertThatThrownBy(() -> client.getSchemaById(1))
                .isInstanceOfSatisfying(
                        RegistryException.class, e -> assertThat(e.httpStatus()).isZero())
                .hasMessageContaining("after 3 attempts");
        assertThat(client.requestsSent()).isEqualTo(3);
    }

    @Test
    void sendsBasicAuthAndNeverPrintsThePassword() throws IOException {
        start(exchange -> {
            authorizations.add(exchange.getRequestHeaders().getFirst("Authorization"));
            reply(exchange, 200, "{\"id\":5}");
        });
        RegistryConfig config =
                RegistryConfig.builder(url()).basicAuth("sosae", "s3cret").build();

        int id = new SchemaRegistryClient(config).register("s-value", SensorFrame.getClassSchema());

        assertThat(id).isEqualTo(5);
        assertThat(authorizations).containsExactly("Basic c29zYWU6czNjcmV0"); // base64("sosae:s3cret")
        assertThat(config.toString()).doesNotContain("s3cret");
    }

    @Test
    void talksTlsWithTheConfiguredTrustStore(@TempDir Path dir) throws Exception {
        TestCertificates certs = TestCertificates.create(dir);
        HttpsServer https = HttpsServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        https.setHttpsConfigurator(new HttpsConfigurator(serverContext(certs)));
        https.createContext("/", exchange -> reply(exchange, 200, SCHEMA_REPLY));
        https.start();
        server = https;
        String url = "https://127.0.0.1:" + https.getAddress().getPort();

        SchemaRegistryClient trusting = new SchemaRegistryClient(RegistryConfig.builder(url)
                .ssl(SslContextFactory.trustStore(certs.trustStore(), TestCertificates.PASSWORD, "PKCS12"))
                .build());
        SchemaRegistryClient defaultTrust = new SchemaRegistryClient(RegistryConfig.builder(url)
                .retries(3, Duration.ofMillis(10), Duration.ofMillis(10))
                .build());

        assertThat(trusting.getSchemaById(3)).isEqualTo(SensorFrame.getClassSchema());
        assertThatThrownBy(() -> defaultTrust.getSchemaById(3)).isInstanceOf(RegistryException.class);
        assertThat(defaultTrust.requestsSent())
                .as("handshake failures are not retried")
                .isEqualTo(1);
    }

    @Test
    void rejectsNonHttpUrls() {
        assertThatThrownBy(() -> RegistryConfig.of("127.0.0.1:8081"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("http(s)");
    }

    private static SSLContext serverContext(TestCertificates certs) throws Exception {
        KeyStore keyStore = KeyStore.getInstance("PKCS12");
        try (var in = java.nio.file.Files.newInputStream(certs.keyStore())) {
            keyStore.load(in, TestCertificates.PASSWORD.toCharArray());
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(keyStore, TestCertificates.PASSWORD.toCharArray());
        SSLContext context = SSLContext.getInstance("TLS");
        context.init(kmf.getKeyManagers(), null, null);
        return context;
    }

    private interface Handler {
        void handle(HttpExchange exchange) throws IOException;
    }

    private void start(Handler handler) throws IOException {
        server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
        server.createContext("/", handler::handle);
        server.start();
    }

    private String url() {
        return "http://127.0.0.1:" + server.getAddress().getPort();
    }

    private static void reply(HttpExchange exchange, int status, String body) throws IOException {
        exchange.getRequestBody().readAllBytes();
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/vnd.schemaregistry.v1+json");
        exchange.sendResponseHeaders(status, bytes.length);
        exchange.getResponseBody().write(bytes);
        exchange.close();
    }

    private static String quote(String s) {
        return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
    }
}
