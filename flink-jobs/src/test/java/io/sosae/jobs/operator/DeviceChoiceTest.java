package io.sosae.jobs.operator;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.sosae.jobs.config.CompressionConfig;
import io.sosae.schemas.CompressedCode;
import io.sosae.schemas.SensorFrame;
import java.util.Collection;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import org.apache.flink.api.common.externalresource.ExternalResourceInfo;
import org.apache.flink.api.common.typeinfo.Types;
import org.apache.flink.runtime.operators.testutils.MockEnvironment;
import org.apache.flink.runtime.operators.testutils.MockEnvironmentBuilder;
import org.apache.flink.streaming.api.operators.KeyedProcessOperator;
import org.apache.flink.streaming.util.KeyedOneInputStreamOperatorTestHarness;
import org.junit.jupiter.api.Test;

class DeviceChoiceTest {

    /** What Flink's GPU driver reports for one GPU: the property "index". */
    private record Gpu(Map<String, String> properties) implements ExternalResourceInfo {
        static Gpu index(String i) {
            return new Gpu(Map.of("index", i));
        }

        @Override
        public Optional<String> getProperty(String key) {
            return Optional.ofNullable(properties.get(key));
        }

        @Override
        public Collection<String> getKeys() {
            return properties.keySet();
        }
    }

    @Test
    void autoAndGpuTakeTheAssignedIndexSpreadOverSubtasks() {
        List<ExternalResourceInfo> two = List.of(Gpu.index("3"), Gpu.index("1"));
        assertThat(DeviceChoice.spec("auto", two, 0)).isEqualTo("gpu:1");
        assertThat(DeviceChoice.spec("auto", two, 1)).isEqualTo("gpu:3");
        assertThat(DeviceChoice.spec("GPU", two, 2)).isEqualTo("gpu:1");
    }

    @Test
    void anExplicitDeviceOrNoResourceKeepsTheConfiguredOne() {
        assertThat(DeviceChoice.spec("cpu", List.of(Gpu.index("0")), 0)).isEqualTo("cpu");
        assertThat(DeviceChoice.spec("gpu:2", List.of(Gpu.index("0")), 0)).isEqualTo("gpu:2");
        assertThat(DeviceChoice.spec("auto", List.of(), 0)).isEqualTo("auto");
    }

    @Test
    void aResourceWithoutAUsableIndexIsAConfigurationError() {
        assertThatThrownBy(() -> DeviceChoice.spec("auto", List.of(new Gpu(Map.of())), 0))
                .hasMessageContaining("no 'index' property");
        assertThatThrownBy(() -> DeviceChoice.spec("auto", List.of(Gpu.index("x")), 0))
                .hasMessageContaining("GPU index 'x'");
    }

    /**
     * The operator reads Flink's external resources: given GPU 0 by the runtime context, it asks the
     * engine for gpu:0. On a machine without a GPU that must fail, saying where gpu:0 came from (on a
     * GPU machine the same harness opens on gpu:0).
     */
    @Test
    void theOperatorTakesItsDeviceFromTheRuntimeContextsExternalResources() throws Exception {
        CompressionConfig config =
                CompressionConfig.builder(8).capacity(4).device("auto").build();
        MockEnvironment env = new MockEnvironmentBuilder()
                .setExternalResourceInfoProvider(name -> name.equals("gpu") ? Set.of(Gpu.index("0")) : Set.of())
                .build();
        try (var h = new KeyedOneInputStreamOperatorTestHarness<String, SensorFrame, CompressedCode>(
                new KeyedProcessOperator<>(new CompressorFunction(config)),
                ModelKeySelector.perStream(),
                Types.STRING,
                env)) {
            if (ai.djl.engine.Engine.getEngine("PyTorch").getGpuCount() > 0) {
                h.open();
                return;
            }
            assertThatThrownBy(h::open)
                    .hasMessageContaining("Flink assigned this subtask gpu:0 (external resource 'gpu')")
                    .hasMessageContaining("sees 0 GPU(s)");
        }
    }
}
