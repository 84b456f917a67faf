package io.sosae.tools.cli;

import io.sosae.connectors.generator.ImageSample;
import io.sosae.model.data.Dataset;
import java.util.ArrayList;
import java.util.List;

/** A data set of square grayscale frames (values in [0, 1]) as uint8 image samples to replay. */
final class DatasetImages {
    private DatasetImages() {}

    static List<ImageSample> of(Dataset data) {
        int side = (int) Math.round(Math.sqrt(data.dim()));
        if (side * side != data.dim()) {
            throw new IllegalArgumentException("data set frames of " + data.dim() + " values are not square images");
        }
        List<ImageSample> samples = new ArrayList<>(data.size());
        for (int i = 0; i < data.size(); i++) {
            float[] row = data.row(i);
            byte[] px = new byte[row.length];
            for (int j = 0; j < row.length; j++) {
                px[j] = (byte) Math.round(row[j] * 255f);
            }
            samples.add(new ImageSample(side, side, 1, px, data.label(i)));
        }
        return samples;
    }
}
