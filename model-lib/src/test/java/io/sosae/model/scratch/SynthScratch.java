package io.sosae.model.scratch;

import ai.djl.Device;
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.Shape;
import io.sosae.model.core.*;
import io.sosae.model.data.*;
import io.sosae.model.loss.Regularizer;
import io.sosae.model.train.*;

/**
 * Scratch runner for the synthetic active-length calibration (docs/synthetic-calibration.md).
 *
 * <p>Args: EPOCHS m:lambda:alpha:compactEvery[:ACTIVATION] ... Other knobs are system properties:
 * loss (MAE), lr (3e-3), batch (128), n (6000 training samples), noise (0), width (0 = default),
 * mapSeed (11), initSeed (1), trace (0 = off; print L every this many epochs).
 */
public class SynthScratch {
    public static void main(String[] a) {
        int epochs = Integer.parseInt(a[0]);
        ReconstructionLoss loss = ReconstructionLoss.valueOf(System.getProperty("loss", "MAE"));
        double lr = Double.parseDouble(System.getProperty("lr", "3e-3"));
        int batch = Integer.parseInt(System.getProperty("batch", "128"));
        int n = Integer.parseInt(System.getProperty("n", "6000"));
        double noise = Double.parseDouble(System.getProperty("noise", "0"));
        int width = Integer.parseInt(System.getProperty("width", "0"));
        long mapSeed = Long.parseLong(System.getProperty("mapSeed", "11"));
        long initSeed = Long.parseLong(System.getProperty("initSeed", "1"));
        double curvature = Double.parseDouble(System.getProperty("curvature", "1"));
        SyntheticManifold.Scaling scaling = SyntheticManifold.Scaling.valueOf(System.getProperty("scaling", "TOTAL"));
        int trace = Integer.parseInt(System.getProperty("trace", "0"));
        System.out.printf("# loss=%s lr=%g batch=%d n=%d noise=%g width=%d mapSeed=%d initSeed=%d epochs=%d%n",
                loss, lr, batch, n, noise, width, mapSeed, initSeed, epochs);
        for (int k = 1; k < a.length; k++) {
            String[] p = a[k].split(":"); // m:lambda:alpha:compact:act
            int m = Integer.parseInt(p[0]);
            SyntheticManifold man = SyntheticManifold.builder().latentDim(m).curvature(curvature).scaling(scaling).ambientDim(64).hiddenWidth(width)
                    .noiseStd(noise).seed(mapSeed).build();
            Dataset ds = man.sample(n, 5);
            AutoencoderConfig cfg = AutoencoderConfig.builder(64, 64).method(Method.SOSAE)
                .encoderActivation(Activation.valueOf(p.length > 4 ? p[4] : "RELU")).outputSigmoid(true)
                .reconstructionLoss(loss).regularizer(new Regularizer.Push(Double.parseDouble(p[1]), Double.parseDouble(p[2])))
                .unitNormDecoder(true).learningRate(lr).seed(initSeed).build();
            try (Autoencoder model = Autoencoder.create(cfg, Device.cpu())) {
                StringBuilder tr = new StringBuilder();
                var h = Trainer.fit(model, ds.values(), ds.size(), TrainingOptions.of(epochs, batch).withCompactEvery(Integer.parseInt(p[3])), s -> {
                    if (trace > 0 && s.epoch() % trace == 0) {
                        tr.append(s.epoch()).append(':').append(s.activeLength()).append(' ');
                    }
                });
                var last = h.get(h.size() - 1);
                Dataset test = man.sample(2000, 9);
                try (NDManager mg = model.newInputManager()) {
                    NDArray x = mg.create(test.values(), new Shape(test.size(), 64));
                    double full = x.sub(model.reconstruct(x, 64, mg)).abs().mean().getFloat();
                    double fullMse = x.sub(model.reconstruct(x, 64, mg)).square().mean().getFloat();
                    int l = last.activeLength();
                    double trunc = x.sub(model.reconstruct(x, Math.max(1, l), mg)).abs().mean().getFloat();
                    double tm1 = l > 1 ? x.sub(model.reconstruct(x, l - 1, mg)).abs().mean().getFloat() : Double.NaN;
                    double dstd = x.sub(x.mean(new int[] {0}, true)).abs().mean().getFloat();
                    System.out.printf("%s L=%d units=%d maeFull=%.5f mse=%.6f trunc=%.5f rel=%.4f%% L-1rel=%.2f%% baseMAE=%.4f t=%.0fs %s%n",
                            a[k], l, last.activeUnits(), full, fullMse, trunc, 100 * (trunc - full) / full,
                            100 * (tm1 - full) / full, dstd, h.stream().mapToDouble(EpochStats::seconds).sum(), tr);
                }
            }
        }
    }
}
