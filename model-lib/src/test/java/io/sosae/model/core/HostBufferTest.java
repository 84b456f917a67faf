package io.sosae.model.core;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sosae.model.loss.Regularizer;
import java.lang.management.BufferPoolMXBean;
import java.lang.management.ManagementFactory;
import org.junit.jupiter.api.Test;

@org.junit.jupiter.api.extension.ExtendWith(io.sosae.model.testing.SingleTorchThread.class)
class HostBufferTest {
    @Test
    void copiesOutliveLaterUploadsAndTheBuffer() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu())) {
            HostBuffer host = new HostBuffer();
            NDArray kept = host.copyIn(new float[] {1, 2, 3}, new Shape(3), manager);
            try (NDArray overwritten = host.upload(new float[] {7, 8, 9}, new Shape(3), manager)) {
                assertThat(overwritten.toFloatArray()).containsExactly(7, 8, 9);
            }
            try (NDArray grown = host.upload(new float[1000], new Shape(10, 100), manager)) {
                assertThat(grown.getShape()).isEqualTo(new Shape(10, 100));
            }
            host.close();
            assertThat(kept.toFloatArray()).containsExactly(1, 2, 3);
            assertThatThrownBy(() -> host.upload(new float[] {1}, new Shape(1), manager))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("after close");
        }
    }

    @Test
    void uploadsNeedAllTheShapesValues() {
        try (NDManager manager = NDManager.newBaseManager(Device.cpu());
                HostBuffer host = new HostBuffer()) {
            assertThatThrownBy(() -> host.upload(new float[5], new Shape(2, 3), manager))
                    .isInstanceOf(IllegalArgumentException.class)
                    .hasMessageContaining("needs 6 values, got 5");
        }
    }

    /**
     * The live-set property: a model restored, trained, permuted and closed leaves no Java direct
     * buffer behind for the garbage collector (its parameters and moments are engine-owned), so
     * models evicted and restored in turn do not grow resident memory between collections.
     */
    @Test
    void modelsMadeAndClosedLeaveNoDirectBuffersBehind() {
        AutoencoderConfig config = AutoencoderConfig.builder(64, 64)
                .method(Method.SOSAE)
                .regularizer(new Regularizer.Push(1e-3, 0.05))
                .seed(3)
                .build();
        float[] batch = new float[32 * 64];
        for (int i = 0; i < batch.length; i++) {
            batch[i] = (float) Math.sin(i * 0.37);
        }
        ModelState trained;
        try (Autoencoder model = Autoencoder.create(config, Device.cpu());
                NDManager in = model.newInputManager()) {
            model.trainStep(model.upload(batch, 32, in));
            trained = model.state();
        }
        int[] reversed = new int[64];
        for (int j = 0; j < 64; j++) {
            reversed[j] = 63 - j;
        }
        long before = directBytes();
        for (int i = 0; i < 100; i++) {
            try (Autoencoder model = Autoencoder.restore(trained, Device.cpu())) {
                try (NDManager in = model.newInputManager()) {
                    model.trainStep(model.upload(batch, 32, in));
                }
                model.encode(batch, 32);
                model.permuteUnits(reversed);
                model.reseedUnits(60, 64, i, 0.1);
            }
        }
        // 100 models hold about 10 MiB of parameters and moments; aliased Java buffers would show
        long grown = directBytes() - before;
        assertThat(grown).as("direct buffer bytes left by 100 closed models").isLessThan(64 * 1024);
    }

    private static long directBytes() {
        return ManagementFactory.getPlatformMXBeans(BufferPoolMXBean.class).stream()
                .filter(b -> b.getName().equals("direct"))
                .mapToLong(BufferPoolMXBean::getMemoryUsed)
                .sum();
    }
}
