package io.sosae.model.data;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Arrays;
import org.junit.jupiter.api.Test;

class DatasetTest {

    /** n samples of dim 2: sample i is (i/n, label/10), label i % classes. */
    private static Dataset numbered(int n, int classes) {
        float[] v = new float[n * 2];
        int[] l = new int[n];
        for (int i = 0; i < n; i++) {
            l[i] = i % classes;
            v[2 * i] = i / (float) n;
            v[2 * i + 1] = l[i] / 10f;
        }
        return new Dataset("numbered", 2, v, l);
    }

    @Test
    void validatesShapeRangeAndLabels() {
        assertThatThrownBy(() -> new Dataset("x", 2, new float[3], new int[2]))
                .hasMessageContaining("2 labels x dim 2 = 4 values expected, got 3");
        assertThatThrownBy(() -> new Dataset("x", 2, new float[] {0, 1.5f}, new int[1]))
                .hasMessageContaining("value 1.5 of sample 0 (index 1) is outside [0, 1]");
        assertThatThrownBy(() -> new Dataset("x", 1, new float[] {Float.NaN}, new int[1]))
                .hasMessageContaining("outside [0, 1]");
        assertThatThrownBy(() -> new Dataset("x", 1, new float[1], new int[] {-1}))
                .hasMessageContaining("negative");
    }

    @Test
    void isImmutable() {
        float[] v = {0.5f};
        Dataset d = new Dataset("x", 1, v, new int[] {3});
        v[0] = 0.9f;
        d.values()[0] = 0.1f;
        d.labels()[0] = 1;

        assertThat(d.value(0, 0)).isEqualTo(0.5f);
        assertThat(d.label(0)).isEqualTo(3);
    }

    @Test
    void subsetSelectAndCopyRows() {
        Dataset d = numbered(10, 3);

        assertThat(d.subset(2, 5).labels()).containsExactly(2, 0, 1);
        assertThat(d.select(new int[] {9, 0}).row(0)).containsExactly(0.9f, 0.0f);
        float[] batch = new float[4];
        d.copyRows(new int[] {1, 2}, batch);
        assertThat(batch).containsExactly(0.1f, 0.1f, 0.2f, 0.2f);
        assertThat(d.classCounts()).containsExactly(4, 3, 3);
        assertThatThrownBy(() -> d.subset(5, 11)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void shuffleIsASeededPermutation() {
        Dataset d = numbered(50, 5);

        Dataset a = d.shuffle(7);
        Dataset b = d.shuffle(7);
        Dataset c = d.shuffle(8);

        assertThat(a).isEqualTo(b);
        assertThat(a).isNotEqualTo(c);
        assertThat(a.labels()).isNotEqualTo(d.labels());
        int[] sorted = a.labels();
        Arrays.sort(sorted);
        int[] original = d.labels();
        Arrays.sort(original);
        assertThat(sorted).isEqualTo(original);
    }

    @Test
    void splitTakesConsecutiveParts() {
        DatasetSplit split = numbered(10, 2).split(6, 3);

        assertThat(split.train().size()).isEqualTo(6);
        assertThat(split.test().row(0)[0]).isEqualTo(0.6f);
        assertThat(split.test().size()).isEqualTo(3);
        assertThat(split.train().name()).isEqualTo("numbered/train");
        assertThatThrownBy(() -> numbered(10, 2).split(8, 3)).hasMessageContaining("cannot split 10 samples");
        assertThat(numbered(10, 2).split(6, 3, 1))
                .isEqualTo(numbered(10, 2).shuffle(1).split(6, 3));
    }

    @Test
    void stratifiedSplitKeepsClassSharesAndIsDeterministic() {
        Dataset d = numbered(103, 4); // classes of 26, 26, 26, 25

        DatasetSplit split = d.stratifiedSplit(20, 42);

        assertThat(split.test().size()).isEqualTo(20);
        assertThat(split.train().size()).isEqualTo(83);
        assertThat(split.test().classCounts()).containsExactly(5, 5, 5, 5);
        assertThat(split).isEqualTo(d.stratifiedSplit(20, 42));
        // Every sample lands in exactly one part.
        float[] all = new float[103];
        int k = 0;
        for (Dataset part : new Dataset[] {split.train(), split.test()}) {
            for (int i = 0; i < part.size(); i++) {
                all[k++] = part.value(i, 0);
            }
        }
        Arrays.sort(all);
        for (int i = 0; i < 103; i++) {
            assertThat(all[i]).isEqualTo(i / 103f);
        }
    }

    @Test
    void largestRemainderQuotasOfTheMnistPackage() {
        int[] counts = {1001, 1127, 991, 1032, 980, 863, 1014, 1070, 944, 978};

        int[] quotas = Dataset.largestRemainderQuotas(counts, 2000, 10_000);

        assertThat(Arrays.stream(quotas).sum()).isEqualTo(2000);
        assertThat(quotas).containsExactly(200, 225, 198, 206, 196, 173, 203, 214, 189, 196);
    }
}
