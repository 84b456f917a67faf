package io.sosae.connectors.deadletter;

import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.connectors.registry.SchemaRegistryClient;
import io.sosae.connectors.serde.ConfluentAvroDeserializer;
import io.sosae.schemas.DeadLetter;
import java.time.Clock;
import java.util.Objects;
import org.apache.avro.specific.SpecificRecord;
import org.apache.flink.api.common.functions.OpenContext;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.ResultTypeQueryable;
import org.apache.flink.metrics.Counter;
import org.apache.flink.streaming.api.functions.ProcessFunction;
import org.apache.flink.util.Collector;
import org.apache.flink.util.OutputTag;

/**
 * Flink step after a raw-bytes Kafka source: decoded, valid records go downstream, everything else
 * goes to the {@link #DEAD_LETTERS} side output with a reason. The job never fails on bad input and
 * never drops it silently.
 *
 * <pre>{@code
 * SingleOutputStreamOperator<SensorFrame> frames = env
 *     .fromSource(KafkaSources.raw(settings, topic).build(), WatermarkStrategy.noWatermarks(), "frames")
 *     .process(new DecodeOrDeadLetter<>(registry, SensorFrame.class, SensorFrameValidator.anyDimension(4096)));
 * frames.getSideOutput(DecodeOrDeadLetter.DEAD_LETTERS)
 *     .sinkTo(KafkaSinks.deadLetters(settings, registry, DeliveryGuarantee.EXACTLY_ONCE));
 * }</pre>
 */
public final class DecodeOrDeadLetter<T extends SpecificRecord> extends ProcessFunction<RawKafkaRecord, T>
        implements ResultTypeQueryable<T> {

    private static final long serialVersionUID = 1L;

    public static final OutputTag<DeadLetter> DEAD_LETTERS =
            new OutputTag<>("dead-letters", TypeInformation.of(DeadLetter.class));

    /** Default limit on a raw value: 16 MiB, well above any frame the models take. */
    public static final int DEFAULT_MAX_VALUE_BYTES = 16 * 1024 * 1024;

    private final RegistryConfig registryConfig;
    private final Class<T> recordClass;
    private final RecordValidator<T> validator;
    private final int maxValueBytes;

    private transient DeadLetterRouter<T> router;
    private transient Counter accepted;
    private transient Counter deadLettered;

    public DecodeOrDeadLetter(RegistryConfig registryConfig, Class<T> recordClass, RecordValidator<T> validator) {
        this(registryConfig, recordClass, validator, DEFAULT_MAX_VALUE_BYTES);
    }

    public DecodeOrDeadLetter(
            RegistryConfig registryConfig, Class<T> recordClass, RecordValidator<T> validator, int maxValueBytes) {
        this.registryConfig = Objects.requireNonNull(registryConfig, "registryConfig");
        this.recordClass = Objects.requireNonNull(recordClass, "recordClass");
        this.validator = Objects.requireNonNull(validator, "validator");
        this.maxValueBytes = maxValueBytes;
    }

    @Override
    public void open(OpenContext openContext) {
        router = new DeadLetterRouter<>(
                new ConfluentAvroDeserializer<>(new SchemaRegistryClient(registryConfig), recordClass),
                validator,
                maxValueBytes,
                Clock.systemUTC());
        accepted = getRuntimeContext().getMetricGroup().counter("recordsDecoded");
        deadLettered = getRuntimeContext().getMetricGroup().counter("recordsDeadLettered");
    }

    @Override
    public void processElement(RawKafkaRecord raw, Context ctx, Collector<T> out) {
        Routed<T> routed = router.route(raw);
        if (routed instanceof Routed.Accepted<T> a) {
            accepted.inc();
            out.collect(a.value());
        } else if (routed instanceof Routed.Rejected<T> r) {
            deadLettered.inc();
            ctx.output(DEAD_LETTERS, r.deadLetter());
        }
    }

    @Override
    public TypeInformation<T> getProducedType() {
        return TypeInformation.of(recordClass);
    }
}
