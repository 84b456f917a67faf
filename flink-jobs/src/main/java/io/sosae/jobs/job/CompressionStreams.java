package io.sosae.jobs.job;

import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.DeadLetter;
import io.sosae.schemas.DecoderSnapshot;
import io.sosae.schemas.DriftAlert;
import io.sosae.schemas.LengthReport;
import org.apache.flink.streaming.api.datastream.DataStream;

/**
 * The five outputs of the compression pipeline, before they are written anywhere; {@code
 * uidPrefix} distinguishes the sinks of a second pipeline in the same job (images).
 */
public record CompressionStreams(
        DataStream<CompressedCode> codes,
        DataStream<DecoderSnapshot> decoders,
        DataStream<LengthReport> lengthReports,
        DataStream<DeadLetter> deadLetters,
        DataStream<DriftAlert> driftAlerts,
        String uidPrefix) {

    /** Writes each stream to its sink, with stable uids ({@link CompressionJob.Uids}). */
    public void sinkTo(Sinks sinks) {
        codes.sinkTo(sinks.codes())
                .uid(uidPrefix + CompressionJob.Uids.CODES_SINK)
                .name(uidPrefix + "codes sink");
        decoders.sinkTo(sinks.decoders())
                .uid(uidPrefix + CompressionJob.Uids.DECODERS_SINK)
                .name(uidPrefix + "decoder snapshots sink");
        lengthReports
                .sinkTo(sinks.lengthReports())
                .uid(uidPrefix + CompressionJob.Uids.LENGTH_REPORTS_SINK)
                .name(uidPrefix + "length reports sink");
        deadLetters
                .sinkTo(sinks.deadLetters())
                .uid(uidPrefix + CompressionJob.Uids.DLQ_SINK)
                .name(uidPrefix + "dead letters sink");
        driftAlerts
                .sinkTo(sinks.driftAlerts())
                .uid(uidPrefix + CompressionJob.Uids.ALERTS_SINK)
                .name(uidPrefix + "drift alerts sink");
    }
}
