package io.sosae.connectors.deadletter;

import static org.assertj.core.api.Assertions.assertThat;

import io.sosae.schemas.DeadLetter;
import io.sosae.schemas.SensorFrame;
import org.apache.flink.api.common.typeinfo.TypeInformation;
import org.apache.flink.api.java.typeutils.PojoTypeInfo;
import org.apache.flink.formats.avro.typeutils.AvroTypeInfo;
import org.junit.jupiter.api.Test;

/** What flows between Flink operators must use Flink's own serializers, not the Kryo fallback. */
class FlinkTypesTest {

    @Test
    void rawRecordsArePojosAndAvroRecordsUseAvroTypeInfo() {
        assertThat(TypeInformation.of(RawKafkaRecord.class)).isInstanceOf(PojoTypeInfo.class);
        assertThat(TypeInformation.of(SensorFrame.class)).isInstanceOf(AvroTypeInfo.class);
        assertThat(DecodeOrDeadLetter.DEAD_LETTERS.getTypeInfo()).isInstanceOf(AvroTypeInfo.class);
        assertThat(TypeInformation.of(DeadLetter.class)).isInstanceOf(AvroTypeInfo.class);
    }
}
