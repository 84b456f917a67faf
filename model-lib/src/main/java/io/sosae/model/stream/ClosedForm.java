package io.sosae.model.stream;

import io.sosae.model.core.AutoencoderConfig;
import io.sosae.model.core.ModelState;
import io.sosae.model.linalg.PrincipalDirections;

/**
 * The closed-form linear-code autoencoder of a block of records: PCA's codes through a sigmoid
 * decoder. Unit u's decoder row is the block's u-th principal direction v divided by the output
 * sigmoid's slope at the mean (so that the linearised output moves along v), normalised, and its
 * encoder column v times that norm; the output bias is the mean's logit. The code of a record is
 * then its centred projection on the directions. Adam starts afresh. What a linear-code stream
 * model starts from, and what it falls back to when gradient training has not caught up.
 */
public final class ClosedForm {
    private ClosedForm() {}

    /**
     * @param config a linear-code configuration (identity encoder); its capacity is the model's width
     * @param data {@code rows} row-major records of width {@code config.inputDim()}
     * @param count units set from principal directions (at most the capacity); the rest are off
     */
    public static ModelState of(AutoencoderConfig config, float[] data, int rows, int count, long seed) {
        check(config, count);
        return of(
                config,
                PrincipalDirections.fit(data, rows, config.inputDim(), Math.min(count, config.inputDim()), seed),
                count);
    }

    /** The same from directions fitted already; {@code count} at most the fitted ones. */
    public static ModelState of(AutoencoderConfig config, PrincipalDirections pca, int count) {
        check(config, count);
        if (count > pca.count() || pca.dim() != config.inputDim()) {
            throw new IllegalArgumentException("need " + count + " directions of width " + config.inputDim() + ", have "
                    + pca.count() + " of width " + pca.dim());
        }
        int n = config.inputDim();
        int d = config.capacity();
        double[] slope = new double[n];
        float[] bd = new float[n];
        for (int i = 0; i < n; i++) {
            double mu = pca.mean()[i];
            if (config.outputSigmoid()) {
                double c = Math.min(0.98, Math.max(0.02, mu));
                bd[i] = (float) Math.log(c / (1 - c));
                slope[i] = c * (1 - c);
            } else {
                bd[i] = (float) mu;
                slope[i] = 1;
            }
        }
        float[] we = new float[n * d];
        float[] be = new float[d];
        float[] wd = new float[d * n];
        for (int u = 0; u < count; u++) {
            setUnit(we, be, wd, n, d, u, pca.direction(u), slope, 1.0, pca.mean());
        }
        return new ModelState(config, we, be, wd, bd, new float[0][], new float[0][], 0);
    }

    /**
     * A PCA version (linear outputs: decoder rows orthonormal directions, output bias the mean) as
     * the start of a sigmoid-output model of {@code config}: the same directions through the
     * sigmoid's slope at the mean, Adam afresh. What a restored stream trains on from a PCA version.
     */
    public static ModelState throughSigmoid(ModelState pca, AutoencoderConfig config, int count) {
        AutoencoderConfig stored = pca.config();
        if (stored.outputSigmoid()
                || stored.inputDim() != config.inputDim()
                || stored.capacity() != config.capacity()) {
            throw new IllegalArgumentException("need a linear-output model of width " + config.inputDim()
                    + " and capacity "
                    + config.capacity() + ", had " + (stored.outputSigmoid() ? "sigmoid outputs" : "linear outputs")
                    + " of width " + stored.inputDim() + " and capacity " + stored.capacity());
        }
        int n = config.inputDim();
        int k = Math.min(count, Math.min(n, config.capacity()));
        double[] mean = new double[n];
        for (int i = 0; i < n; i++) {
            mean[i] = pca.decoderBias()[i];
        }
        double[] directions = new double[k * n];
        for (int u = 0; u < k; u++) {
            double norm = 0;
            for (int i = 0; i < n; i++) {
                norm += (double) pca.decoderWeight()[u * n + i] * pca.decoderWeight()[u * n + i];
            }
            norm = Math.sqrt(norm);
            for (int i = 0; i < n; i++) {
                directions[u * n + i] = norm > 0 ? pca.decoderWeight()[u * n + i] / norm : 0;
            }
        }
        return of(config, new PrincipalDirections(n, mean, directions, new double[k]), k);
    }

    private static void check(AutoencoderConfig config, int count) {
        if (count < 0 || count > Math.min(config.capacity(), config.inputDim())) {
            throw new IllegalArgumentException("count must be in [0, min(capacity, inputDim)] = [0, "
                    + Math.min(config.capacity(), config.inputDim()) + "], was " + count);
        }
    }

    /**
     * Sets unit u to direction v (through the output slopes), with the code scaled by {@code gain}
     * and centred on {@code centre}; a direction that vanishes through the slopes leaves it as is.
     */
    static void setUnit(
            float[] we,
            float[] be,
            float[] wd,
            int n,
            int d,
            int u,
            double[] v,
            double[] slope,
            double gain,
            double[] centre) {
        double norm = 0;
        for (int i = 0; i < n; i++) {
            double w = v[i] / slope[i];
            norm += w * w;
        }
        norm = Math.sqrt(norm);
        if (!(norm > 0)) {
            return;
        }
        double projection = 0;
        for (int i = 0; i < n; i++) {
            wd[u * n + i] = (float) (v[i] / slope[i] / norm);
            we[i * d + u] = (float) (gain * norm * v[i]);
            projection += v[i] * centre[i];
        }
        be[u] = (float) (-gain * norm * projection);
    }
}
