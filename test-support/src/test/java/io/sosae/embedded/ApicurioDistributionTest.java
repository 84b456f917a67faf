package io.sosae.embedded;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ApicurioDistributionTest {

    @Test
    void locatesTheDistributionTheBuildUnpacked() {
        // Surefire passes sosae.apicurio.home = test-support/target/apicurio.
        ApicurioDistribution dist = ApicurioDistribution.locate();

        assertThat(dist.runnerJar()).isRegularFile();
        assertThat(dist.home().resolve("lib")).isDirectory();
    }

    @Test
    void aDirectoryWithoutTheAppSaysHowToGetIt(@TempDir Path empty) {
        assertThatThrownBy(() -> ApicurioDistribution.at(empty))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("apicurio-registry-app-3.0.9-runner.jar")
                .hasMessageContaining("mvn -pl test-support generate-resources");
    }
}
