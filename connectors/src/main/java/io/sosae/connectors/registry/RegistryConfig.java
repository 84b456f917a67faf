package io.sosae.connectors.registry;

import java.io.Serializable;
import java.net.URI;
import java.time.Duration;
import java.util.Objects;

/**
 * Immutable settings of a {@link SchemaRegistryClient}: where the Confluent-compatible API lives
 * (for Apicurio: {@code http://host:port/apis/ccompat/v7}), credentials, TLS, timeouts, retries.
 * Serializable so Flink serialization schemas can carry it to the task managers.
 */
public final class RegistryConfig implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String url;
    private final String username;
    private final String password;
    private final SslContextFactory sslContextFactory;
    private final Duration connectTimeout;
    private final Duration requestTimeout;
    private final int maxRetries;
    private final Duration initialBackoff;
    private final Duration maxBackoff;
    private final int cacheCapacity;

    private RegistryConfig(Builder b) {
        this.url = stripTrailingSlash(b.url);
        this.username = b.username;
        this.password = b.password;
        this.sslContextFactory = b.sslContextFactory;
        this.connectTimeout = b.connectTimeout;
        this.requestTimeout = b.requestTimeout;
        this.maxRetries = b.maxRetries;
        this.initialBackoff = b.initialBackoff;
        this.maxBackoff = b.maxBackoff;
        this.cacheCapacity = b.cacheCapacity;
    }

    public static Builder builder(String url) {
        return new Builder(url);
    }

    public static RegistryConfig of(String url) {
        return builder(url).build();
    }

    public String url() {
        return url;
    }

    public boolean hasBasicAuth() {
        return username != null;
    }

    public String username() {
        return username;
    }

    String password() {
        return password;
    }

    public SslContextFactory sslContextFactory() {
        return sslContextFactory;
    }

    public Duration connectTimeout() {
        return connectTimeout;
    }

    public Duration requestTimeout() {
        return requestTimeout;
    }

    public int maxRetries() {
        return maxRetries;
    }

    public Duration initialBackoff() {
        return initialBackoff;
    }

    public Duration maxBackoff() {
        return maxBackoff;
    }

    public int cacheCapacity() {
        return cacheCapacity;
    }

    @Override
    public String toString() {
        // Never print the password.
        return "RegistryConfig{url=" + url + ", basicAuth=" + hasBasicAuth() + ", tls=" + (sslContextFactory != null)
                + ", maxRetries=" + maxRetries + '}';
    }

    private static String stripTrailingSlash(String s) {
        return s.endsWith("/") ? s.substring(0, s.length() - 1) : s;
    }

    /** Builder with defaults: 5 s connect, 10 s request, 5 retries from 100 ms up to 5 s. */
    public static final class Builder {
        private final String url;
        private String username;
        private String password;
        private SslContextFactory sslContextFactory;
        private Duration connectTimeout = Duration.ofSeconds(5);
        private Duration requestTimeout = Duration.ofSeconds(10);
        private int maxRetries = 5;
        private Duration initialBackoff = Duration.ofMillis(100);
        private Duration maxBackoff = Duration.ofSeconds(5);
        private int cacheCapacity = 1000;

        private Builder(String url) {
            Objects.requireNonNull(url, "registry url");
            if (!url.startsWith("http://") && !url.startsWith("https://")) {
                throw new IllegalArgumentException("Registry url must be http(s)://..., got: " + url);
            }
            URI uri = URI.create(url);
            if (uri.getHost() == null) {
                throw new IllegalArgumentException("Registry url must be http(s)://..., got: " + url);
            }
            this.url = url;
        }

        public Builder basicAuth(String username, String password) {
            this.username = Objects.requireNonNull(username, "username");
            this.password = Objects.requireNonNull(password, "password");
            return this;
        }

        /** TLS for https URLs; without it the JVM's default trust store is used. */
        public Builder ssl(SslContextFactory factory) {
            this.sslContextFactory = Objects.requireNonNull(factory, "sslContextFactory");
            return this;
        }

        public Builder connectTimeout(Duration d) {
            this.connectTimeout = positive(d, "connectTimeout");
            return this;
        }

        public Builder requestTimeout(Duration d) {
            this.requestTimeout = positive(d, "requestTimeout");
            return this;
        }

        /** Retries after the first attempt, on I/O errors, 5xx and 429 only. */
        public Builder retries(int maxRetries, Duration initialBackoff, Duration maxBackoff) {
            if (maxRetries < 0) {
                throw new IllegalArgumentException("maxRetries must be >= 0, got " + maxRetries);
            }
            this.maxRetries = maxRetries;
            this.initialBackoff = positive(initialBackoff, "initialBackoff");
            this.maxBackoff = positive(maxBackoff, "maxBackoff");
            return this;
        }

        public Builder cacheCapacity(int capacity) {
            if (capacity < 1) {
                throw new IllegalArgumentException("cacheCapacity must be >= 1, got " + capacity);
            }
            this.cacheCapacity = capacity;
            return this;
        }

        public RegistryConfig build() {
            return new RegistryConfig(this);
        }

        private static Duration positive(Duration d, String name) {
            if (d == null || d.isNegative() || d.isZero()) {
                throw new IllegalArgumentException(name + " must be positive, got " + d);
            }
            return d;
        }
    }
}
