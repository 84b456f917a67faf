package io.sosae.model.core;

import java.io.DataInput;
import java.io.DataOutput;
import java.io.IOException;

/**
 * Length-prefixed arrays in a compressor's blob (big-endian, {@link DataOutput}'s encoding): the
 * one way every method's blob writes and reads its arrays. A length that cannot be right (negative
 * or above 2^28) fails the read instead of allocating.
 */
public final class BlobArrays {
    private static final int MAX_LENGTH = 1 << 28;

    private BlobArrays() {}

    public static void writeFloats(DataOutput out, float[] v) throws IOException {
        out.writeInt(v.length);
        for (float x : v) {
            out.writeFloat(x);
        }
    }

    public static float[] readFloats(DataInput in) throws IOException {
        float[] v = new float[length(in)];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readFloat();
        }
        return v;
    }

    public static void writeDoubles(DataOutput out, double[] v) throws IOException {
        out.writeInt(v.length);
        for (double x : v) {
            out.writeDouble(x);
        }
    }

    public static double[] readDoubles(DataInput in) throws IOException {
        double[] v = new double[length(in)];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readDouble();
        }
        return v;
    }

    public static void writeBooleans(DataOutput out, boolean[] v) throws IOException {
        out.writeInt(v.length);
        for (boolean x : v) {
            out.writeBoolean(x);
        }
    }

    public static boolean[] readBooleans(DataInput in) throws IOException {
        boolean[] v = new boolean[length(in)];
        for (int i = 0; i < v.length; i++) {
            v[i] = in.readBoolean();
        }
        return v;
    }

    private static int length(DataInput in) throws IOException {
        int len = in.readInt();
        if (len < 0 || len > MAX_LENGTH) {
            throw new IOException("implausible array length " + len);
        }
        return len;
    }
}
