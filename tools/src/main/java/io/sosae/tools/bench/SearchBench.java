package io.sosae.tools.bench;

import ai.djl.Device;
import io.sosae.model.core.AutoencoderConfig;
import io.sosae.model.core.Method;
import io.sosae.model.data.Dataset;
import io.sosae.model.data.DatasetSplit;
import io.sosae.model.data.SyntheticManifold;
import io.sosae.model.eval.Evaluator;
import io.sosae.model.eval.MethodPresets;
import io.sosae.model.eval.MethodResult;
import io.sosae.model.report.Percentiles;
import io.sosae.model.search.AutoencoderCandidates;
import io.sosae.model.search.BatchedCandidates;
import io.sosae.model.search.CandidateRows;
import io.sosae.model.search.HiddenSizeSearch;
import io.sosae.model.search.SearchResult;
import io.sosae.model.search.SearchStrategy;
import io.sosae.model.train.TrainingListener;
import io.sosae.model.train.TrainingOptions;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;

/**
 * The SOSAE paper's Table 2 in miniature: how many FLOPs it takes to find a code width by grid
 * search, by random search, and by one SOSAE run. Every model (each search candidate and SOSAE)
 * trains on the same rows with the same stopping rule (the same epochs and batch size). The
 * searches train plain fixed-width autoencoders and keep the smallest width whose validation
 * error (on held-out training rows) is within the tolerance of their best candidate; SOSAE's
 * width is its active length. Each chosen width is then measured the same way: a linear probe's
 * test accuracy on its codes and the test reconstruction error.
 */
public final class SearchBench {
    private SearchBench() {}

    /**
     * @param validationShare share of the training rows held out to compare candidates
     * @param gridStep the grid trains widths step, 2 step, ... up to the capacity
     * @param randomCount widths the random search draws from [1, capacity]
     */
    public record Options(
            String dataset,
            MethodPresets.PushSetting push,
            int capacity,
            int epochs,
            int batchSize,
            int compactEvery,
            List<Long> seeds,
            double validationShare,
            int gridStep,
            int randomCount,
            double tolerance) {
        public Options {
            seeds = List.copyOf(seeds);
            if (seeds.isEmpty()) {
                throw new IllegalArgumentException("at least one seed is needed");
            }
            if (!(validationShare > 0 && validationShare < 1)) {
                throw new IllegalArgumentException("--validation-share must be in (0, 1), was " + validationShare);
            }
            new SearchStrategy.Grid(gridStep, capacity, gridStep);
            new SearchStrategy.RandomWidths(randomCount, 1, capacity, 0);
        }
    }

    /** One method on one seed: how it chose its width, what that cost, and how good the width is. */
    public record Row(
            String method,
            long seed,
            int iterations,
            int width,
            double tuningFlops,
            double tuningSeconds,
            double accuracy,
            double testError) {}

    /**
     * The same search trained one candidate after another and all candidates in one batched pass
     * ({@link BatchedCandidates}): wall times in this run, and how far the two disagree.
     *
     * @param maxRelativeDifference the largest |batched - alone| / alone over the candidates'
     *     validation errors
     */
    public record BatchedRun(
            String workload,
            String strategy,
            long seed,
            int candidates,
            double oneByOneSeconds,
            double batchedSeconds,
            double speedup,
            double maxRelativeDifference,
            int chosenOneByOne,
            int chosenBatched) {}

    public record Report(
            String dataset,
            int trainRows,
            int validationRows,
            int testRows,
            Options options,
            List<Row> rows,
            List<SearchResult> searches,
            List<BatchedRun> batched,
            Map<String, Object> summary) {}

    public static Report run(
            Evaluator evaluator, Device device, DatasetSplit split, Options o, Consumer<String> progress) {
        Dataset all = split.train();
        int validationRows = (int) Math.round(all.size() * o.validationShare());
        Dataset train = all.subset(0, all.size() - validationRows);
        Dataset validation = all.subset(all.size() - validationRows, all.size());
        DatasetSplit measured = new DatasetSplit(train, split.test());
        int n = all.dim();
        List<Row> rows = new ArrayList<>();
        List<SearchResult> searches = new ArrayList<>();
        List<BatchedRun> batched = new ArrayList<>();
        for (long seed : o.seeds()) {
            TrainingOptions topt = TrainingOptions.of(o.epochs(), o.batchSize()).withShuffleSeed(seed);

            progress.accept(String.format("SOSAE seed %d: one run at capacity %d", seed, o.capacity()));
            AutoencoderConfig sosae = MethodPresets.of(Method.SOSAE, n, o.capacity(), seed, o.push());
            MethodResult s = evaluator.evaluate(
                    "SOSAE",
                    sosae,
                    topt.withCompactEvery(o.compactEvery()),
                    measured,
                    o.capacity(),
                    TrainingListener.NONE);
            double sosaeFlops = AutoencoderCandidates.flopsOf(n, o.capacity(), train.size(), 0, topt);
            rows.add(new Row(
                    "SOSAE",
                    seed,
                    1,
                    s.compressedLength(),
                    sosaeFlops,
                    s.trainSeconds(),
                    s.accuracyAtCompressedLength(),
                    s.truncatedReconstructionError()));

            AutoencoderCandidates candidates = new AutoencoderCandidates(
                    d -> MethodPresets.of(Method.AE, n, d, seed), topt, CandidateRows.of(train, validation), device);
            HiddenSizeSearch search = new HiddenSizeSearch(candidates, o.tolerance());
            for (SearchStrategy strategy : List.of(
                    new SearchStrategy.Grid(o.gridStep(), o.capacity(), o.gridStep()),
                    new SearchStrategy.RandomWidths(o.randomCount(), 1, o.capacity(), seed))) {
                int total = strategy.widths().size();
                int[] done = {0};
                SearchResult r = search.run(
                        strategy,
                        c -> progress.accept(String.format(
                                "%s search seed %d: width %d (%d of %d), validation MAE %.4f",
                                strategy.name(), seed, c.width(), ++done[0], total, c.validationError())));
                searches.add(r);
                BatchedCandidates together = new BatchedCandidates(
                        d -> MethodPresets.of(Method.AE, n, d, seed),
                        topt,
                        CandidateRows.of(train, validation),
                        device);
                batched.add(compareBatched(
                        o.dataset(), strategy, seed, r, new HiddenSizeSearch(together, o.tolerance()), progress));
                MethodResult chosen = evaluator.evaluate(
                        strategy.name(),
                        MethodPresets.of(Method.AE, n, r.chosen().width(), seed),
                        topt,
                        measured,
                        r.chosen().width(),
                        TrainingListener.NONE);
                rows.add(new Row(
                        strategy.name(),
                        seed,
                        total,
                        r.chosen().width(),
                        r.totalFlops(),
                        r.totalSeconds(),
                        chosen.accuracy(),
                        chosen.reconstructionError()));
            }
        }
        batched.addAll(streamWindow(device, o.seeds(), o.tolerance(), progress));
        return new Report(
                o.dataset(),
                train.size(),
                validation.size(),
                split.test().size(),
                o,
                rows,
                searches,
                batched,
                summarize(rows));
    }

    private static BatchedRun compareBatched(
            String workload,
            SearchStrategy strategy,
            long seed,
            SearchResult alone,
            HiddenSizeSearch together,
            Consumer<String> progress) {
        SearchResult b = together.run(strategy, c -> {});
        double worst = 0;
        for (int k = 0; k < alone.candidates().size(); k++) {
            double a = alone.candidates().get(k).validationError();
            worst = Math.max(worst, Math.abs(b.candidates().get(k).validationError() - a) / a);
        }
        BatchedRun run = new BatchedRun(
                workload,
                strategy.name(),
                seed,
                alone.candidates().size(),
                alone.totalSeconds(),
                b.totalSeconds(),
                alone.totalSeconds() / b.totalSeconds(),
                worst,
                alone.chosen().width(),
                b.chosen().width());
        progress.accept(String.format(
                "%s %s search seed %d batched: %.1f s vs %.1f s one by one (%.2fx), errors within %.2e",
                workload, strategy.name(), seed, run.batchedSeconds(), run.oneByOneSeconds(), run.speedup(), worst));
        return run;
    }

    /**
     * The stream method's workload: a GRID search with the job's defaults (a 1,024-row window, 5
     * epochs, widths 8, 16, ..., 64, batch 64) on a 64-channel stream of intrinsic dimension 8.
     */
    static List<BatchedRun> streamWindow(Device device, List<Long> seeds, double tolerance, Consumer<String> progress) {
        int n = 64;
        List<BatchedRun> runs = new ArrayList<>();
        for (long seed : seeds) {
            Dataset window = SyntheticManifold.builder()
                    .latentDim(8)
                    .ambientDim(n)
                    .seed(seed)
                    .build()
                    .sample(1024, seed);
            Dataset train = window.subset(0, 820);
            Dataset held = window.subset(820, 1024);
            TrainingOptions topt = TrainingOptions.of(5, 64).withShuffleSeed(seed);
            SearchStrategy grid = new SearchStrategy.Grid(8, 64, 8);
            java.util.function.IntFunction<AutoencoderConfig> ae = d -> MethodPresets.of(Method.AE, n, d, seed);
            SearchResult alone = new HiddenSizeSearch(
                            new AutoencoderCandidates(ae, topt, CandidateRows.of(train, held), device), tolerance)
                    .run(grid, c -> {});
            BatchedCandidates together = new BatchedCandidates(ae, topt, CandidateRows.of(train, held), device);
            runs.add(compareBatched(
                    "64-channel stream window",
                    grid,
                    seed,
                    alone,
                    new HiddenSizeSearch(together, tolerance),
                    progress));
        }
        return runs;
    }

    /** Medians over seeds per method, the FLOPs ratios to SOSAE, and the checks. */
    static Map<String, Object> summarize(List<Row> rows) {
        Map<String, Object> summary = new LinkedHashMap<>();
        Map<String, Object> ratios = new LinkedHashMap<>();
        Map<String, Object> checks = new LinkedHashMap<>();
        for (String method : List.of("SOSAE", "grid", "random")) {
            List<Row> of = rows.stream().filter(r -> r.method().equals(method)).toList();
            if (of.isEmpty()) {
                continue;
            }
            Map<String, Object> m = new LinkedHashMap<>();
            m.put(
                    "medianWidth",
                    Percentiles.median(of.stream().mapToDouble(Row::width).toArray()));
            m.put(
                    "medianTuningFlops",
                    Percentiles.median(of.stream().mapToDouble(Row::tuningFlops).toArray()));
            m.put(
                    "medianAccuracy",
                    Percentiles.median(of.stream().mapToDouble(Row::accuracy).toArray()));
            m.put(
                    "medianTestError",
                    Percentiles.median(of.stream().mapToDouble(Row::testError).toArray()));
            summary.put(method, m);
        }
        for (String method : List.of("grid", "random")) {
            List<Double> perSeed = new ArrayList<>();
            for (Row r : rows) {
                if (r.method().equals(method)) {
                    rows.stream()
                            .filter(s -> s.method().equals("SOSAE") && s.seed() == r.seed())
                            .findFirst()
                            .ifPresent(s -> perSeed.add(r.tuningFlops() / s.tuningFlops()));
                }
            }
            if (!perSeed.isEmpty()) {
                ratios.put(method + "/SOSAE", perSeed);
                checks.put(
                        "sosaeTunesWithFewerFlopsThan" + Character.toUpperCase(method.charAt(0)) + method.substring(1),
                        perSeed.stream().allMatch(x -> x > 1));
            }
        }
        summary.put("flopsRatios", ratios);
        summary.put("checks", checks);
        return summary;
    }
}
