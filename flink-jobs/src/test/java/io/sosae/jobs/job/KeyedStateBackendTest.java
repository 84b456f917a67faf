package io.sosae.jobs.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.junit.jupiter.api.Test;

class KeyedStateBackendTest {

    @Test
    void namesParseCaseInsensitivelyAndUnknownOnesListTheChoices() {
        assertThat(KeyedStateBackend.parse("rocksdb")).isEqualTo(KeyedStateBackend.ROCKSDB);
        assertThat(KeyedStateBackend.parse(" HashMap ")).isEqualTo(KeyedStateBackend.HASHMAP);
        assertThatThrownBy(() -> KeyedStateBackend.parse("memory"))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--state-backend must be one of hashmap, rocksdb")
                .hasMessageContaining("'memory'");
    }

    @Test
    void rocksDbTurnsOnIncrementalCheckpointsAndHashMapTurnsThemOff() {
        Configuration rocks = new Configuration();
        KeyedStateBackend.ROCKSDB.configure(rocks);
        assertThat(rocks.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("rocksdb");
        assertThat(rocks.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isTrue();

        Configuration heap = new Configuration();
        KeyedStateBackend.HASHMAP.configure(heap);
        assertThat(heap.get(StateBackendOptions.STATE_BACKEND)).isEqualTo("hashmap");
        assertThat(heap.get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS)).isFalse();
    }

    @Test
    void theJobOptionIsValidatedAndAbsentMeansTheClustersChoice() {
        Configuration args = new Configuration();
        assertThat(JobOptions.stateBackend(args)).isEmpty();
        args.setString("state-backend", "rocksdb");
        assertThat(JobOptions.stateBackend(args)).contains(KeyedStateBackend.ROCKSDB);
        args.setString("state-backend", "disk");
        assertThatThrownBy(() -> JobOptions.stateBackend(args)).hasMessageContaining("hashmap, rocksdb");
        assertThat(JobOptions.keys()).contains("state-backend");
    }
}
