package io.sosae.connectors.kafka;

import java.io.Serializable;
import java.time.Duration;
import java.util.Map;
import java.util.Objects;
import java.util.Properties;
import java.util.TreeMap;
import org.apache.kafka.clients.CommonClientConfigs;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.producer.ProducerConfig;

/**
 * Immutable connection settings for one Kafka cluster: bootstrap servers, pass-through client
 * properties (security.protocol, sasl.*, ssl.*, ...), topic names, consumer group and the
 * transactional-id prefix of exactly-once sinks.
 */
public final class KafkaSettings implements Serializable {

    private static final long serialVersionUID = 1L;

    private final String bootstrapServers;
    private final Map<String, String> clientProperties;
    private final Topics topics;
    private final String groupId;
    private final String transactionalIdPrefix;
    private final Duration transactionTimeout;

    private KafkaSettings(Builder b) {
        this.bootstrapServers = b.bootstrapServers;
        this.clientProperties = Map.copyOf(b.clientProperties);
        this.topics = b.topics;
        this.groupId = b.groupId;
        this.transactionalIdPrefix = b.transactionalIdPrefix;
        this.transactionTimeout = b.transactionTimeout;
    }

    public static Builder builder(String bootstrapServers) {
        return new Builder(bootstrapServers);
    }

    public String bootstrapServers() {
        return bootstrapServers;
    }

    public Map<String, String> clientProperties() {
        return clientProperties;
    }

    public Topics topics() {
        return topics;
    }

    public String groupId() {
        return groupId;
    }
    /** Null when not set: then only at-least-once sinks can be built. */
    public String transactionalIdPrefix() {
        return transactionalIdPrefix;
    }

    public Duration transactionTimeout() {
        return transactionTimeout;
    }

    /** Bootstrap servers plus the pass-through properties; a fresh copy each call. */
    public Properties clientConfig() {
        Properties p = new Properties();
        p.putAll(clientProperties);
        p.setProperty(CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        return p;
    }

    /** Producer config for plain (non-Flink) producers: acks=all and idempotence on. */
    public Properties producerConfig() {
        Properties p = clientConfig();
        p.putIfAbsent(ProducerConfig.ACKS_CONFIG, "all");
        p.putIfAbsent(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, "true");
        return p;
    }

    /** Consumer config that only sees committed transactional data. */
    public Properties consumerConfig() {
        Properties p = clientConfig();
        p.setProperty(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        p.putIfAbsent(ConsumerConfig.ISOLATION_LEVEL_CONFIG, "read_committed");
        return p;
    }

    @Override
    public String toString() {
        // Client properties may hold secrets (sasl.jaas.config): print keys only.
        return "KafkaSettings{bootstrap=" + bootstrapServers + ", properties="
                + new TreeMap<>(clientProperties).keySet() + ", topics=" + topics + ", groupId=" + groupId
                + ", transactionalIdPrefix=" + transactionalIdPrefix + '}';
    }

    public static final class Builder {
        private final String bootstrapServers;
        private final Map<String, String> clientProperties = new TreeMap<>();
        private Topics topics = Topics.defaults();
        private String groupId = "sosae";
        private String transactionalIdPrefix;
        // Must stay under the broker's transaction.max.timeout.ms (15 min by default), unlike Flink's 1 h default.
        private Duration transactionTimeout = Duration.ofMinutes(10);

        private Builder(String bootstrapServers) {
            if (bootstrapServers == null || bootstrapServers.isBlank()) {
                throw new IllegalArgumentException("bootstrapServers must be set, e.g. 127.0.0.1:9092");
            }
            this.bootstrapServers = bootstrapServers;
        }

        /** A client property passed to every producer and consumer (security.protocol, sasl.*, ssl.*, ...). */
        public Builder property(String key, String value) {
            Objects.requireNonNull(key, "key");
            Objects.requireNonNull(value, "value of " + key);
            if (CommonClientConfigs.BOOTSTRAP_SERVERS_CONFIG.equals(key)) {
                throw new IllegalArgumentException("Set bootstrap.servers through KafkaSettings.builder(...)");
            }
            clientProperties.put(key, value);
            return this;
        }

        public Builder properties(Map<String, String> properties) {
            properties.forEach(this::property);
            return this;
        }

        public Builder topics(Topics topics) {
            this.topics = Objects.requireNonNull(topics, "topics");
            return this;
        }

        public Builder groupId(String groupId) {
            if (groupId == null || groupId.isBlank()) {
                throw new IllegalArgumentException("groupId must not be blank");
            }
            this.groupId = groupId;
            return this;
        }

        /** Prefix of the transactional ids of exactly-once sinks; must be unique per job on a cluster. */
        public Builder transactionalIdPrefix(String prefix) {
            if (prefix == null || prefix.isBlank()) {
                throw new IllegalArgumentException("transactionalIdPrefix must not be blank");
            }
            this.transactionalIdPrefix = prefix;
            return this;
        }

        public Builder transactionTimeout(Duration timeout) {
            if (timeout == null || timeout.isNegative() || timeout.isZero()) {
                throw new IllegalArgumentException("transactionTimeout must be positive, got " + timeout);
            }
            this.transactionTimeout = timeout;
            return this;
        }

        public KafkaSettings build() {
            return new KafkaSettings(this);
        }
    }
}
