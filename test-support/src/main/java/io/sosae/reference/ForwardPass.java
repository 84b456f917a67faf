package io.sosae.reference;

import java.util.ArrayList;
import java.util.List;

/**
 * Everything one forward pass computed: for layer l (0-based) its pre-activation z and activation h.
 * Immutable; arrays are copied out.
 */
public final class ForwardPass {
    private final double[] input;
    private final List<double[]> preActivations;
    private final List<double[]> activations;

    ForwardPass(double[] input, List<double[]> preActivations, List<double[]> activations) {
        this.input = input.clone();
        this.preActivations = deepCopy(preActivations);
        this.activations = deepCopy(activations);
    }

    private static List<double[]> deepCopy(List<double[]> vectors) {
        List<double[]> copy = new ArrayList<>(vectors.size());
        for (double[] v : vectors) {
            copy.add(v.clone());
        }
        return List.copyOf(copy);
    }

    public double[] input() {
        return input.clone();
    }

    public int layerCount() {
        return activations.size();
    }

    /** z of layer l (0-based). */
    public double[] preActivation(int layer) {
        return preActivations.get(layer).clone();
    }

    /** h = f(z) of layer l (0-based). */
    public double[] activation(int layer) {
        return activations.get(layer).clone();
    }

    /** Network output (activation of the last layer). */
    public double[] output() {
        return activation(layerCount() - 1);
    }

    /** The hidden code of a one-hidden-layer autoencoder (activation of layer 0). */
    public double[] code() {
        return activation(0);
    }

    // Package-private views without copying, for the backward pass.
    double[] inputView() {
        return input;
    }

    double[] zView(int layer) {
        return preActivations.get(layer);
    }

    double[] hView(int layer) {
        return activations.get(layer);
    }
}
