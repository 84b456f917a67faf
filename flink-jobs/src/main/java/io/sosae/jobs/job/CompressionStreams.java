package io.sosae.jobs.job;

import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.DeadLetter;
import io.sosae.schemas.DecoderSnapshot;
import io.sosae.schemas.LengthReport;
import org.apache.flink.streaming.api.datastream.DataStream;

/** The four outputs of the compression pipeline, before they are written anywhere. */
public record CompressionStreams(DataStream<CompressedCode> codes, DataStream<DecoderSnapshot> decoders,
                                 DataStream<LengthReport> lengthReports, DataStream<DeadLetter> deadLetters) {

    /** Writes each stream to its sink, with stable uids ({@link CompressionJob.Uids}). */
    public void sinkTo(Sinks sinks) {
        codes.sinkTo(sinks.codes()).uid(CompressionJob.Uids.CODES_SINK).name("codes sink");
        decoders.sinkTo(sinks.decoders()).uid(CompressionJob.Uids.DECODERS_SINK).name("decoder snapshots sink");
        lengthReports.sinkTo(sinks.lengthReports()).uid(CompressionJob.Uids.LENGTH_REPORTS_SINK)
                .name("length reports sink");
        deadLetters.sinkTo(sinks.deadLetters()).uid(CompressionJob.Uids.DLQ_SINK).name("dead letters sink");
    }
}
