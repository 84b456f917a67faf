package io.sosae.jobs.job;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sosae.connectors.kafka.KafkaSettings;
import io.sosae.connectors.registry.RegistryConfig;
import io.sosae.jobs.config.CompressionConfig;
import io.sosae.jobs.config.CompressionOptions;
import io.sosae.model.codec.CodeEncoding;
import io.sosae.model.core.Method;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.apache.flink.configuration.CheckpointingOptions;
import org.apache.flink.configuration.Configuration;
import org.apache.flink.configuration.StateBackendOptions;
import org.apache.flink.streaming.api.environment.StreamExecutionEnvironment;
import org.apache.flink.streaming.api.graph.StreamGraph;
import org.apache.flink.streaming.api.graph.StreamNode;
import org.apache.flink.util.InstantiationUtil;
import org.apache.flink.util.ParameterTool;
import org.junit.jupiter.api.Test;

/** The job's graph and command-line options, without running anything. */
class CompressionJobTest {

    private static final String[] ARGS = {
        "--bootstrap",
        "127.0.0.1:9092",
        "--registry",
        "http://127.0.0.1:8081/apis/ccompat/v7",
        "--input-dim",
        "64",
        "--capacity",
        "32",
        "--encoding",
        "int8",
        "--device",
        "cpu",
        "--batch-size",
        "16",
        "--max-wait",
        "50ms",
        "--promote-every",
        "500",
        "--torch-threads",
        "2",
        "--input-topic",
        "in",
        "--codes-topic",
        "out",
        "--transactional-id-prefix",
        "tx",
        "--kafka.security.protocol",
        "PLAINTEXT",
        "--method",
        "pca",
        "--checkpoint-interval",
        "5s"
    };

    private static Map<String, String> args(String... args) {
        return ParameterTool.fromArgs(args).toMap();
    }

    private static Configuration job(Map<String, String> args) {
        Configuration c = new Configuration();
        args.forEach(c::setString);
        return c;
    }

    @Test
    void everyOperatorHasItsStableUid() {
        Map<String, String> a = args(ARGS);
        StreamExecutionEnvironment env = StreamExecutionEnvironment.getExecutionEnvironment();
        env.enableCheckpointing(1000);
        CompressionJob.buildKafka(
                env,
                JobOptions.kafkaSettings(job(a), a),
                RegistryConfig.of(a.get("registry")),
                CompressionConfig.fromArgs(a, JobOptions.keys()));
        StreamGraph graph = env.getStreamGraph();
        Set<String> uids = graph.getStreamNodes().stream()
                .map(StreamNode::getTransformationUID)
                .filter(u -> u != null)
                .collect(Collectors.toSet());
        assertThat(uids)
                .contains(CompressionJob.Uids.RAW_SOURCE, CompressionJob.Uids.DECODE, CompressionJob.Uids.COMPRESSOR);
        for (String sink : List.of(
                CompressionJob.Uids.CODES_SINK,
                CompressionJob.Uids.DECODERS_SINK,
                CompressionJob.Uids.LENGTH_REPORTS_SINK,
                CompressionJob.Uids.DLQ_SINK)) {
            assertThat(uids).anySatisfy(u -> assertThat(u).startsWith(sink));
        }
        assertThat(graph.getStreamNodes())
                .filteredOn(n -> n.getTransformationUID() == null)
                .extracting(StreamNode::getOperatorName)
                .as("operators without uid")
                .isEmpty();
    }

    @Test
    void theStateBackendOptionReachesTheJobsEnvironment() {
        StreamExecutionEnvironment rocks = CompressionJob.environment(
                job(args("--checkpoint-interval", "5s", "--state-backend", "rocksdb", "--parallelism", "3")));
        assertThat(rocks.getConfiguration().get(StateBackendOptions.STATE_BACKEND))
                .isEqualTo("rocksdb");
        assertThat(rocks.getConfiguration().get(CheckpointingOptions.INCREMENTAL_CHECKPOINTS))
                .isTrue();
        assertThat(rocks.getCheckpointConfig().getCheckpointInterval()).isEqualTo(5000);
        assertThat(rocks.getParallelism()).isEqualTo(3);

        StreamExecutionEnvironment unset = CompressionJob.environment(job(args("--checkpoint-interval", "5s")));
        assertThat(unset.getConfiguration().getOptional(StateBackendOptions.STATE_BACKEND))
                .as("unset: the cluster's choice")
                .isEmpty();
        assertThatThrownBy(() -> CompressionJob.environment(
                        job(args("--checkpoint-interval", "5s", "--state-backend", "filesystem"))))
                .hasMessageContaining("--state-backend must be one of hashmap, rocksdb");
        assertThatThrownBy(() -> CompressionJob.environment(job(args("--state-backend", "rocksdb"))))
                .hasMessageContaining("checkpointing is off");
    }

    @Test
    void optionsMapOntoSettingsAndConfig() {
        Map<String, String> a = args(ARGS);
        KafkaSettings kafka = JobOptions.kafkaSettings(job(a), a);
        assertThat(kafka.topics().sensorFrames()).isEqualTo("in");
        assertThat(kafka.topics().codes()).isEqualTo("out");
        assertThat(kafka.topics().decoders()).isEqualTo("sosae-decoders");
        assertThat(kafka.transactionalIdPrefix()).isEqualTo("tx");
        assertThat(kafka.clientProperties()).containsEntry("security.protocol", "PLAINTEXT");
        assertThat(job(a).get(JobOptions.CHECKPOINT_INTERVAL)).hasSeconds(5);

        CompressionConfig c = CompressionConfig.fromArgs(a, JobOptions.keys());
        assertThat(c.method()).isEqualTo(Method.PCA);
        assertThat(c.inputDim()).isEqualTo(64);
        assertThat(c.capacity()).isEqualTo(32);
        assertThat(c.encoding()).isEqualTo(CodeEncoding.INT8);
        assertThat(c.batchSize()).isEqualTo(16);
        assertThat(c.maxWaitMillis()).isEqualTo(50);
        assertThat(c.toStreamOptions().promoteEvery()).isEqualTo(500);
        assertThat(c.toPcaOptions().promoteEvery()).isEqualTo(500);
        assertThat(c.torchThreads()).isEqualTo(2);
        assertThat(c.sharedModelKey()).isNull();
        assertThat(c.toCompressorFactory().method()).isEqualTo(Method.PCA);
    }

    @Test
    void defaultsComeFromTheOptionsAndEveryMethodBuilds() {
        CompressionConfig c = CompressionConfig.builder(64).build();
        assertThat(c.method()).isEqualTo(CompressionOptions.METHOD.defaultValue());
        assertThat(c.capacity()).isEqualTo(CompressionOptions.CAPACITY.defaultValue());
        assertThat(c.maxWait()).isEqualTo(CompressionOptions.MAX_WAIT.defaultValue());
        assertThat(c.toAutoencoderConfig().push()).isPresent();
        assertThat(c.toAutoencoderConfig().learningRate()).isEqualTo(CompressionOptions.LEARNING_RATE.defaultValue());
        assertThat(CompressionOptions.all())
                .contains(CompressionOptions.SEARCH_WINDOW, CompressionOptions.PCA_HALF_LIFE, CompressionOptions.METHOD)
                .doesNotHaveDuplicates();
        for (Method m : Method.values()) {
            assertThat(c.toBuilder().method(m).build().toCompressorFactory().method())
                    .isEqualTo(m);
        }
    }

    /** Frames far outside [0, 1]: 100 plus a 3-dimensional signal of scale 10 on 16 channels. */
    private static float[] offScaleFrames(int rows, java.util.SplittableRandom r) {
        float[][] basis = new float[3][16];
        java.util.SplittableRandom b = new java.util.SplittableRandom(5);
        for (float[] v : basis) {
            for (int i = 0; i < 16; i++) {
                v[i] = (float) b.nextGaussian();
            }
        }
        float[] x = new float[rows * 16];
        for (int row = 0; row < rows; row++) {
            double[] z = {r.nextGaussian() * 10, r.nextGaussian() * 5, r.nextGaussian() * 2};
            for (int i = 0; i < 16; i++) {
                x[row * 16 + i] = (float) (100 + z[0] * basis[0][i] + z[1] * basis[1][i] + z[2] * basis[2][i]);
            }
        }
        return x;
    }

    @Test
    void linearOutputsReconstructDataOfAnyScaleWhereTheSigmoidCannot() {
        for (boolean sigmoid : new boolean[] {true, false}) {
            CompressionConfig c = CompressionConfig.builder(16)
                    .capacity(8)
                    .device("cpu")
                    .outputSigmoid(sigmoid)
                    .pcaFallback(false) // the fallback would serve PCA versions, which reconstruct any scale
                    .build();
            java.util.SplittableRandom r = new java.util.SplittableRandom(3);
            try (io.sosae.model.stream.StreamCompressor s =
                    c.toCompressorFactory().create(ai.djl.Device.cpu())) {
                for (int i = 0; i < 2048; i += 32) {
                    s.observe(offScaleFrames(32, r), 32);
                }
                float[] test = offScaleFrames(64, r);
                float[] errors = s.encode(test, 64).reconstructionErrors();
                double mae = 0;
                for (float e : errors) {
                    mae += e / 64;
                }
                assertThat(s.promotion().decoder().outputSigmoid()).isEqualTo(sigmoid);
                if (sigmoid) { // outputs below 1 for data near 100
                    assertThat(mae).isGreaterThan(90);
                } else { // the signal's directions found: far below the error of the mean frame
                    double[] mean = new double[16];
                    for (int i = 0; i < test.length; i++) {
                        mean[i % 16] += test[i] / 64.0;
                    }
                    double meanOnly = 0;
                    for (int i = 0; i < test.length; i++) {
                        meanOnly += Math.abs(test[i] - mean[i % 16]) / test.length;
                    }
                    assertThat(mae).isLessThan(0.25 * meanOnly);
                    assertThat(s.servingLength()).isBetween(2, 3);
                }
            }
        }
    }

    @Test
    void theConfigTravelsToTaskManagersAndRejectsBadValuesByOptionName() throws Exception {
        CompressionConfig c = CompressionConfig.builder(64).method(Method.DAE).build();
        assertThat(InstantiationUtil.clone(c)).isEqualTo(c);
        assertThat(InstantiationUtil.clone(c).method()).isEqualTo(Method.DAE);
        assertThatThrownBy(() -> CompressionConfig.builder(64).capacity(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--capacity must be >= 1");
        assertThatThrownBy(() -> CompressionConfig.builder(64).promoteEvery(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--promote-every");
        assertThatThrownBy(() -> CompressionConfig.builder(64).maxValues(10).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--max-values");
        assertThatThrownBy(() -> CompressionConfig.builder(64).batchSize(0).build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--batch-size");
        assertThatThrownBy(() ->
                        CompressionConfig.fromArgs(args("--input-dim", "8", "--pca-switch-margin", "1"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--pca-switch-margin must be in [0, 1)");
        var fallback = CompressionConfig.fromArgs(
                        args("--input-dim", "8", "--pca-fallback", "false", "--pca-switch-margin", "0.1"), Set.of())
                .toStreamOptions();
        assertThat(fallback.pcaFallback()).isFalse();
        assertThat(fallback.pcaSwitchMargin()).isEqualTo(0.1);
        assertThat(CompressionConfig.builder(64).build().toStreamOptions().pcaFallback())
                .isTrue();
        assertThatThrownBy(() -> CompressionConfig.builder(64).device("tpu").build())
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--device must be auto, cpu");
        assertThatThrownBy(() -> CompressionConfig.fromArgs(
                        args("--input-dim", "8", "--state-ttl", "100ms", "--max-wait", "200ms"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--state-ttl must be 0 (never) or longer than --max-wait (200 ms)");
        assertThat(CompressionConfig.fromArgs(args("--input-dim", "8", "--state-ttl", "7d"), Set.of())
                        .stateTtlMillis())
                .isEqualTo(7L * 24 * 3600 * 1000);
        assertThatThrownBy(() -> CompressionConfig.fromArgs(args("--capacity", "8"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("--input-dim is required");
        assertThatThrownBy(() -> CompressionConfig.fromArgs(args("--input-dim", "8", "--capacty", "8"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("unknown option(s) [--capacty]");
        assertThatThrownBy(() -> CompressionConfig.fromArgs(args("--input-dim", "8", "--method", "svd"), Set.of()))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessageContaining("method");
    }

    @Test
    void imageShapesAreWidthHeightChannelsOrAClearError() {
        assertThat(CompressionJob.imageShape("28x28x1")).containsExactly(28, 28, 1);
        assertThat(CompressionJob.imageShape(" 8X8x3 ")).containsExactly(8, 8, 3);
        for (String bad : List.of("28x28", "0x28x1", "axbxc", "28x28x1x1", "")) {
            assertThatThrownBy(() -> CompressionJob.imageShape(bad))
                    .as(bad)
                    .hasMessageContaining("--image-shape must be WIDTHxHEIGHTxCHANNELS");
        }
    }
}
