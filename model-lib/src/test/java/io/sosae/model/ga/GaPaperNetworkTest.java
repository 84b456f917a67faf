package io.sosae.model.ga;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.assertj.core.api.Assertions.within;

import ai.djl.Device;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class GaPaperNetworkTest {

    /** Blob-like digits: a bright disc of random centre and radius on a dark background, scaled to [0.1, 0.9]. */
    static float[] digits(int count, long seed) {
        SplittableRandom r = new SplittableRandom(seed);
        float[] x = new float[count * PaperNetwork.PIXELS];
        for (int s = 0; s < count; s++) {
            double cx = r.nextDouble(9, 19);
            double cy = r.nextDouble(9, 19);
            double rad = r.nextDouble(3, 7);
            for (int y = 0; y < 28; y++) {
                for (int c = 0; c < 28; c++) {
                    double d = Math.hypot(c - cx, y - cy);
                    x[s * 784 + y * 28 + c] = d < rad ? 1f : 0f;
                }
            }
        }
        return PaperNetwork.scaleTargets(x);
    }

    static float[] randomPopulation(int count, long seed) {
        float[] pop = new float[count * PaperNetwork.PARAMETERS];
        for (int i = 0; i < count; i++) {
            System.arraycopy(
                    PaperNetwork.initialize(seed + i), 0, pop, i * PaperNetwork.PARAMETERS, PaperNetwork.PARAMETERS);
        }
        SplittableRandom r = new SplittableRandom(seed);
        for (int i = 0; i < pop.length; i++) {
            pop[i] += (float) r.nextDouble(-0.5, 0.5); // away from the initial scale, so every unit matters
        }
        return pop;
    }

    @Test
    void layoutHasThePapersLayers() {
        assertThat(PaperNetwork.PARAMETERS)
                .isEqualTo(26 + 26 + (80 + 5) + (10 + 2) + (10 + 5) + (800 + 160) + 260 + 251);
        float[] t = PaperNetwork.scaleTargets(new float[] {0, 1, 0.5f});
        assertThat(t[0]).isCloseTo(0.1f, within(1e-6f));
        assertThat(t[1]).isCloseTo(0.9f, within(1e-6f));
        assertThat(t[2]).isCloseTo(0.5f, within(1e-6f));
    }

    @Test
    void batchedPassGivesTheLoopsFitness() {
        int pop = 7;
        float[] population = randomPopulation(pop, 11);
        try (PopulationFitness f = new PopulationFitness(digits(3, 5), 3, Device.cpu())) {
            float[] batched = f.evaluate(population, pop);
            float[] loop = f.evaluateLoop(population, pop);
            assertThat(batched).hasSize(pop);
            for (int i = 0; i < pop; i++) {
                assertThat(batched[i]).as("individual %d", i).isCloseTo(loop[i], within(1e-5f));
                assertThat(batched[i]).isBetween(0f, 1f);
            }
            // the individuals differ, so a wrong grouping could not pass by accident
            assertThat(batched[0]).isNotCloseTo(batched[1], within(1e-4f));
            float[] rec = f.reconstruct(java.util.Arrays.copyOf(population, PaperNetwork.PARAMETERS));
            assertThat(rec).hasSize(3 * PaperNetwork.PIXELS);
            assertThat(f.encode(java.util.Arrays.copyOf(population, PaperNetwork.PARAMETERS)))
                    .hasSize(3 * PaperNetwork.LATENT);
        }
    }

    @Test
    void evolutionIsDeterministicElitistAndLowersTheError() {
        try (PopulationFitness f = new PopulationFitness(digits(1, 3), 1, Device.cpu())) {
            float[] start = PaperNetwork.initialize(1);
            MutationGa a = new MutationGa(start, GaOptions.paper(7));
            MutationGa b = new MutationGa(start, GaOptions.paper(7));
            float first = a.step(f).parentFitness();
            b.step(f);
            float previous = first;
            for (int g = 1; g < 60; g++) {
                MutationGa.Generation gen = a.step(f);
                assertThat(gen.parentFitness()).as("elitist").isLessThanOrEqualTo(previous);
                previous = gen.parentFitness();
                b.step(f);
            }
            assertThat(a.parent()).containsExactly(b.parent());
            assertThat(a.generation()).isEqualTo(60);
            assertThat(a.evaluations()).isEqualTo(60 * 11);
            assertThat(previous).isLessThan(first * 0.95f);

            // a run restored from (parent, generation) continues exactly
            MutationGa c = new MutationGa(a.parent(), GaOptions.paper(7), a.generation());
            for (int g = 0; g < 3; g++) {
                a.step(f);
                c.step(f);
            }
            assertThat(c.parent()).containsExactly(a.parent());
        }
    }

    @Test
    void childrenDifferFromTheParentInExactlyKParameters() {
        MutationGa ga = new MutationGa(new float[50], new GaOptions(4, 3, 1.0, 2));
        float[] pop = ga.breed();
        for (int c = 1; c <= 4; c++) {
            int changed = 0;
            for (int i = 0; i < 50; i++) {
                float v = pop[c * 50 + i];
                assertThat(v).isBetween(-1f, 1f);
                changed += v != 0 ? 1 : 0;
            }
            assertThat(changed).isEqualTo(3);
        }
        assertThatThrownBy(() -> new GaOptions(0, 1, 1, 1)).hasMessageContaining("population");
        assertThatThrownBy(() -> new GaOptions(1, 0, 1, 1)).hasMessageContaining("mutations");
        assertThatThrownBy(() -> new GaOptions(1, 1, 0, 1)).hasMessageContaining("scale");
    }

    @Test
    void backpropagationOfTheSameNetworkLowersTheError() {
        try (PopulationFitness f = new PopulationFitness(digits(2, 9), 2, Device.cpu())) {
            float[] start = PaperNetwork.initialize(4);
            double before = f.evaluate(start, 1)[0];
            BackpropTrainer.Result r = new BackpropTrainer(f, 0.01).train(start, 20, 60);
            assertThat(r.steps()).isEqualTo(60);
            assertThat(r.mae()).isLessThan(before * 0.9);
            assertThat(r.curve()).isNotEmpty();
        }
    }
}
