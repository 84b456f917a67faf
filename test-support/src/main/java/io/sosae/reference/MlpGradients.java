package io.sosae.reference;

import java.util.List;

/**
 * Per-layer gradients of {@link Objective#total()}, first layer first, together with the objective
 * they belong to.
 */
public record MlpGradients(List<LayerGradient> layers, Objective objective) {

    public MlpGradients {
        layers = List.copyOf(layers);
        if (layers.isEmpty()) {
            throw new IllegalArgumentException("gradients need at least one layer");
        }
    }

    public LayerGradient layer(int index) {
        return layers.get(index);
    }
}
