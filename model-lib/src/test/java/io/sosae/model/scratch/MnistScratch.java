package io.sosae.model.scratch;

import ai.djl.Device;
import com.fasterxml.jackson.databind.*;
import io.sosae.model.core.*;
import io.sosae.model.eval.*;
import io.sosae.model.loss.Regularizer;
import io.sosae.model.train.*;
import java.io.File;
import java.util.*;

public class MnistScratch {
    public static void main(String[] a) throws Exception {
        io.sosae.model.data.DatasetSplit split = io.sosae.model.data.DatasetFetcher.defaults().mnist();
        System.out.println("train " + split.train().size() + " test " + split.test().size());
        Evaluator ev = new Evaluator(Device.cpu(), LinearProbe.Options.defaults(), 10);
        int epochs = Integer.parseInt(a[0]);
        int refL = 100;
        for (int k = 1; k < a.length; k++) {
            String spec = a[k]; String[] p = spec.split(":");
            AutoencoderConfig cfg = MethodPresets.of(Method.valueOf(p[0]), 784, 400, 1);
            int compact = 0;
            if (p.length > 1) { // SOSAE:alpha:lambda:compactEvery:contractive
                AutoencoderConfig.Builder b = cfg.toBuilder().clearRegularizers().regularizer(new Regularizer.Push(Double.parseDouble(p[2]), Double.parseDouble(p[1])));
                compact = Integer.parseInt(p[3]);
                if (p.length > 4) b.regularizer(new Regularizer.Contractive(Double.parseDouble(p[4])));
                cfg = b.build();
            }
            TrainingOptions opt = TrainingOptions.of(epochs, 256).withCompactEvery(compact);
            MethodResult r = ev.evaluate(spec, cfg, opt, split, refL, s -> { if (s.epoch() % 10 == 0) System.out.println("  " + spec + " ep" + s.epoch() + " loss=" + s.loss() + " L=" + s.activeLength() + " units=" + s.activeUnits() + " sps=" + (int) s.samplesPerSecond()); });
            if (cfg.method() == Method.SOSAE) refL = r.compressedLength();
            StringBuilder c = new StringBuilder(); for (double[] pt : r.truncationCurve()) if (pt[0] % 20 == 0 || pt[0] < 11) c.append((int) pt[0]).append('=').append(String.format("%.3f ", pt[1]));
            System.out.printf("%s L=%d units=%d acc=%.4f accAtL=%.4f err=%.4f errT=%.4f flops=%.1f t=%.0fs%n   curve %s%n", spec, r.compressedLength(), r.activeUnits(), r.accuracy(), r.accuracyAtCompressedLength(), r.reconstructionError(), r.truncatedReconstructionError(), r.flopsUsagePercent(), r.trainSeconds(), c);
        }
    }
}
