package io.sosae.model.scratch;

import ai.djl.Device;
import ai.djl.ndarray.*;
import ai.djl.ndarray.types.Shape;
import io.sosae.model.core.*;
import io.sosae.model.data.*;
import io.sosae.model.loss.Regularizer;
import io.sosae.model.train.*;

public class SynthScratch {
    public static void main(String[] a) {
        int epochs = Integer.parseInt(a[0]);
        for (int k = 1; k < a.length; k++) {
            String[] p = a[k].split(":"); // m:lambda:alpha:compact:act
            int m = Integer.parseInt(p[0]);
            Dataset ds = SyntheticManifold.builder().latentDim(m).ambientDim(64).seed(11).build().sample(6000, 5);
            AutoencoderConfig cfg = AutoencoderConfig.builder(64, 64).method(Method.SOSAE)
                .encoderActivation(Activation.valueOf(p.length > 4 ? p[4] : "RELU")).outputSigmoid(true)
                .reconstructionLoss(ReconstructionLoss.MAE).regularizer(new Regularizer.Push(Double.parseDouble(p[1]), Double.parseDouble(p[2])))
                .unitNormDecoder(true).learningRate(3e-3).seed(1).build();
            try (Autoencoder model = Autoencoder.create(cfg, Device.cpu())) {
                var h = Trainer.fit(model, ds.values(), ds.size(), TrainingOptions.of(epochs, 128).withCompactEvery(Integer.parseInt(p[3])), s -> {});
                var last = h.get(h.size() - 1);
                Dataset test = SyntheticManifold.builder().latentDim(m).ambientDim(64).seed(11).build().sample(2000, 9);
                try (NDManager mg = model.newInputManager()) {
                    NDArray x = mg.create(test.values(), new Shape(test.size(), 64));
                    double full = x.sub(model.reconstruct(x, 64, mg)).abs().mean().getFloat();
                    double tr = x.sub(model.reconstruct(x, Math.max(1, last.activeLength()), mg)).abs().mean().getFloat();
                    System.out.printf("%s L=%d units=%d full=%.5f trunc=%.5f rel=%.4f%% t=%.0fs%n", a[k], last.activeLength(), last.activeUnits(), full, tr, 100 * (tr - full) / full, h.stream().mapToDouble(EpochStats::seconds).sum());
                }
            }
        }
    }
}
