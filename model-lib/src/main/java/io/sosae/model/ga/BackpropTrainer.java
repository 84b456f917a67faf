package io.sosae.model.ga;

import ai.djl.engine.Engine;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.training.GradientCollector;
import java.util.ArrayList;
import java.util.List;
import java.util.function.LongSupplier;

/**
 * Backpropagation of the same {@link PaperNetwork} on the same samples and the same objective
 * (mean absolute error), for a comparison at equal wall time: full-batch Adam on DJL's autograd.
 *
 * <p>Each step uploads the parameters into a step sub-manager, runs {@link
 * PaperNetwork#forwardOne} under a gradient collector, and applies Adam to the host copy (1,635
 * values: moving them costs nothing next to the convolutions, and every NDArray of a step is
 * closed with its manager). Decided here: the loss is the GA's fitness itself (MAE, whose
 * gradient is a sign, which Adam normalises anyway), the learning rate 0.01 by default, and the
 * same initial parameters as the GA. DJL's PyTorch gradient collector is one per JVM, so two
 * trainers must not run at once.
 */
public final class BackpropTrainer {

    /** A point of the training curve. */
    public record Point(long step, double seconds, double mae) {}

    /** The outcome: final parameters, their error, the curve, steps run. */
    public record Result(float[] parameters, double mae, long steps, double seconds, List<Point> curve) {}

    private final PopulationFitness fitness;
    private final double learningRate;

    public BackpropTrainer(PopulationFitness fitness, double learningRate) {
        if (!(learningRate > 0)) {
            throw new IllegalArgumentException("learning rate must be > 0, was " + learningRate);
        }
        this.fitness = fitness;
        this.learningRate = learningRate;
    }

    /** Trains from {@code initial} until {@code seconds} of wall time or {@code maxSteps} steps have passed. */
    public Result train(float[] initial, double seconds, long maxSteps) {
        return train(initial, seconds, maxSteps, System::nanoTime);
    }

    Result train(float[] initial, double seconds, long maxSteps, LongSupplier clock) {
        float[] p = initial.clone();
        float[] m = new float[p.length];
        float[] v = new float[p.length];
        double b1 = 0.9;
        double b2 = 0.999;
        double eps = 1e-8;
        List<Point> curve = new ArrayList<>();
        long start = clock.getAsLong();
        long step = 0;
        double mae = Double.NaN;
        double elapsed = 0;
        NDManager root = fitness.manager();
        while (step < maxSteps && elapsed < seconds) {
            float[] g;
            try (NDManager tmp = root.newSubManager()) {
                NDArray targets = fitness.targets(tmp);
                NDArray params = tmp.create(p);
                params.setRequiresGradient(true);
                try (GradientCollector collector = Engine.getEngine("PyTorch").newGradientCollector()) {
                    NDArray loss = PaperNetwork.forwardOne(params, targets)
                            .sub(targets)
                            .abs()
                            .mean();
                    collector.backward(loss);
                    mae = loss.getFloat();
                }
                g = params.getGradient().toFloatArray();
            }
            PopulationFitness.noGrad();
            step++;
            double c1 = 1 - Math.pow(b1, step);
            double c2 = 1 - Math.pow(b2, step);
            for (int i = 0; i < p.length; i++) {
                m[i] = (float) (b1 * m[i] + (1 - b1) * g[i]);
                v[i] = (float) (b2 * v[i] + (1 - b2) * g[i] * g[i]);
                p[i] -= (float) (learningRate * (m[i] / c1) / (Math.sqrt(v[i] / c2) + eps));
            }
            elapsed = (clock.getAsLong() - start) / 1e9;
            if (step == 1 || step % 10 == 0) {
                curve.add(new Point(step - 1, elapsed, mae));
            }
        }
        double finalMae = fitness.evaluate(p, 1)[0];
        curve.add(new Point(step, elapsed, finalMae));
        return new Result(p, finalMae, step, elapsed, curve);
    }
}
