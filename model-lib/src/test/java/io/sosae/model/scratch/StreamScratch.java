package io.sosae.model.scratch;

import ai.djl.Device;
import io.sosae.model.core.*;
import io.sosae.model.data.*;
import io.sosae.model.loss.Regularizer;
import io.sosae.model.stream.*;

public class StreamScratch {
    public static void main(String[] a) {
        double lambda = Double.parseDouble(a[0]), alpha = Double.parseDouble(a[1]);
        int per = Integer.parseInt(a[2]);
        int[] ms = {4, 16, 6};
        AutoencoderConfig cfg = AutoencoderConfig.builder(64, 64).method(Method.SOSAE).regularizer(new Regularizer.Push(lambda, alpha))
            .unitNormDecoder(true).learningRate(3e-3).seed(1).build();
        StreamOptions opt = StreamOptions.defaults().withPromoteEvery(500).withTrainEvery(Integer.parseInt(a[3]));
        long t0 = System.nanoTime();
        try (ContinualSosae s = ContinualSosae.create(cfg, opt, Device.cpu())) {
            long seq = 0;
            for (int m : ms) {
                Dataset ds = SyntheticManifold.builder().latentDim(m).ambientDim(64).seed(11).build().sample(per, m);
                float[] v = ds.values();
                for (int i = 0; i + 16 <= per; i += 16) {
                    float[] b = java.util.Arrays.copyOfRange(v, i * 64, (i + 16) * 64);
                    EncodedBatch e = s.encode(b, 16);
                    var p = s.observe(b, 16);
                    seq += 16;
                    if (p.isPresent()) System.out.printf("m=%d seq=%d v=%d L=%d rec=%.4f err=%.4f t=%.1fs%n", m, seq, p.get().modelVersion(), p.get().activeLength(), p.get().reconstructionLoss(), e.reconstructionErrors()[0], (System.nanoTime()-t0)/1e9);
                }
            }
        }
    }
}
