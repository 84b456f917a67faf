package io.sosae.embedded;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Finds the unpacked Apicurio Registry app (the directory holding
 * {@code apicurio-registry-app-<version>-runner.jar} and {@code lib/}). Looked up in order:
 * system property {@value #HOME_PROPERTY}, environment variable {@value #HOME_ENV}, then
 * {@code test-support/target/apicurio} (where the connectors build unpacks it) relative to the working
 * directory and its parents.
 */
public final class ApicurioDistribution {

    public static final String VERSION = "3.0.9";
    public static final String HOME_PROPERTY = "sosae.apicurio.home";
    public static final String HOME_ENV = "SOSAE_APICURIO_HOME";
    static final String RUNNER_JAR = "apicurio-registry-app-" + VERSION + "-runner.jar";

    private final Path home;

    private ApicurioDistribution(Path home) {
        this.home = home;
    }

    public static ApicurioDistribution at(Path home) {
        Path dir = home.toAbsolutePath().normalize();
        if (!Files.isRegularFile(dir.resolve(RUNNER_JAR))) {
            throw new IllegalStateException("No " + RUNNER_JAR + " in " + dir
                    + "; unpack io.apicurio:apicurio-registry-app:" + VERSION + ":tar.gz:all there"
                    + " (mvn -pl test-support generate-resources does it into test-support/target/apicurio)");
        }
        return new ApicurioDistribution(dir);
    }

    public static ApicurioDistribution locate() {
        String property = System.getProperty(HOME_PROPERTY);
        if (property != null && !property.isBlank()) {
            return at(Path.of(property));
        }
        String env = System.getenv(HOME_ENV);
        if (env != null && !env.isBlank()) {
            return at(Path.of(env));
        }
        List<Path> tried = new ArrayList<>();
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            for (Path candidate :
                    List.of(dir.resolve("test-support/target/apicurio"), dir.resolve("target/apicurio"))) {
                tried.add(candidate);
                if (Files.isRegularFile(candidate.resolve(RUNNER_JAR))) {
                    return new ApicurioDistribution(candidate);
                }
            }
        }
        throw new IllegalStateException(
                "Apicurio Registry " + VERSION + " not found. Set -D" + HOME_PROPERTY + "=<dir> or " + HOME_ENV
                        + ", or build it with `mvn -pl test-support generate-resources`. Tried: " + tried);
    }

    public Path home() {
        return home;
    }

    public Path runnerJar() {
        return home.resolve(RUNNER_JAR);
    }
}
