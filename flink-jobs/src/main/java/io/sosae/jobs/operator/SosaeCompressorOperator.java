package io.sosae.jobs.operator;

import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.SensorFrame;
import java.util.List;
import java.util.stream.Stream;
import org.apache.flink.runtime.state.VoidNamespace;
import org.apache.flink.runtime.state.VoidNamespaceSerializer;
import org.apache.flink.streaming.api.operators.BoundedOneInput;
import org.apache.flink.streaming.api.operators.InternalTimerService;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.api.operators.TimestampedCollector;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.util.OutputTag;

/**
 * The operator around {@link SosaeCompressor}: a plain {@link KeyedProcessOperator} that also
 * flushes every key's pending micro-batch when a bounded input ends. Flink does not fire pending
 * processing-time timers at the end of a bounded streaming job, so without this the last partial
 * batch of each key would be dropped silently. Records emitted here carry no timestamp.
 *
 * <pre>{@code
 * keyed.transform("SOSAE compressor", TypeInformation.of(CompressedCode.class),
 *                 new SosaeCompressorOperator(new SosaeCompressor(config)))
 * }</pre>
 */
public final class SosaeCompressorOperator extends KeyedProcessOperator<String, SensorFrame, CompressedCode>
        implements BoundedOneInput {

    private static final long serialVersionUID = 1L;

    /** KeyedProcessOperator's own timer service name. */
    private static final String USER_TIMERS = "user-timers";

    public SosaeCompressorOperator(SosaeCompressor compressor) {
        super(compressor);
    }

    @Override
    public void endInput() throws Exception {
        List<String> keys;
        // Keys with pending frames: only they hold a pending count. Collected first, since
        // flushing clears the state being iterated.
        try (Stream<String> pendingKeys = this.<String>getKeyedStateBackend()
                .getKeys(SosaeCompressor.PENDING_COUNT, VoidNamespace.INSTANCE)) {
            keys = pendingKeys.toList();
        }
        if (keys.isEmpty()) {
            return;
        }
        InternalTimerService<VoidNamespace> timers =
                getInternalTimerService(USER_TIMERS, VoidNamespaceSerializer.INSTANCE, this);
        TimestampedCollector<CompressedCode> codes = new TimestampedCollector<>(output);
        codes.eraseTimestamp();
        SosaeCompressor compressor = (SosaeCompressor) userFunction;
        for (String key : keys) {
            setCurrentKey(key);
            compressor.flushAtEndOfInput(new SosaeCompressor.FlushContext() {
                @Override
                public String key() {
                    return key;
                }

                @Override
                public long currentProcessingTime() {
                    return getProcessingTimeService().getCurrentProcessingTime();
                }

                @Override
                public void deleteProcessingTimeTimer(long time) {
                    timers.deleteProcessingTimeTimer(VoidNamespace.INSTANCE, time);
                }

                @Override
                public <X> void output(OutputTag<X> tag, X value) {
                    output.collect(tag, new StreamRecord<>(value));
                }
            }, codes);
        }
    }
}
