package io.sosae.jobs.operator;

import java.util.ArrayList;
import java.util.List;
import org.apache.flink.runtime.event.WatermarkEvent;
import org.apache.flink.streaming.api.operators.Output;
import org.apache.flink.streaming.api.watermark.Watermark;
import org.apache.flink.streaming.runtime.streamrecord.LatencyMarker;
import org.apache.flink.streaming.runtime.streamrecord.RecordAttributes;
import org.apache.flink.streaming.runtime.streamrecord.StreamRecord;
import org.apache.flink.streaming.runtime.watermarkstatus.WatermarkStatus;
import org.apache.flink.util.OutputTag;

/**
 * A harness output that keeps main and side-output records in one list, in emission order (the
 * harness's own output splits them into separate queues, which hides their relative order).
 */
final class OrderedOutput<T> implements Output<StreamRecord<T>> {

    /** One emitted record: tag null for the main output, timestamp null when the record has none. */
    record Emitted(String tag, Object value, Long timestamp) {}

    private final List<Emitted> events;

    OrderedOutput(List<Emitted> events) {
        this.events = events;
    }

    @Override
    public void collect(StreamRecord<T> record) {
        events.add(new Emitted(null, record.getValue(), record.hasTimestamp() ? record.getTimestamp() : null));
    }

    @Override
    public <X> void collect(OutputTag<X> tag, StreamRecord<X> record) {
        events.add(new Emitted(tag.getId(), record.getValue(), record.hasTimestamp() ? record.getTimestamp() : null));
    }

    @Override
    public void emitWatermark(Watermark mark) {}

    @Override
    public void emitWatermarkStatus(WatermarkStatus status) {}

    @Override
    public void emitLatencyMarker(LatencyMarker marker) {}

    @Override
    public void emitRecordAttributes(RecordAttributes attributes) {}

    @Override
    public void emitWatermark(WatermarkEvent event) {}

    @Override
    public void close() {}

    static List<Emitted> newList() {
        return new ArrayList<>();
    }
}
