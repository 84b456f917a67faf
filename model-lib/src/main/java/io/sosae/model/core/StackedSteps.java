package io.sosae.model.core;

import ai.djl.ndarray.NDArray;
import ai.djl.ndarray.NDArrays;
import ai.djl.ndarray.NDList;
import ai.djl.ndarray.NDManager;
import ai.djl.ndarray.types.Shape;
import io.sosae.model.loss.Regularizer;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * Adam steps of K autoencoders of one configuration, computed together: their parameters and
 * moments are stacked along a new first axis, every matmul of the forward and backward pass is one
 * batched matmul over the K models, every element-wise kernel and every Adam update runs once over
 * the stack, and after the last of R consecutive steps (rounds) the results are split back into
 * each model's arrays. Each model's result is its own {@link Autoencoder#trainStep} on its own
 * batches in order (the same arithmetic, up to the summation order of a batched matmul;
 * StackedStepsTest), with its own step count in Adam's bias corrections.
 *
 * <p>A step of a small model is bound by the fixed cost of each engine call, not by arithmetic:
 * K models cost about as many calls per round as one, plus a stack and a split per array once per
 * call. It holds for the configurations {@link #supports} names (the push regulariser at most, no
 * k-sparsity, no corruption); others train alone.
 *
 * <p>A round in which some model's loss is not finite is the last one run: that model is left as
 * it was before the call (no update, no step counted; {@link Autoencoder#trainStep} leaves it
 * untouched too, and the stream rolls it back), the others keep every round run. Not
 * thread-safe: one instance per thread; its host buffers are freed by {@link #close}.
 */
public final class StackedSteps implements AutoCloseable {
    private final HostBuffer inputs = new HostBuffer();
    private final HostBuffer scales = new HostBuffer();
    private final HostBuffer epsilons = new HostBuffer();

    /** Whether models of this configuration can take their steps stacked. */
    public static boolean supports(AutoencoderConfig c) {
        return c.kSparse() == 0
                && !c.corrupts()
                && c.regularizers().stream().allMatch(Regularizer.Push.class::isInstance);
    }

    /** What must be equal for two models to be stacked: the configuration but for its seed. */
    public static AutoencoderConfig stackingKey(AutoencoderConfig c) {
        return c.toBuilder().seed(0).build();
    }

    /** One step of each model on its batch: {@link #step(List, List, int)} with one round. */
    public StepStats[] step(List<Autoencoder> models, float[] batches, int rows) {
        return step(models, List.of(batches), rows).get(0);
    }

    /**
     * Takes R consecutive steps of each model.
     *
     * @param models K >= 1 models whose {@link #stackingKey}s are equal and that {@link #supports}
     * @param rounds R >= 1 rounds, each K row-major batches [rows, n] in the models' order, one flat
     *     array per round
     * @param rows rows of each model's batch
     * @return the statistics of the rounds run (all R unless one had a non-finite loss: it is the
     *     last), each in the models' order
     */
    public List<StepStats[]> step(List<Autoencoder> models, List<float[]> rounds, int rows) {
        int k = models.size();
        Autoencoder first = models.get(0);
        AutoencoderConfig config = first.config();
        check(models, rounds, rows, config);
        Autoencoder.noGrad();
        long[] stepsBefore = new long[k];
        for (int j = 0; j < k; j++) {
            stepsBefore[j] = models.get(j).optimizer().steps();
        }
        List<StepStats[]> run = new ArrayList<>(rounds.size());
        boolean[] keep = new boolean[k];
        Arrays.fill(keep, true);
        try (NDManager stack = first.arrayManager().newSubManager()) {
            NDArray[] p = new NDArray[4];
            NDArray[] m1 = new NDArray[4];
            NDArray[] m2 = new NDArray[4];
            for (int i = 0; i < 4; i++) {
                int index = i;
                p[i] = stack(models, a -> a.parameterArrays()[index], stack);
                m1[i] = stack(models, a -> a.optimizer().firstArrays()[index], stack);
                m2[i] = stack(models, a -> a.optimizer().secondArrays()[index], stack);
            }
            for (float[] batches : rounds) {
                StepStats[] stats;
                try (NDManager round = stack.newSubManager()) {
                    stats = round(models, p, m1, m2, batches, rows, stepsBefore, run.size() + 1L, round);
                }
                run.add(stats);
                boolean allFinite = true;
                for (int j = 0; j < k; j++) {
                    if (!stats[j].finite()) {
                        keep[j] = false;
                        allFinite = false;
                    }
                }
                if (!allFinite) {
                    break;
                }
            }
            for (int i = 0; i < 4; i++) {
                int index = i;
                unstack(p[i], models, keep, a -> a.parameterArrays()[index]);
                unstack(m1[i], models, keep, a -> a.optimizer().firstArrays()[index]);
                unstack(m2[i], models, keep, a -> a.optimizer().secondArrays()[index]);
            }
        }
        for (int j = 0; j < k; j++) {
            if (keep[j]) {
                models.get(j).optimizer().countSteps(run.size());
            }
        }
        return run;
    }

    /** One round on the stacks, in place; {@code t} counts the rounds of this call from 1. */
    private StepStats[] round(
            List<Autoencoder> models,
            NDArray[] p,
            NDArray[] m1,
            NDArray[] m2,
            float[] batches,
            int rows,
            long[] stepsBefore,
            long t,
            NDManager round) {
        int k = models.size();
        Autoencoder first = models.get(0);
        AutoencoderConfig config = first.config();
        int n = config.inputDim();
        for (NDArray a : p) {
            a.tempAttach(round); // what derives from them lands in the round's manager
        }
        NDArray x = inputs.upload(batches, new Shape(k, rows, n), round);
        NDArray be = p[1].expandDims(1); // [K, 1, d]: broadcasts over the rows
        NDArray bd = p[3].expandDims(1);

        NDArray z = x.matMul(p[0]).addi(be);
        NDArray h = config.encoderActivation().apply(z);
        NDArray logits = h.matMul(p[2]).addi(bd);
        NDArray y = config.outputSigmoid() ? logits.getNDArrayInternal().sigmoid() : logits;

        NDArray diff = y.sub(x);
        ReconstructionLoss lossKind = config.reconstructionLoss();
        // one mean per model: of [K, rows * n] (the engine reduces over one axis at a time)
        NDArray loss = lossKind.elementLosses(x, y, diff, config.outputSigmoid())
                .reshape(k, -1)
                .mean(new int[] {1});
        Regularizer.Push push = config.push().orElse(null);
        NDArray weights = first.pushWeightArray();
        if (weights != null) {
            weights.tempAttach(round); // what derives from it lands here, not in the model's manager
        }
        NDArray penalty = push == null
                ? null
                : h.abs().mul(weights).sum(new int[] {2}).mean(new int[] {1}).mul((float) push.lambda());
        float[] recon = loss.toFloatArray();
        float[] pushed = penalty == null ? new float[k] : penalty.toFloatArray();

        // the gradients, as Autoencoder.backward computes them for one model
        NDArray dLogits = lossKind.logitGradient(diff, y, config.outputSigmoid(), 1f / (rows * (float) n));
        NDArray dWd = h.transpose(0, 2, 1).matMul(dLogits);
        NDArray dbd = dLogits.sum(new int[] {1});
        NDArray dH = dLogits.matMul(p[2].transpose(0, 2, 1));
        if (push != null) {
            dH.addi(h.sign().muli(weights.mul((float) (push.lambda() / rows))));
        }
        NDArray dZ = dH.muli(config.encoderActivation().derivative(z, h));
        NDArray dWe = x.transpose(0, 2, 1).matMul(dZ);
        NDArray dbe = dZ.sum(new int[] {1});
        NDArray[] g = {dWe, dbe, dWd, dbd};

        StepStats[] stats = new StepStats[k];
        float[] stepScale = new float[k];
        float[] eps = new float[k];
        for (int j = 0; j < k; j++) {
            stats[j] = new StepStats(recon[j] + pushed[j], recon[j], pushed[j], pushed[j]);
            long step = stepsBefore[j] + t;
            stepScale[j] = models.get(j).optimizer().stepScale(step);
            eps[j] = Adam.epsilon(step);
        }
        NDArray scale = scales.upload(stepScale, new Shape(k, 1, 1), round);
        NDArray epsilon = epsilons.upload(eps, new Shape(k, 1, 1), round);
        NDArray vectorScale = scale.reshape(k, 1);
        NDArray vectorEpsilon = epsilon.reshape(k, 1);
        for (int i = 0; i < 4; i++) {
            boolean matrix = i % 2 == 0;
            m1[i].tempAttach(round);
            m2[i].tempAttach(round);
            Adam.updateMoments(m1[i], m2[i], g[i]);
            p[i].subi(m1[i].div(m2[i].sqrt().addi(matrix ? epsilon : vectorEpsilon))
                    .muli(matrix ? scale : vectorScale));
        }
        if (config.unitNormDecoder()) {
            p[2].divi(p[2].square().sum(new int[] {2}, true).sqrt().maximum(1e-12f));
        }
        return stats;
    }

    private static void check(List<Autoencoder> models, List<float[]> rounds, int rows, AutoencoderConfig config) {
        if (!supports(config)) {
            throw new IllegalArgumentException("models of " + config + " cannot take stacked steps");
        }
        AutoencoderConfig key = stackingKey(config);
        for (Autoencoder a : models) {
            if (!stackingKey(a.config()).equals(key)
                    || !a.device().equals(models.get(0).device())) {
                throw new IllegalArgumentException(
                        "stacked models must share a configuration (but for the seed) and a device");
            }
        }
        long expected = (long) models.size() * rows * config.inputDim();
        if (rounds.isEmpty()) {
            throw new IllegalArgumentException("expected at least one round");
        }
        for (float[] batches : rounds) {
            if (rows <= 0 || batches.length < expected) {
                throw new IllegalArgumentException("expected " + models.size() + " batches of " + rows + " rows, got "
                        + batches.length + " values");
            }
        }
    }

    private interface ArrayOf {
        NDArray of(Autoencoder model);
    }

    private static NDArray stack(List<Autoencoder> models, ArrayOf array, NDManager step) {
        NDList list = new NDList(models.size());
        for (Autoencoder a : models) {
            list.add(array.of(a));
        }
        NDArray stacked = NDArrays.stack(list);
        stacked.attach(step);
        return stacked;
    }

    /** Each kept model's slice of a stack becomes its array (same object, new storage). */
    private static void unstack(NDArray stacked, List<Autoencoder> models, boolean[] keep, ArrayOf array) {
        NDList slices = stacked.split(models.size(), 0);
        for (int j = 0; j < models.size(); j++) {
            if (keep[j]) {
                // a contiguous copy, so that the model does not keep the whole stack alive
                array.of(models.get(j)).intern(slices.get(j).squeeze(0).duplicate());
            }
        }
    }

    @Override
    public void close() {
        inputs.close();
        scales.close();
        epsilons.close();
    }
}
