package io.sosae.jobs.operator;

import io.sosae.connectors.deadletter.DeadLetters;
import io.sosae.connectors.deadletter.RawKafkaRecord;
import io.sosae.model.codec.CodeCodec;
import io.sosae.model.codec.EncodedCode;
import io.sosae.model.core.DecoderSlice;
import io.sosae.model.stream.Promotion;
import io.sosae.schemas.CodeEncoding;
import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.DeadLetter;
import io.sosae.schemas.DeadLetterReason;
import io.sosae.schemas.DecoderSnapshot;
import io.sosae.schemas.LengthReport;
import io.sosae.schemas.Method;
import io.sosae.schemas.SensorFrame;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/** Turns model-lib values (codes, promotions) into the Avro records on the wire. */
public final class CodeRecords {

    /** Source topic named in dead letters the compressor itself produces. */
    public static final String COMPRESSOR_SOURCE = "sosae-compressor";

    private CodeRecords() {}

    /**
     * A frame's code as packed ({@link io.sosae.model.codec.CodePacker}), length = the serving
     * length, with the error of the frame decoded from it.
     */
    public static CompressedCode code(
            SensorFrame frame,
            String modelKey,
            io.sosae.model.core.Method method,
            long modelVersion,
            EncodedCode packed,
            float reconstructionError) {
        return CompressedCode.newBuilder()
                .setStreamId(frame.getStreamId())
                .setSeq(frame.getSeq())
                .setEventTime(frame.getEventTime())
                .setModelKey(modelKey)
                .setModelVersion(modelVersion)
                .setMethod(wire(method))
                .setInputDim(frame.getValues().size())
                .setLength(packed.length())
                .setEncoding(wire(packed.encoding()))
                .setScale(packed.scale())
                .setPayload(ByteBuffer.wrap(packed.payload()))
                .setReconstructionError(reconstructionError)
                .setLabel(frame.getLabel())
                .build();
    }

    /**
     * The decoder of a serving version: weights row-major [inputDim x sliceWidth] float32 LE (output
     * i's weight on unit j at i * sliceWidth + j), bias float32 LE; no input normalisation.
     */
    public static DecoderSnapshot snapshot(
            String modelKey,
            io.sosae.model.core.Method method,
            Promotion p,
            io.sosae.model.codec.CodeEncoding encoding,
            long nowMillis) {
        DecoderSlice slice = p.decoder();
        return DecoderSnapshot.newBuilder()
                .setModelKey(modelKey)
                .setModelVersion(p.modelVersion())
                .setMethod(wire(method))
                .setInputDim(slice.inputDim())
                .setCapacity(p.capacity())
                .setActiveLength(p.emittedLength()) // what every code of this version holds
                .setSliceWidth(slice.width())
                .setEncoding(wire(encoding))
                .setWeights(ByteBuffer.wrap(CodeCodec.floatsToBytes(slice.weights())))
                .setBias(ByteBuffer.wrap(CodeCodec.floatsToBytes(slice.bias())))
                .setOutputSigmoid(slice.outputSigmoid())
                .setInputMean(null)
                .setInputScale(null)
                .setCreatedAt(nowMillis)
                .build();
    }

    /**
     * Length and loss statistics of a promoted version. Compression ratio = inputDim / emitted
     * length; push loss carries the method's regulariser term (0 for methods without one).
     */
    public static LengthReport report(String modelKey, Promotion p, int inputDim, double flops, long nowMillis) {
        return LengthReport.newBuilder()
                .setModelKey(modelKey)
                .setModelVersion(p.modelVersion())
                .setActiveLength(p.activeLength())
                .setCapacity(p.capacity())
                .setEmittedLength(p.emittedLength())
                .setReconstructionLoss(p.reconstructionLoss())
                .setPushLoss(p.regularizerLoss())
                .setSamplesSeen(p.samplesSeen())
                .setCompressionRatio((double) inputDim / p.emittedLength())
                .setTime(nowMillis)
                .setFlops(Double.isNaN(flops) ? null : flops)
                .build();
    }

    /**
     * A frame the serving model cannot code (a NaN/Inf code value, e.g. from finite but huge
     * inputs). Source topic {@value #COMPRESSOR_SOURCE}, partition -1, offset = seq, key = streamId,
     * value = the frame in Avro single-object encoding.
     */
    public static DeadLetter nonFiniteCode(SensorFrame frame, String modelKey, long modelVersion, long nowMillis) {
        byte[] value;
        try {
            ByteBuffer b = frame.toByteBuffer();
            value = new byte[b.remaining()];
            b.get(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        RawKafkaRecord source = new RawKafkaRecord(
                COMPRESSOR_SOURCE,
                -1,
                frame.getSeq(),
                frame.getEventTime().toEpochMilli(),
                frame.getStreamId().getBytes(StandardCharsets.UTF_8),
                value);
        return DeadLetters.of(
                source,
                DeadLetterReason.NON_FINITE,
                "model " + modelKey + " version " + modelVersion + " produced a non-finite code for stream "
                        + frame.getStreamId() + " seq " + frame.getSeq(),
                nowMillis);
    }

    static CodeEncoding wire(io.sosae.model.codec.CodeEncoding encoding) {
        return CodeEncoding.valueOf(encoding.name());
    }

    static Method wire(io.sosae.model.core.Method method) {
        return Method.valueOf(method.name());
    }
}
