package io.sosae.model.search;

import ai.djl.Device;
import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sosae.model.core.Adam;
import io.sosae.model.core.Autoencoder;
import io.sosae.model.core.AutoencoderConfig;
import io.sosae.model.core.ModelState;
import io.sosae.model.core.ReconstructionLoss;
import io.sosae.model.train.Shuffle;
import io.sosae.model.train.TrainingOptions;
import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.function.Consumer;
import java.util.function.IntFunction;

/**
 * The candidates of a hidden-size search trained together: every width's autoencoder is one slice
 * of stacked parameters {@code We [C, n, D]}, {@code Wd [C, D, n]} (D the widest candidate), and
 * each training step is one batched matmul per layer over all C candidates instead of C separate
 * steps. Units past a candidate's width are masked to zero: they get zero gradients, so Adam
 * (elementwise) never moves them, and each slice trains exactly as the candidate would alone from
 * the same initial weights on the same shuffled batches (checked against {@link
 * AutoencoderCandidates} in BatchedCandidatesTest).
 *
 * <p>It costs C times the widest candidate's arithmetic rather than the sum of the widths (the
 * padding), and saves C - 1 of every operation's fixed cost: it wins where per-operation overhead
 * dominates (the small models of a sensor stream) and can lose on large ones; docs/results.md
 * measures both. It holds for plain autoencoders only (no regulariser, k-sparsity, corruption or
 * decoder renormalisation: {@link #supports}); the others go through {@link AutoencoderCandidates}.
 *
 * <p>Each candidate reports its own nominal FLOPs (training at its width plus one validation
 * pass, as if trained alone, the count Table 2 compares) and an equal share of the batch's wall
 * time.
 */
public final class BatchedCandidates implements HiddenSizeSearch.CandidateTrainer {
    private final IntFunction<AutoencoderConfig> configOfWidth;
    private final TrainingOptions options;
    private final Device device;
    private final CandidateRows rows;

    public BatchedCandidates(
            IntFunction<AutoencoderConfig> configOfWidth, TrainingOptions options, CandidateRows rows, Device device) {
        this.configOfWidth = configOfWidth;
        this.options = options;
        this.device = device;
        this.rows = rows;
    }

    /** Whether candidates of this configuration can train in one batched pass. */
    public static boolean supports(AutoencoderConfig c) {
        return c.regularizers().isEmpty() && c.kSparse() == 0 && !c.corrupts() && !c.unitNormDecoder();
    }

    @Override
    public Candidate train(int width) {
        return trainAll(List.of(width), c -> {}).get(0);
    }

    @Override
    public List<Candidate> trainAll(List<Integer> widths, Consumer<Candidate> listener) {
        long start = System.nanoTime();
        List<AutoencoderConfig> configs = configs(widths);
        AutoencoderConfig first = configs.get(0);
        int c = configs.size();
        int n = first.inputDim();
        int wide = widths.stream().mapToInt(Integer::intValue).max().orElseThrow();
        float[] errors;
        try (NDManager m = NDManager.newBaseManager(device)) {
            Stack stack = Stack.of(configs, wide, m);
            Adam adam = new Adam(stack.params, (float) first.learningRate(), m);
            NDArray all = m.create(rows.train(), new Shape(rows.trainRows(), n));
            SplittableRandom rnd = new SplittableRandom(options.shuffleSeed());
            for (int epoch = 1; epoch <= options.epochs(); epoch++) {
                try (NDManager epochMgr = m.newSubManager()) {
                    NDArray shuffled = all.get(epochMgr.create(Shuffle.permutation(rows.trainRows(), rnd)));
                    shuffled.attach(epochMgr);
                    int batches = 0;
                    // the same batches as the trainer: a last partial batch only when it is the only one
                    for (int s = 0;
                            s + options.batchSize() <= rows.trainRows() || (s < rows.trainRows() && batches == 0);
                            s += options.batchSize()) {
                        try (NDManager step = epochMgr.newSubManager()) {
                            NDArray x = shuffled.get(s + ":" + Math.min(rows.trainRows(), s + options.batchSize()));
                            x.attach(step);
                            stack.attach(step);
                            adam.step(stack.gradients(x, first), step);
                            batches++;
                        }
                    }
                }
            }
            try (NDManager eval = m.newSubManager()) {
                NDArray x = eval.create(rows.validation(), new Shape(rows.validationRows(), n));
                stack.attach(eval);
                errors = stack.forward(x, first)
                        .output
                        .sub(x)
                        .abs()
                        .mean(new int[] {2})
                        .mean(new int[] {1})
                        .toFloatArray();
            }
        }
        double share = (System.nanoTime() - start) / 1e9 / c;
        List<Candidate> out = new ArrayList<>(c);
        for (int k = 0; k < c; k++) {
            int width = widths.get(k);
            Candidate candidate = new Candidate(
                    width, errors[k], nominalFlops(n, width, rows.trainRows(), rows.validationRows(), options), share);
            out.add(candidate);
            listener.accept(candidate);
        }
        return out;
    }

    /** Training at width {@code d} and one validation pass (no per-epoch length window here). */
    static double nominalFlops(int n, int d, long trainRows, long validationRows, TrainingOptions options) {
        return io.sosae.model.core.Flops.training(n, d, trainRows, options.epochs(), options.batchSize())
                + io.sosae.model.core.Flops.evaluation(n, d, validationRows);
    }

    private List<AutoencoderConfig> configs(List<Integer> widths) {
        if (widths.isEmpty()) {
            throw new IllegalArgumentException("no candidate widths");
        }
        List<AutoencoderConfig> configs = new ArrayList<>();
        for (int w : widths) {
            AutoencoderConfig config = configOfWidth.apply(w);
            if (!supports(config)) {
                throw new IllegalArgumentException("candidates of " + config.method()
                        + " cannot train in one batched pass (regularised, sparse, corrupting or"
                        + " unit-norm); use AutoencoderCandidates");
            }
            AutoencoderConfig f = configs.isEmpty() ? config : configs.get(0);
            if (config.capacity() != w
                    || config.inputDim() != f.inputDim()
                    || config.encoderActivation() != f.encoderActivation()
                    || config.outputSigmoid() != f.outputSigmoid()
                    || config.reconstructionLoss() != f.reconstructionLoss()
                    || config.learningRate() != f.learningRate()) {
                throw new IllegalArgumentException(
                        "batched candidates must differ in their width only; width " + w + " is " + config);
            }
            configs.add(config);
        }
        return configs;
    }

    /** The stacked parameters We [C, n, D], be [C, 1, D], Wd [C, D, n], bd [C, 1, n] and the unit mask. */
    private record Stack(NDArray[] params, NDArray mask) {
        static Stack of(List<AutoencoderConfig> configs, int wide, NDManager m) {
            int c = configs.size();
            int n = configs.get(0).inputDim();
            float[] we = new float[c * n * wide];
            float[] be = new float[c * wide];
            float[] wd = new float[c * wide * n];
            float[] bd = new float[c * n];
            float[] mask = new float[c * wide];
            for (int k = 0; k < c; k++) {
                ModelState s = Autoencoder.initialState(configs.get(k));
                int d = configs.get(k).capacity();
                for (int i = 0; i < n; i++) {
                    System.arraycopy(s.encoderWeight(), i * d, we, (k * n + i) * wide, d);
                }
                System.arraycopy(s.encoderBias(), 0, be, k * wide, d);
                System.arraycopy(s.decoderWeight(), 0, wd, k * wide * n, d * n);
                System.arraycopy(s.decoderBias(), 0, bd, k * n, n);
                java.util.Arrays.fill(mask, k * wide, k * wide + d, 1f);
            }
            return new Stack(
                    new NDArray[] {
                        m.create(we, new Shape(c, n, wide)),
                        m.create(be, new Shape(c, 1, wide)),
                        m.create(wd, new Shape(c, wide, n)),
                        m.create(bd, new Shape(c, 1, n))
                    },
                    m.create(mask, new Shape(c, 1, wide)));
        }

        /** Results of operations on the parameters then land in {@code step} and close with it. */
        void attach(NDManager step) {
            for (NDArray p : params) {
                p.tempAttach(step);
            }
            mask.tempAttach(step);
        }

        record Forward(NDArray pre, NDArray code, NDArray output) {}

        /** x [B, n] through every candidate: codes [C, B, D] (masked), outputs [C, B, n]. */
        Forward forward(NDArray x, AutoencoderConfig config) {
            NDArray z = x.matMul(params[0]).addi(params[1]);
            NDArray h = config.encoderActivation().apply(z).mul(mask);
            NDArray y = h.matMul(params[2]).addi(params[3]);
            if (config.outputSigmoid()) {
                y = y.getNDArrayInternal().sigmoid();
            }
            return new Forward(z, h, y);
        }

        /** The analytic gradients of every candidate's mean loss on x, stacked like the parameters. */
        NDArray[] gradients(NDArray x, AutoencoderConfig config) {
            Forward f = forward(x, config);
            long c = params[0].getShape().get(0);
            ReconstructionLoss.Evaluation loss =
                    config.reconstructionLoss().evaluate(x, f.output, config.outputSigmoid());
            // the loss is the mean over all C candidates; each candidate's own mean is C times its share
            NDArray dLogits = loss.logitGradient().muli((float) c);
            NDArray dWd = f.code.transpose(0, 2, 1).matMul(dLogits);
            NDArray dbd = dLogits.sum(new int[] {1}, true);
            NDArray dZ = dLogits.matMul(params[2].transpose(0, 2, 1))
                    .muli(config.encoderActivation().derivative(f.pre, f.code))
                    .muli(mask);
            NDArray dWe = x.transpose().matMul(dZ);
            NDArray dbe = dZ.sum(new int[] {1}, true);
            return new NDArray[] {dWe, dbe, dWd, dbd};
        }
    }
}
