package io.sosae.model.report;

import java.util.List;

/** One named line of a chart: x/y points in drawing order. */
public record Series(String name, List<double[]> points) {
    public Series {
        points = List.copyOf(points);
    }
}
