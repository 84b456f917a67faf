package io.sosae.it;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.TestInstance;

/**
 * Base of the ITCases on the embedded runtime: one real broker and registry per test class,
 * started before its first test and stopped after its last.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
abstract class EmbeddedPlatformITCase {
    protected EmbeddedPlatform platform;

    @BeforeAll
    void startPlatform() {
        platform = EmbeddedPlatform.start();
    }

    @AfterAll
    void stopPlatform() {
        if (platform != null) {
            platform.close();
        }
    }
}
