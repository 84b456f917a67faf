package io.sosae.model.data;

import java.io.BufferedInputStream;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.zip.GZIPInputStream;

/**
 * Reads IDX files (the MNIST format): big-endian magic 0x00000803 (unsigned bytes, 3 dims: images)
 * or 0x00000801 (1 dim: labels), the dimension sizes, then the bytes. Gzip is detected from the
 * content (1f 8b), not the file name. Truncated files and trailing bytes are errors.
 */
public final class IdxReader {
    public static final int IMAGES_MAGIC = 0x00000803;
    public static final int LABELS_MAGIC = 0x00000801;
    // A Java array holds at most about 2^31 - 8 elements.
    private static final long MAX_VALUES = Integer.MAX_VALUE - 8L;

    private IdxReader() {}

    /** Reads an images file; pixel byte b becomes b / 255f. */
    public static IdxImages readImages(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in, IMAGES_MAGIC, "images (unsigned byte, 3 dimensions)");
            int count = readDimension(file, in, "image count");
            int rows = readDimension(file, in, "rows");
            int cols = readDimension(file, in, "columns");
            long total = (long) count * rows * cols;
            if (total > MAX_VALUES) {
                throw new DatasetFormatException(
                        file + ": " + count + " images of " + rows + "x" + cols + " do not fit in one array");
            }
            byte[] bytes =
                    readExactly(file, in, (int) total, "header says " + count + " images of " + rows + "x" + cols);
            float[] values = new float[bytes.length];
            for (int i = 0; i < bytes.length; i++) {
                values[i] = (bytes[i] & 0xFF) / 255f;
            }
            return new IdxImages(count, rows, cols, values);
        }
    }

    /** Reads a labels file; each label is an unsigned byte. */
    public static int[] readLabels(Path file) throws IOException {
        try (DataInputStream in = open(file)) {
            checkMagic(file, in, LABELS_MAGIC, "labels (unsigned byte, 1 dimension)");
            int count = readDimension(file, in, "label count");
            byte[] bytes = readExactly(file, in, count, "header says " + count + " labels");
            int[] labels = new int[count];
            for (int i = 0; i < count; i++) {
                labels[i] = bytes[i] & 0xFF;
            }
            return labels;
        }
    }

    /** Reads a matching images + labels pair into one data set. */
    public static Dataset read(String name, Path imagesFile, Path labelsFile) throws IOException {
        IdxImages images = readImages(imagesFile);
        int[] labels = readLabels(labelsFile);
        if (labels.length != images.count()) {
            throw new DatasetFormatException(name + ": " + imagesFile + " holds " + images.count() + " images but "
                    + labelsFile + " holds " + labels.length + " labels");
        }
        return new Dataset(name, images.pixelsPerImage(), images.values(), labels);
    }

    private static DataInputStream open(Path file) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new NoSuchFileException(file.toString(), null, "IDX file not found");
        }
        BufferedInputStream raw = new BufferedInputStream(Files.newInputStream(file), 1 << 16);
        try {
            raw.mark(2);
            int b0 = raw.read();
            int b1 = raw.read();
            raw.reset();
            InputStream in = b0 == 0x1f && b1 == 0x8b
                    ? new BufferedInputStream(new GZIPInputStream(raw, 1 << 16), 1 << 16)
                    : raw;
            return new DataInputStream(in);
        } catch (IOException e) {
            raw.close();
            throw e;
        }
    }

    private static void checkMagic(Path file, DataInputStream in, int expected, String what) throws IOException {
        int magic;
        try {
            magic = in.readInt();
        } catch (EOFException e) {
            throw new DatasetFormatException(file + ": too short for an IDX header", e);
        }
        if (magic != expected) {
            throw new DatasetFormatException(
                    String.format("%s: bad IDX magic 0x%08x, expected 0x%08x for %s", file, magic, expected, what));
        }
    }

    private static int readDimension(Path file, DataInputStream in, String what) throws IOException {
        int value;
        try {
            value = in.readInt();
        } catch (EOFException e) {
            throw new DatasetFormatException(file + ": IDX header ends before the " + what, e);
        }
        if (value <= 0) {
            throw new DatasetFormatException(file + ": IDX " + what + " must be positive, header says " + value);
        }
        return value;
    }

    private static byte[] readExactly(Path file, InputStream in, int length, String expectation) throws IOException {
        byte[] bytes = in.readNBytes(length);
        if (bytes.length < length) {
            throw new DatasetFormatException(file + ": size mismatch, " + expectation + " (" + length
                    + " data bytes) but only " + bytes.length + " follow the header");
        }
        if (in.read() != -1) {
            throw new DatasetFormatException(
                    file + ": size mismatch, " + expectation + " (" + length + " data bytes) but more data follows");
        }
        return bytes;
    }
}
