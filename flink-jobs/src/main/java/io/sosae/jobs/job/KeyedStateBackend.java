package io.sosae.jobs.job;

import java.util.Arrays;
import java.util.Locale;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;

/**
 * Where the job's keyed state (model blobs, pending frames, timers) lives. The compressor keeps
 * at most {@code max-live-models} models in memory; the others rest in keyed state, so with many
 * keys the backend decides what a resting key costs:
 *
 * <ul>
 *   <li>{@link #HASHMAP}: Java objects on the TaskManager's heap, every checkpoint a full copy of
 *       all keys' state. Fastest per access; heap and checkpoint size grow with the keys.
 *   <li>{@link #ROCKSDB}: an embedded RocksDB on the TaskManager's local disk (its block cache and
 *       write buffers in Flink's managed memory, a fixed budget), incremental checkpoints that
 *       upload only the files written since the last one. A resting key costs disk, not memory.
 * </ul>
 */
public enum KeyedStateBackend {
    HASHMAP("hashmap"),
    ROCKSDB("rocksdb");

    private final String flinkName;

    KeyedStateBackend(String flinkName) {
        this.flinkName = flinkName;
    }

    /** The name Flink's {@code state.backend.type} takes, which is also what the option accepts. */
    public String flinkName() {
        return flinkName;
    }

    /** The backend a {@code --state-backend} value names, or an error that lists the choices. */
    public static KeyedStateBackend parse(String name) {
        String wanted = name.trim().toLowerCase(Locale.ROOT);
        return Arrays.stream(values())
                .filter(b -> b.flinkName.equals(wanted))
                .findFirst()
                .orElseThrow(() -> new IllegalArgumentException("--state-backend must be one of "
                        + Arrays.stream(values())
                                .map(KeyedStateBackend::flinkName)
                                .collect(Collectors.joining(", "))
                        + ", was '" + name + "'"));
    }

    /** Sets this backend (and, for RocksDB, incremental checkpoints) on a job's configuration. */
    public void configure(Configuration conf) {
        conf.set(StateBackendOptions.STATE_BACKEND, flinkName);
        conf.set(CheckpointingOptions.INCREMENTAL_CHECKPOINTS, this == ROCKSDB);
    }
}
