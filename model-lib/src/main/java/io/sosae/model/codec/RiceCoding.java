package io.sosae.model.codec;

import java.util.Arrays;

/**
 * The bits of a RICE payload (schemas/README.md): 4 bits k0, then each value's zigzag integer u as a
 * Rice code whose parameter follows a running mean of the values before it; most significant bit
 * first, the last byte padded with zeros. Units come ordered by contribution, so magnitudes fall
 * along a code and a parameter that adapts spends fewer bits on the tail than one fixed per code.
 */
final class RiceCoding {
    /** A quotient this large is not written in unary: the escape's ones, then u in 32 bits. */
    static final int ESCAPE = 24;
    /** Largest |q|, so that u fits 32 bits. */
    static final long MAX_MAGNITUDE = 1L << 30;

    private static final int MAX_K0 = 15;
    private static final int MAX_K = 30;

    private RiceCoding() {}

    static long zigzag(long q) {
        return q >= 0 ? 2 * q : -2 * q - 1;
    }

    static long unzigzag(long u) {
        return (u & 1) == 0 ? u >>> 1 : -((u + 1) >>> 1);
    }

    /** Packs zigzag integers with the k0 that gives the fewest bits. */
    static byte[] encode(long[] u) {
        if (u.length == 0) {
            return new byte[0];
        }
        int bestK0 = 0;
        long bestBits = Long.MAX_VALUE;
        for (int k0 = 0; k0 <= MAX_K0; k0++) {
            long bits = bits(u, k0);
            if (bits < bestBits) {
                bestBits = bits;
                bestK0 = k0;
            }
        }
        BitWriter out = new BitWriter((int) ((bestBits + 4 + 7) / 8));
        out.write(bestK0, 4);
        long m = 1L << bestK0;
        for (long v : u) {
            int k = parameter(m);
            long p = v >>> k;
            if (p < ESCAPE) {
                out.ones((int) p);
                out.write(0, 1);
                out.write(v & ((1L << k) - 1), k);
            } else {
                out.ones(ESCAPE);
                out.write(v, 32);
            }
            m = next(m, v);
        }
        return out.bytes();
    }

    static long[] decode(byte[] payload, int length) {
        long[] u = new long[length];
        if (length == 0) {
            return u;
        }
        BitReader in = new BitReader(payload);
        long m = 1L << in.read(4);
        for (int j = 0; j < length; j++) {
            int k = parameter(m);
            int p = 0;
            while (p < ESCAPE && in.read(1) == 1) {
                p++;
            }
            u[j] = p < ESCAPE ? ((long) p << k) | in.read(k) : in.read(32);
            m = next(m, u[j]);
        }
        return u;
    }

    private static long bits(long[] u, int k0) {
        long bits = 4;
        long m = 1L << k0;
        for (long v : u) {
            int k = parameter(m);
            long p = v >>> k;
            bits += p < ESCAPE ? p + 1 + k : ESCAPE + 32;
            m = next(m, v);
        }
        return bits;
    }

    /** The Rice parameter for a running mean m: floor(log2 m), at most 30. */
    private static int parameter(long m) {
        return Math.min(MAX_K, 63 - Long.numberOfLeadingZeros(Math.max(m, 1)));
    }

    /** The running mean after a value: halfway between the mean before and the value, rounded up. */
    private static long next(long m, long u) {
        return (m + u + 1) >>> 1;
    }

    private static final class BitWriter {
        private byte[] bytes;
        private int size;
        private long acc;
        private int pending;

        BitWriter(int capacity) {
            bytes = new byte[Math.max(1, capacity)];
        }

        void ones(int count) {
            for (int left = count; left > 0; left -= 32) {
                int c = Math.min(32, left);
                write((1L << c) - 1, c);
            }
        }

        /** The low {@code count} (<= 32) bits of {@code value}, most significant first. */
        void write(long value, int count) {
            if (count == 0) {
                return;
            }
            acc = (acc << count) | (value & ((1L << count) - 1));
            pending += count;
            while (pending >= 8) {
                emit((int) (acc >>> (pending - 8)));
                pending -= 8;
            }
            acc &= (1L << pending) - 1;
        }

        byte[] bytes() {
            if (pending > 0) {
                emit((int) (acc << (8 - pending)));
                pending = 0;
                acc = 0;
            }
            return Arrays.copyOf(bytes, size);
        }

        private void emit(int b) {
            if (size == bytes.length) {
                bytes = Arrays.copyOf(bytes, 2 * bytes.length);
            }
            bytes[size++] = (byte) b;
        }
    }

    private static final class BitReader {
        private final byte[] bytes;
        private long position;

        BitReader(byte[] bytes) {
            this.bytes = bytes;
        }

        long read(int count) {
            long v = 0;
            for (int i = 0; i < count; i++) {
                int at = (int) (position >>> 3);
                if (at >= bytes.length) {
                    throw new IllegalArgumentException(
                            "RICE payload of " + bytes.length + " bytes ends before its last value");
                }
                v = (v << 1) | ((bytes[at] >> (7 - (position & 7))) & 1);
                position++;
            }
            return v;
        }
    }
}
