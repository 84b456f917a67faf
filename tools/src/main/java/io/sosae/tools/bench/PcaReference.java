package io.sosae.tools.bench;

import io.sosae.model.linalg.PrincipalDirections;
import io.sosae.schemas.SensorFrame;
import java.util.List;

/**
 * The yardstick of "equal error": an offline PCA fitted on the first half of a stretch of a
 * stream and measured on its second half, at every number of components, with the error measure
 * the job reports per code (the mean absolute error of the reconstructed frame). A method's
 * settled length is compared with the components this PCA needs for the method's settled error.
 *
 * @param maeByComponents entry k: PCA's MAE on the evaluated half with k components
 */
record PcaReference(double[] maeByComponents) {

    /** Fits on frames [from, mid) and measures on [mid, to), mid the middle, up to {@code maxComponents}. */
    static PcaReference of(List<SensorFrame> frames, int from, int to, int maxComponents) {
        int mid = from + (to - from) / 2;
        int n = frames.get(from).getValues().size();
        return of(rows(frames, from, mid, n), mid - from, rows(frames, mid, to, n), to - mid, n, maxComponents);
    }

    /** Fits on {@code fitRows} row-major rows of width {@code n} and measures on {@code evalRows} others. */
    static PcaReference of(float[] fit, int fitRows, float[] eval, int evalRows, int n, int maxComponents) {
        int count = Math.min(maxComponents, Math.min(n, fitRows - 1));
        PrincipalDirections pca = PrincipalDirections.fit(fit, fitRows, n, count, 1);
        double[] recon = new double[evalRows * n];
        double[] centred = new double[evalRows * n];
        for (int b = 0; b < evalRows; b++) {
            for (int i = 0; i < n; i++) {
                recon[b * n + i] = pca.mean()[i];
                centred[b * n + i] = eval[b * n + i] - pca.mean()[i];
            }
        }
        double[] mae = new double[count + 1];
        mae[0] = mae(eval, recon);
        for (int k = 0; k < count; k++) {
            double[] v = pca.direction(k);
            for (int b = 0; b < evalRows; b++) {
                double c = 0;
                for (int i = 0; i < n; i++) {
                    c += centred[b * n + i] * v[i];
                }
                for (int i = 0; i < n; i++) {
                    recon[b * n + i] += c * v[i];
                }
            }
            mae[k + 1] = mae(eval, recon);
        }
        return new PcaReference(mae);
    }

    /** The most components measured. */
    int maxComponents() {
        return maeByComponents.length - 1;
    }

    /** The fewest components whose MAE is at most {@code error}; the most fitted + 1 when none is. */
    int componentsFor(double error) {
        for (int k = 0; k < maeByComponents.length; k++) {
            if (maeByComponents[k] <= error) {
                return k;
            }
        }
        return maeByComponents.length;
    }

    /** PCA's MAE at a (possibly fractional) length, interpolated; the last fitted beyond it. */
    double errorAt(double length) {
        int last = maeByComponents.length - 1;
        if (length >= last) {
            return maeByComponents[last];
        }
        int k = (int) Math.floor(Math.max(0, length));
        double t = length - k;
        return (1 - t) * maeByComponents[k] + t * maeByComponents[k + 1];
    }

    private static float[] rows(List<SensorFrame> frames, int from, int to, int n) {
        float[] out = new float[(to - from) * n];
        for (int r = from; r < to; r++) {
            List<Float> v = frames.get(r).getValues();
            for (int i = 0; i < n; i++) {
                out[(r - from) * n + i] = v.get(i);
            }
        }
        return out;
    }

    private static double mae(float[] x, double[] y) {
        double s = 0;
        for (int i = 0; i < x.length; i++) {
            s += Math.abs(x[i] - y[i]);
        }
        return s / x.length;
    }
}
