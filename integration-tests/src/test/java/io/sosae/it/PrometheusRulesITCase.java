package io.sosae.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The Prometheus alert rules shipped in docker/prometheus/rules, checked and unit-tested by
 * Prometheus's own promtool (Debian's {@code prometheus} package; {@link LocalPrometheus#tool}
 * installs it with apt-get when it is missing, the way .ci/run does).
 */
class PrometheusRulesITCase {
    private static final Path RULES = Path.of("..", "docker", "prometheus", "rules");
    private static String promtool;

    @BeforeAll
    static void findOrInstallPromtool() throws Exception {
        promtool = LocalPrometheus.tool("promtool", "prometheus");
    }

    private record Result(int exitCode, String output) {}

    private static Result run(List<String> command, Path dir, int timeoutSeconds)
            throws IOException, InterruptedException {
        Process p = new ProcessBuilder(command)
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start();
        byte[] out = p.getInputStream().readAllBytes();
        assertThat(p.waitFor(timeoutSeconds, TimeUnit.SECONDS))
                .as("%s finished", command)
                .isTrue();
        return new Result(p.exitValue(), new String(out, StandardCharsets.UTF_8));
    }

    @Test
    void theRulesAreValid() throws Exception {
        Result r = run(List.of(promtool, "check", "rules", "sosae-alerts.yml"), RULES, 60);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS: 3 rules found");
    }

    @Test
    void lengthAndErrorDriftAlertsFireOnTheStepAndNotOnTheSteadyKey() throws Exception {
        Result r = run(List.of(promtool, "test", "rules", "sosae-alerts.test.yml"), RULES, 60);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("SUCCESS");
    }

    @Test
    void thePrometheusConfigurationLoadsTheRules() throws Exception {
        Result r = run(List.of(promtool, "check", "config", "prometheus.yml"), RULES.getParent(), 60);
        assertThat(r.exitCode()).as(r.output()).isZero();
        assertThat(r.output()).contains("rules/sosae-alerts.yml").contains("SUCCESS: 3 rules found");
    }
}
