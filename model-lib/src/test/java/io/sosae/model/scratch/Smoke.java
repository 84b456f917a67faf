package io.sosae.model.scratch;

import ai.djl.Device;
import io.sosae.model.core.*;
import io.sosae.model.loss.Regularizer;
import io.sosae.model.train.*;
import java.util.*;

public class Smoke {
    public static void main(String[] a) {
        int n = 784, d = 400, rows = 8192;
        float[] data = new float[rows * n];
        Random r = new Random(1);
        for (int i = 0; i < data.length; i++) data[i] = r.nextFloat() < 0.2 ? r.nextFloat() : 0f;
        for (String kind : a) {
            AutoencoderConfig.Builder b = AutoencoderConfig.builder(n, d);
            switch (kind) {
                case "sosae" -> b.method(Method.SOSAE).regularizer(new Regularizer.Push(1e-4, 0.02)).unitNormDecoder(true);
                case "cae" -> b.method(Method.CAE).regularizer(new Regularizer.Contractive(1e-3));
                case "ks" -> b.method(Method.KSPARSE).kSparse(100);
                default -> {}
            }
            try (Autoencoder m = Autoencoder.create(b.build(), Device.cpu())) {
                Trainer.fit(m, data, rows, TrainingOptions.of(3, 256), s -> System.out.println(kind + " " + s));
            }
        }
    }
}
