package io.sosae.model.search;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import io.sosae.model.core.Autoencoder;
import io.sosae.model.core.AutoencoderConfig;
import io.sosae.model.core.Flops;
import io.sosae.model.train.Trainer;
import io.sosae.model.train.TrainingListener;
import io.sosae.model.train.TrainingOptions;
import java.util.function.IntFunction;

/**
 * The candidates of a hidden-size search: a fixed-width autoencoder of each width, trained on the
 * training rows with the given options (the same stopping rule as the method it is compared with)
 * and measured on held-out rows. FLOPs are counted with {@link io.sosae.model.core.Flops}: training, plus the
 * active-length window the trainer encodes at every epoch's end, plus the validation pass.
 */
public final class AutoencoderCandidates implements HiddenSizeSearch.CandidateTrainer {
    private final IntFunction<AutoencoderConfig> configOfWidth;
    private final TrainingOptions options;
    private final Device device;
    private final CandidateRows rows;

    public AutoencoderCandidates(
            IntFunction<AutoencoderConfig> configOfWidth, TrainingOptions options, CandidateRows rows, Device device) {
        this.configOfWidth = configOfWidth;
        this.options = options;
        this.device = device;
        this.rows = rows;
    }

    @Override
    public Candidate train(int width) {
        AutoencoderConfig config = configOfWidth.apply(width);
        long start = System.nanoTime();
        try (Autoencoder model = Autoencoder.create(config, device)) {
            Trainer.fit(model, rows.train(), rows.trainRows(), options, TrainingListener.NONE);
            double error = meanAbsoluteError(model, rows.validation(), rows.validationRows());
            double seconds = (System.nanoTime() - start) / 1e9;
            return new Candidate(
                    width,
                    error,
                    flopsOf(config.inputDim(), width, rows.trainRows(), rows.validationRows(), options),
                    seconds);
        }
    }

    /** Training, the per-epoch length window and one validation pass of a width-{@code d} model. */
    public static double flopsOf(int n, int d, long trainRows, long validationRows, TrainingOptions options) {
        return Flops.training(n, d, trainRows, options.epochs(), options.batchSize())
                + options.epochs() * Flops.evaluation(n, d, Math.min(trainRows, options.lengthWindow()))
                + Flops.evaluation(n, d, validationRows);
    }

    /** Mean absolute reconstruction error of the full code on the given rows. */
    public static double meanAbsoluteError(Autoencoder model, float[] rows, int count) {
        try (NDManager m = model.newInputManager()) {
            NDArray x = model.upload(rows, count, m);
            return model.reconstruct(x, model.capacity(), m).sub(x).abs().mean().getFloat();
        }
    }
}
