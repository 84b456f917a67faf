package io.sosae.tools.cluster;

import io.sosae.connectors.kafka.KafkaSettings;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The compression job's command line for a cluster run: where it reads and writes (every topic,
 * the group and transactional ids of {@link KafkaSettings}), then any job or compression option;
 * a later value for the same option replaces the earlier one.
 */
public final class JobArguments {
    private final Map<String, String> options = new LinkedHashMap<>();

    private JobArguments() {}

    /** Topics, group and transactional ids from {@code settings}; the bootstrap and registry addresses as given. */
    public static JobArguments of(KafkaSettings settings, String bootstrap, String registryUrl) {
        var t = settings.topics();
        return new JobArguments()
                .set("bootstrap", bootstrap)
                .set("registry", registryUrl)
                .set("input-topic", t.sensorFrames())
                .set("codes-topic", t.codes())
                .set("decoders-topic", t.decoders())
                .set("reports-topic", t.lengthReports())
                .set("dlq-topic", t.deadLetters())
                .set("alerts-topic", t.driftAlerts())
                .set("group-id", settings.groupId())
                .set("transactional-id-prefix", settings.transactionalIdPrefix());
    }

    /** Sets {@code --key value} (key without the dashes). */
    public JobArguments set(String key, String value) {
        options.put(key.startsWith("--") ? key.substring(2) : key, value);
        return this;
    }

    /** {@code --key value} pairs in the order first set. */
    public List<String> toList() {
        List<String> args = new ArrayList<>();
        options.forEach((k, v) -> {
            args.add("--" + k);
            args.add(v);
        });
        return args;
    }
}
