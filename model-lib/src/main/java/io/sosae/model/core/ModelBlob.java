package io.sosae.model.core;

import io.sosae.model.loss.Regularizer;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;

/**
 * A model as one versioned byte array (for Flink keyed state, files, Kafka): configuration,
 * weights, Adam moments, step count, plus the streaming counters: model version, active length
 * and samples seen. Restoring gives bit-identical outputs and continues training exactly.
 *
 * <p>Format version 1: magic "SOSAEBLB", int format, then fields in the order written below,
 * big-endian (DataOutputStream). Readers reject unknown formats with a clear message.
 */
public record ModelBlob(ModelState state, long modelVersion, int activeLength, long samplesSeen) {
    private static final long MAGIC = 0x534F534145424C42L; // "SOSAEBLB"
    public static final int FORMAT = 1;

    public byte[] toBytes() {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (DataOutputStream out = new DataOutputStream(bytes)) {
            out.writeLong(MAGIC);
            out.writeInt(FORMAT);
            writeConfig(out, state.config());
            for (float[] p : state.parameters()) {
                writeFloats(out, p);
            }
            out.writeInt(state.adamFirst().length);
            for (int i = 0; i < state.adamFirst().length; i++) {
                writeFloats(out, state.adamFirst()[i]);
                writeFloats(out, state.adamSecond()[i]);
            }
            out.writeLong(state.steps());
            out.writeLong(modelVersion);
            out.writeInt(activeLength);
            out.writeLong(samplesSeen);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    public static ModelBlob fromBytes(byte[] blob) {
        try (DataInputStream in = new DataInputStream(new ByteArrayInputStream(blob))) {
            if (in.readLong() != MAGIC) {
                throw new IllegalArgumentException("not a SOSAE model blob (bad magic)");
            }
            int format = in.readInt();
            if (format != FORMAT) {
                throw new IllegalArgumentException(
                        "model blob format " + format + " is not supported (this build reads " + FORMAT
                                + "); restore with the version that wrote it");
            }
            AutoencoderConfig config = readConfig(in);
            float[][] p = new float[4][];
            for (int i = 0; i < 4; i++) {
                p[i] = readFloats(in);
            }
            int moments = in.readInt();
            float[][] m = new float[moments][];
            float[][] v = new float[moments][];
            for (int i = 0; i < moments; i++) {
                m[i] = readFloats(in);
                v[i] = readFloats(in);
            }
            long steps = in.readLong();
            ModelState state = new ModelState(config, p[0], p[1], p[2], p[3], m, v, steps);
            return new ModelBlob(state, in.readLong(), in.readInt(), in.readLong());
        } catch (IOException e) {
            throw new IllegalArgumentException("truncated or corrupt model blob: " + e.getMessage(), e);
        }
    }

    private static void writeConfig(DataOutputStream out, AutoencoderConfig c) throws IOException {
        out.writeUTF(c.method().name());
        out.writeInt(c.inputDim());
        out.writeInt(c.capacity());
        out.writeUTF(c.encoderActivation().name());
        out.writeBoolean(c.outputSigmoid());
        out.writeUTF(c.reconstructionLoss().name());
        out.writeInt(c.regularizers().size());
        for (Regularizer r : c.regularizers()) {
            out.writeUTF(r.name());
            out.writeDouble(r.lambda());
            if (r instanceof Regularizer.Push push) {
                out.writeDouble(push.alpha());
                int[] shape = push.featureShape();
                out.writeInt(shape == null ? 0 : shape.length);
                if (shape != null) {
                    for (int s : shape) {
                        out.writeInt(s);
                    }
                }
            }
        }
        out.writeInt(c.kSparse());
        out.writeDouble(c.maskingNoise());
        out.writeDouble(c.gaussianNoise());
        out.writeDouble(c.learningRate());
        out.writeBoolean(c.unitNormDecoder());
        out.writeLong(c.seed());
    }

    private static AutoencoderConfig readConfig(DataInputStream in) throws IOException {
        Method method = Method.valueOf(in.readUTF());
        int n = in.readInt();
        int d = in.readInt();
        Activation act = Activation.valueOf(in.readUTF());
        boolean sigmoid = in.readBoolean();
        ReconstructionLoss loss = ReconstructionLoss.valueOf(in.readUTF());
        int count = in.readInt();
        List<Regularizer> regs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            String name = in.readUTF();
            double lambda = in.readDouble();
            regs.add(
                    switch (name) {
                        case "l1" -> new Regularizer.L1(lambda);
                        case "l2" -> new Regularizer.L2(lambda);
                        case "contractive" -> new Regularizer.Contractive(lambda);
                        case "push" -> {
                            double alpha = in.readDouble();
                            int dims = in.readInt();
                            int[] shape = dims == 0 ? null : new int[dims];
                            for (int k = 0; k < dims; k++) {
                                shape[k] = in.readInt();
                            }
                            yield new Regularizer.Push(lambda, alpha, shape);
                        }
                        default -> throw new IllegalArgumentException(
                                "unknown regularizer '" + name + "' in model blob");
                    });
        }
        return new AutoencoderConfig(
                method,
                n,
                d,
                act,
                sigmoid,
                loss,
                regs,
                in.readInt(),
                in.readDouble(),
                in.readDouble(),
                in.readDouble(),
                in.readBoolean(),
                in.readLong());
    }

    private static void writeFloats(DataOutputStream out, float[] a) throws IOException {
        out.writeInt(a.length);
        out.write(FloatBytes.of(a));
    }

    private static float[] readFloats(DataInputStream in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > (1 << 28)) {
            throw new IOException("implausible array length " + len);
        }
        byte[] b = new byte[len * 4];
        in.readFully(b);
        return FloatBytes.floats(b);
    }
}
