package io.sosae.tools.cli;

import io.sosae.model.data.DatasetSplit;
import io.sosae.model.eval.Evaluator;
import io.sosae.model.eval.LinearProbe;
import io.sosae.model.eval.MethodPresets;
import io.sosae.tools.bench.SearchBench;
import io.sosae.tools.bench.SearchReport;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sosae bench search}: the paper's Table 2 in miniature (tuning FLOPs of grid, random and SOSAE). */
@Command(
        name = "search",
        mixinStandardHelpOptions = true,
        description = "Tuning cost of the code width: grid search, random search and one SOSAE run, in FLOPs.")
final class SearchBenchCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    DeviceOption device;

    @Option(
            names = "--capacity",
            defaultValue = "400",
            description = "Largest width (and SOSAE's capacity). Default: ${DEFAULT-VALUE}.")
    int capacity;

    @Option(
            names = "--epochs",
            defaultValue = "10",
            description = "Epochs of every model (the shared stopping rule). Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(
            names = "--batch-size",
            defaultValue = "256",
            description = "Training mini-batch size. Default: ${DEFAULT-VALUE}.")
    int batchSize;

    @Option(
            names = "--compact-every",
            defaultValue = "5",
            description = "SOSAE: epochs between moving active units to the front. Default: ${DEFAULT-VALUE}.")
    int compactEvery;

    @Option(names = "--seeds", split = ",", defaultValue = "1,2,3", description = "Seeds. Default: ${DEFAULT-VALUE}.")
    List<Long> seeds;

    @Option(
            names = "--grid-step",
            defaultValue = "25",
            description = "Grid widths: step, 2 step, ... up to the capacity. Default: ${DEFAULT-VALUE}.")
    int gridStep;

    @Option(
            names = "--random-count",
            defaultValue = "8",
            description = "Widths the random search draws. Default: ${DEFAULT-VALUE}.")
    int randomCount;

    @Option(
            names = "--tolerance",
            defaultValue = "0.05",
            description =
                    "Chosen width: the smallest within this share of the best validation MAE. Default: ${DEFAULT-VALUE}.")
    double tolerance;

    @Option(
            names = "--validation-share",
            defaultValue = "0.2",
            description = "Training rows held out to compare candidates. Default: ${DEFAULT-VALUE}.")
    double validationShare;

    @Option(
            names = "--train-rows",
            defaultValue = "10000",
            description = "Use at most this many training rows (Fashion-MNIST has 60,000). Default: ${DEFAULT-VALUE}.")
    int trainRows;

    @Option(names = "--out", description = "Report directory (default reports/search-<dataset>).")
    Path out;

    @Override
    public Integer call() throws Exception {
        DatasetSplit loaded = data.load();
        DatasetSplit split = loaded.train().size() > trainRows
                ? new DatasetSplit(loaded.train().subset(0, trainRows), loaded.test())
                : loaded;
        SearchBench.Options o = new SearchBench.Options(
                data.dataset,
                MethodPresets.pushFor(data.dataset),
                capacity,
                epochs,
                batchSize,
                compactEvery,
                seeds,
                validationShare,
                gridStep,
                randomCount,
                tolerance);
        Evaluator evaluator = new Evaluator(device.resolve(), LinearProbe.Options.defaults(), 10);
        SearchBench.Report report = SearchBench.run(evaluator, device.resolve(), split, o, System.out::println);
        Path dir = out != null ? out : Path.of("reports", "search-" + data.dataset);
        SearchReport.write(report, dir);
        System.out.println("summary: " + report.summary());
        System.out.println("report: " + dir.resolve("report.json") + " and " + dir.resolve("index.html"));
        @SuppressWarnings("unchecked")
        var checks = (java.util.Map<String, Object>) report.summary().get("checks");
        return checks.values().stream().allMatch(Boolean.TRUE::equals) ? ExitCodes.OK : ExitCodes.TARGET_MISSED;
    }
}
