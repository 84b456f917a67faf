package io.sosae.jobs.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.model.codec.CodeEncoding;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.ParameterTool;
import org.junit.jupiter.api.Test;

/** The job's graph and command-line options, without running anything. */
class CompressionJobTest {

    private static final String[] ARGS = {
        "--bootstrap", "127.0.0.1:9092", "--registry", "http://127.0.0.1:8081/apis/ccompat/v7",
        "--input-dim", "64", "--capacity", "32", "--encoding", "int8", "--device", "cpu", "--batch-size", "16",
        "--max-wait-ms", "50", "--promote-every", "500", "--torch-threads", "2", "--input-topic", "in",
        "--codes-topic", "out", "--transactional-id-prefix", "tx", "--kafka.security.protocol", "PLAINTEXT"};

    @Test
    void everyOperatorHasItsStableUid() {
        ParameterTool p = ParameterTool.fromArgs(ARGS);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(1000);
        CompressionJob.buildKafka(env, CompressionJob.kafkaSettings(p), RegistryConfig.of(p.get("registry")),
                CompressionJob.config(p));
        StreamGraph graph = env.getStreamGraph();
        Set<String> uids = graph.getStreamNodes().stream().map(StreamNode::getTransformationUID)
                .filter(u -> u != null).collect(Collectors.toSet());
        assertThat(uids).contains(CompressionJob.Uids.RAW_SOURCE, CompressionJob.Uids.DECODE,
                CompressionJob.Uids.COMPRESSOR);
        for (String sink : List.of(CompressionJob.Uids.CODES_SINK, CompressionJob.Uids.DECODERS_SINK,
                CompressionJob.Uids.LENGTH_REPORTS_SINK, CompressionJob.Uids.DLQ_SINK)) {
            assertThat(uids).anySatisfy(u -> assertThat(u).startsWith(sink));
        }
        assertThat(graph.getStreamNodes()).filteredOn(n -> n.getTransformationUID() == null)
                .extracting(StreamNode::getOperatorName).as("operators without uid").isEmpty();
    }

    @Test
    void optionsMapOntoSettingsAndConfig() {
        ParameterTool p = ParameterTool.fromArgs(ARGS);
        KafkaSettings kafka = CompressionJob.kafkaSettings(p);
        assertThat(kafka.topics().sensorFrames()).isEqualTo("in");
        assertThat(kafka.topics().codes()).isEqualTo("out");
        assertThat(kafka.topics().decoders()).isEqualTo("sosae-decoders");
        assertThat(kafka.transactionalIdPrefix()).isEqualTo("tx");
        assertThat(kafka.clientProperties()).containsEntry("security.protocol", "PLAINTEXT");

        CompressionConfig c = CompressionJob.config(p);
        assertThat(c.inputDim()).isEqualTo(64);
        assertThat(c.capacity()).isEqualTo(32);
        assertThat(c.encoding()).isEqualTo(CodeEncoding.INT8);
        assertThat(c.batchSize()).isEqualTo(16);
        assertThat(c.maxWaitMillis()).isEqualTo(50);
        assertThat(c.toStreamOptions().promoteEvery()).isEqualTo(500);
        assertThat(c.torchThreads()).isEqualTo(2);
        assertThat(c.sharedModelKey()).isNull();
        assertThat(c.toAutoencoderConfig().push()).isPresent();
    }

    @Test
    void theConfigTravelsToTaskManagersAndRejectsBadValues() throws Exception {
        CompressionConfig c = CompressionConfig.builder(64).build();
        assertThat(InstantiationUtil.clone(c)).isEqualTo(c);
        assertThatThrownBy(() -> CompressionConfig.builder(64).capacity(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("capacity");
        assertThatThrownBy(() -> CompressionConfig.builder(64).promoteEvery(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("promoteEvery");
        assertThatThrownBy(() -> CompressionConfig.builder(64).maxValues(10).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("maxValues");
        assertThatThrownBy(() -> CompressionConfig.builder(64).batchSize(0).build())
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("batchSize");
    }
}
