package io.sosae.jobs.operator;

import ai.djl.Device;
import io.sosae.connectors.generator.SensorStreamSimulator;
import io.sosae.jobs.job.CompressionConfig;
import io.sosae.model.stream.ContinualSosae;
import io.sosae.model.stream.EncodedBatch;
import io.sosae.schemas.SensorFrame;
import java.util.Iterator;
import org.junit.jupiter.api.Test;

class TuneScratchTest {
    @Test
    void tune() {
        double[][] grid = {{1e-3, 0.05, 3e-3, 4}, {1e-4, 0.05, 3e-3, 4}, {1e-3, 0.05, 1e-2, 4}, {1e-4, 0.02, 1e-2, 2}, {1e-3, 0.05, 3e-3, 1}, {3e-4, 0.05, 1e-2, 2}};
        for (double[] g : grid) {
            CompressionConfig c = CompressionConfig.builder(64).pushLambda(g[0]).pushAlpha(g[1]).learningRate(g[2]).trainEvery((int) g[3]).promoteEvery(400).build();
            Iterator<SensorFrame> it = SensorStreamSimulator.builder().streamId("sim-0").channels(64).schedule("4:800,10:700").seed(7 + "sim-0".hashCode()).build().frames();
            long t0 = System.nanoTime();
            StringBuilder sb = new StringBuilder();
            try (ContinualSosae s = ContinualSosae.create(c.toAutoencoderConfig(), c.toStreamOptions(), Device.cpu())) {
                double err = 0; int n = 0;
                for (int b = 0; b < 1500 / 32; b++) {
                    float[] x = new float[32 * 64];
                    for (int r = 0; r < 32; r++) { var v = it.next().getValues(); for (int i = 0; i < 64; i++) x[r * 64 + i] = v.get(i); }
                    EncodedBatch e = s.encode(x, 32);
                    if (b >= 1500 / 32 - 10) { for (float f : e.reconstructionErrors()) { err += f; n++; } }
                    var p = s.observe(x, 32);
                    if (p.isPresent()) sb.append(" v").append(p.get().modelVersion()).append(":L=").append(p.get().activeLength()).append(String.format(":rec=%.3f", p.get().reconstructionLoss()));
                }
                System.err.printf("TUNE %s last-10-batches err %.4f time %.1fs %s%n", java.util.Arrays.toString(g), err / n, (System.nanoTime() - t0) / 1e9, sb);
            }
        }
    }
}
