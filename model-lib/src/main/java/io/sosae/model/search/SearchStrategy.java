package io.sosae.model.search;

import java.util.ArrayList;
import java.util.List;
import java.util.SplittableRandom;
import java.util.TreeSet;

/** Which code widths a hidden-size search trains. */
public sealed interface SearchStrategy {

    /** The widths to train, in the order they are trained. */
    List<Integer> widths();

    /** A short name for reports ("grid", "random"). */
    String name();

    /** Every width from {@code min} to {@code max} in steps of {@code step} (the non-heuristic sweep). */
    record Grid(int min, int max, int step) implements SearchStrategy {
        public Grid {
            if (min < 1 || max < min || step < 1) {
                throw new IllegalArgumentException(
                        "a grid needs 1 <= min <= max and step >= 1, was " + min + ".." + max + " step " + step);
            }
        }

        @Override
        public List<Integer> widths() {
            List<Integer> w = new ArrayList<>();
            for (int d = min; d <= max; d += step) {
                w.add(d);
            }
            return w;
        }

        @Override
        public String name() {
            return "grid";
        }
    }

    /** {@code count} distinct widths drawn uniformly from [min, max] (random search). */
    record RandomWidths(int count, int min, int max, long seed) implements SearchStrategy {
        public RandomWidths {
            if (min < 1 || max < min || count < 1 || count > max - min + 1) {
                throw new IllegalArgumentException("random search needs 1 <= count <= max - min + 1 and min >= 1, was "
                        + count + " of " + min + ".." + max);
            }
        }

        @Override
        public List<Integer> widths() {
            SplittableRandom random = new SplittableRandom(seed);
            TreeSet<Integer> drawn = new TreeSet<>();
            List<Integer> order = new ArrayList<>();
            while (drawn.size() < count) {
                int d = random.nextInt(min, max + 1);
                if (drawn.add(d)) {
                    order.add(d);
                }
            }
            return order;
        }

        @Override
        public String name() {
            return "random";
        }
    }
}
