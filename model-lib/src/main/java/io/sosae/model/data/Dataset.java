package io.sosae.model.data;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.Random;

/**
 * An immutable set of {@code size()} samples of {@code dim} float32 values in [0, 1], stored
 * row-major in one flat array, with one non-negative int label per sample. Arrays are copied in
 * and out; use {@link #copyRow} or {@link #copyRows} to fill reusable batch buffers.
 *
 * <p>All shuffles use {@code java.util.Random(seed)}, whose sequence the JDK specifies, so a seed
 * gives the same order everywhere.
 *
 * @param name   where the data came from, e.g. {@code mnist/train}
 * @param dim    values per sample
 * @param values size x dim values, row-major
 * @param labels one label per sample
 */
public record Dataset(String name, int dim, float[] values, int[] labels) {

    public Dataset {
        Objects.requireNonNull(name, "name");
        Objects.requireNonNull(values, "values");
        Objects.requireNonNull(labels, "labels");
        // Copy first, so the checks below see exactly what is kept.
        values = values.clone();
        labels = labels.clone();
        if (dim <= 0) {
            throw new IllegalArgumentException(name + ": dim must be positive, got " + dim);
        }
        if ((long) labels.length * dim != values.length) {
            throw new IllegalArgumentException(name + ": " + labels.length + " labels x dim " + dim + " = "
                    + (long) labels.length * dim + " values expected, got " + values.length);
        }
        for (int i = 0; i < values.length; i++) {
            float v = values[i];
            if (!(v >= 0f && v <= 1f)) {
                throw new IllegalArgumentException(name + ": value " + v + " of sample " + (i / dim) + " (index "
                        + (i % dim) + ") is outside [0, 1]");
            }
        }
        for (int i = 0; i < labels.length; i++) {
            if (labels[i] < 0) {
                throw new IllegalArgumentException(name + ": label of sample " + i + " is negative: " + labels[i]);
            }
        }
    }

    /** Number of samples. */
    public int size() {
        return labels.length;
    }

    /** Copy of all values, size x dim row-major. */
    @Override
    public float[] values() {
        return values.clone();
    }

    /** Copy of all labels. */
    @Override
    public int[] labels() {
        return labels.clone();
    }

    public int label(int sample) {
        return labels[checkIndex(sample)];
    }

    public float value(int sample, int index) {
        if (index < 0 || index >= dim) {
            throw new IndexOutOfBoundsException("index " + index + " outside [0, " + dim + ")");
        }
        return values[checkIndex(sample) * dim + index];
    }

    /** Copy of one sample. */
    public float[] row(int sample) {
        int from = checkIndex(sample) * dim;
        return Arrays.copyOfRange(values, from, from + dim);
    }

    /** Copies one sample into {@code target} at {@code offset}. */
    public void copyRow(int sample, float[] target, int offset) {
        System.arraycopy(values, checkIndex(sample) * dim, target, offset, dim);
    }

    /** Copies the given samples one after another into {@code target} from offset 0. */
    public void copyRows(int[] samples, float[] target) {
        if (target.length < (long) samples.length * dim) {
            throw new IllegalArgumentException(
                    "target holds " + target.length + " values, needs " + (long) samples.length * dim);
        }
        for (int k = 0; k < samples.length; k++) {
            copyRow(samples[k], target, k * dim);
        }
    }

    /** Samples per label, indexed by label (length = max label + 1). */
    public int[] classCounts() {
        int max = -1;
        for (int label : labels) {
            max = Math.max(max, label);
        }
        int[] counts = new int[max + 1];
        for (int label : labels) {
            counts[label]++;
        }
        return counts;
    }

    public Dataset withName(String newName) {
        return new Dataset(newName, dim, values, labels);
    }

    /** Samples [from, to) in order. */
    public Dataset subset(int from, int to) {
        if (from < 0 || to > size() || from > to) {
            throw new IndexOutOfBoundsException("subset [" + from + ", " + to + ") of " + size() + " samples");
        }
        return new Dataset(
                name, dim, Arrays.copyOfRange(values, from * dim, to * dim), Arrays.copyOfRange(labels, from, to));
    }

    /** The given samples, in the given order (repeats allowed). */
    public Dataset select(int[] samples) {
        float[] v = new float[Math.multiplyExact(samples.length, dim)];
        int[] l = new int[samples.length];
        for (int k = 0; k < samples.length; k++) {
            copyRow(samples[k], v, k * dim);
            l[k] = labels[samples[k]];
        }
        return new Dataset(name, dim, v, l);
    }

    /** A seeded Fisher-Yates permutation of the samples. */
    public Dataset shuffle(long seed) {
        return select(permutation(size(), new Random(seed)));
    }

    /** First {@code trainCount} samples as train, the next {@code testCount} as test, in current order. */
    public DatasetSplit split(int trainCount, int testCount) {
        if (trainCount < 0 || testCount < 0 || (long) trainCount + testCount > size()) {
            throw new IllegalArgumentException(name + ": cannot split " + size() + " samples into " + trainCount
                    + " train + " + testCount + " test");
        }
        return new DatasetSplit(
                subset(0, trainCount).withName(name + "/train"),
                subset(trainCount, trainCount + testCount).withName(name + "/test"));
    }

    /** {@link #split(int, int)} after {@link #shuffle(long)}. */
    public DatasetSplit split(int trainCount, int testCount, long seed) {
        return shuffle(seed).split(trainCount, testCount);
    }

    /**
     * A split that keeps each label's share in the test part: label c gets
     * floor(testCount * n_c / n) test samples, and the leftover slots go to the largest remainders
     * (ties to the smaller label). Within a label the test samples are a seeded random choice; the
     * rest is train. Both parts are then shuffled with the same seeded generator so labels are mixed.
     */
    public DatasetSplit stratifiedSplit(int testCount, long seed) {
        if (testCount < 0 || testCount > size()) {
            throw new IllegalArgumentException(name + ": cannot take " + testCount + " test samples from " + size());
        }
        int[] counts = classCounts();
        int[] quota = largestRemainderQuotas(counts, testCount, size());
        List<List<Integer>> byClass = new ArrayList<>();
        for (int c = 0; c < counts.length; c++) {
            byClass.add(new ArrayList<>(counts[c]));
        }
        for (int i = 0; i < size(); i++) {
            byClass.get(labels[i]).add(i);
        }
        Random random = new Random(seed);
        int[] test = new int[testCount];
        int[] train = new int[size() - testCount];
        int t = 0;
        int r = 0;
        for (int c = 0; c < counts.length; c++) {
            int[] members = byClass.get(c).stream().mapToInt(Integer::intValue).toArray();
            int[] order = permutation(members.length, random);
            for (int k = 0; k < members.length; k++) {
                int sample = members[order[k]];
                if (k < quota[c]) {
                    test[t++] = sample;
                } else {
                    train[r++] = sample;
                }
            }
        }
        shuffleInPlace(train, random);
        shuffleInPlace(test, random);
        return new DatasetSplit(
                select(train).withName(name + "/train"), select(test).withName(name + "/test"));
    }

    static int[] largestRemainderQuotas(int[] counts, int total, int n) {
        int[] quota = new int[counts.length];
        long[] remainder = new long[counts.length];
        int assigned = 0;
        for (int c = 0; c < counts.length; c++) {
            long exact = (long) total * counts[c];
            quota[c] = (int) (exact / n);
            remainder[c] = exact % n;
            assigned += quota[c];
        }
        for (int left = total - assigned; left > 0; left--) {
            int best = -1;
            for (int c = 0; c < counts.length; c++) {
                if (quota[c] < counts[c] && (best < 0 || remainder[c] > remainder[best])) {
                    best = c;
                }
            }
            quota[best]++;
            remainder[best] = -1;
        }
        return quota;
    }

    private static int[] permutation(int n, Random random) {
        int[] p = new int[n];
        for (int i = 0; i < n; i++) {
            p[i] = i;
        }
        shuffleInPlace(p, random);
        return p;
    }

    private static void shuffleInPlace(int[] a, Random random) {
        for (int i = a.length - 1; i > 0; i--) {
            int j = random.nextInt(i + 1);
            int tmp = a[i];
            a[i] = a[j];
            a[j] = tmp;
        }
    }

    private int checkIndex(int sample) {
        if (sample < 0 || sample >= size()) {
            throw new IndexOutOfBoundsException("sample " + sample + " outside [0, " + size() + ")");
        }
        return sample;
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof Dataset other
                && name.equals(other.name)
                && dim == other.dim
                && Arrays.equals(values, other.values)
                && Arrays.equals(labels, other.labels);
    }

    @Override
    public int hashCode() {
        return Objects.hash(name, dim, Arrays.hashCode(values), Arrays.hashCode(labels));
    }

    @Override
    public String toString() {
        return "Dataset[" + name + ", " + size() + " x " + dim + "]";
    }
}
