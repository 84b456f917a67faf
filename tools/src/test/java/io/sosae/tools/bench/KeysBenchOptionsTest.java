package io.sosae.tools.bench;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sosae.jobs.job.KeyedStateBackend;
import java.util.List;
import org.junit.jupiter.api.Test;

class KeysBenchOptionsTest {

    private static KeysBench.Options with(List<Integer> streams, List<KeyedStateBackend> backends, int live) {
        return new KeysBench.Options(streams, 300, backends, live, 1000, "2g", false, java.util.Map.of(), 600);
    }

    @Test
    void keyCountsBackendsAndTheLiveSetAreChecked() {
        List<KeyedStateBackend> both = List.of(KeyedStateBackend.HASHMAP, KeyedStateBackend.ROCKSDB);
        assertThat(with(List.of(1000, 3000), both, 100).streams()).containsExactly(1000, 3000);
        assertThatThrownBy(() -> with(List.of(), both, 100)).hasMessageContaining("--streams");
        assertThatThrownBy(() -> with(List.of(10, 0), both, 100)).hasMessageContaining("--streams");
        assertThatThrownBy(() -> with(List.of(10), List.of(), 100)).hasMessageContaining("--state-backends");
        assertThatThrownBy(() -> with(List.of(10), both, 0)).hasMessageContaining("--max-live-models");
    }
}
