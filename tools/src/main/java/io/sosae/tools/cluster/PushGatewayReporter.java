package io.sosae.tools.cluster;

import java.util.Map;

/**
 * Flink configuration for its Prometheus PushGateway reporter: every JobManager and TaskManager
 * pushes its metrics to a Pushgateway that Prometheus scrapes. The pull reporter (what docker/
 * uses) serves on every interface of its host; on a shared machine pushing to a Pushgateway
 * bound to 127.0.0.1 keeps every listener local. The metric names are the same.
 */
public final class PushGatewayReporter {
    private static final String PREFIX = "metrics.reporter.promgateway.";

    private PushGatewayReporter() {}

    /**
     * @param url the Pushgateway, e.g. http://127.0.0.1:9091
     * @param jobName the Pushgateway job the processes push under (each process adds a suffix)
     */
    public static Map<String, String> configuration(String url, String jobName) {
        if (!url.startsWith("http://") && !url.startsWith("https://")) {
            throw new IllegalArgumentException(
                    "--pushgateway must be an http(s) URL, e.g. http://127.0.0.1:9091; was " + url);
        }
        return Map.of(
                PREFIX + "factory.class", "org.apache.flink.metrics.prometheus.PrometheusPushGatewayReporterFactory",
                PREFIX + "hostUrl", url,
                PREFIX + "jobName", jobName,
                PREFIX + "randomJobNameSuffix", "true",
                PREFIX + "deleteOnShutdown", "true",
                PREFIX + "interval", "5 SECONDS");
    }
}
