package io.sosae.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sosae.model.core.Method;
import io.sosae.model.data.DatasetSplit;
import io.sosae.model.eval.Evaluator;
import io.sosae.model.eval.LinearProbe;
import io.sosae.model.eval.MethodPresets;
import io.sosae.model.report.HtmlReport;
import io.sosae.model.report.LineChart;
import io.sosae.model.report.Series;
import io.sosae.tools.bench.PaperBench;
import io.sosae.tools.bench.PaperReport;
import io.sosae.tools.bench.PerfBench;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sosae bench paper|perf}: the benchmarks whose numbers the README quotes. */
@Command(
        name = "bench",
        mixinStandardHelpOptions = true,
        description = "Benchmarks that write JSON and HTML reports.",
        subcommands = {
            BenchCommand.Paper.class,
            BenchCommand.Sweep.class,
            BenchCommand.Perf.class,
            PipelineBenchCommand.class,
            SearchBenchCommand.class,
            CompareBenchCommand.class,
            StreamBenchCommand.class,
            io.sosae.tools.bench.ArchBenchCommand.class,
            io.sosae.tools.bench.GaBenchCommand.class,
            io.sosae.tools.bench.KeysBenchCommand.class
        })
final class BenchCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(
            name = "paper",
            mixinStandardHelpOptions = true,
            description = "The SOSAE paper's Table 1, Fig. 3 and Fig. 4 on real data: every method, several seeds.")
    static final class Paper implements Callable<Integer> {
        @Mixin
        DataOptions data;

        @Mixin
        DeviceOption device;

        @Option(names = "--capacity", defaultValue = "400", description = "Code capacity d. Default: ${DEFAULT-VALUE}.")
        int capacity;

        @Option(
                names = "--epochs",
                defaultValue = "30",
                description = "Training epochs per model. Default: ${DEFAULT-VALUE}.")
        int epochs;

        @Option(
                names = "--batch-size",
                defaultValue = "256",
                description = "Training mini-batch size. Default: ${DEFAULT-VALUE}.")
        int batchSize;

        @Option(
                names = "--seeds",
                split = ",",
                defaultValue = "1,2,3",
                description = "Seeds. Default: ${DEFAULT-VALUE}.")
        List<Long> seeds;

        @Option(
                names = "--methods",
                split = ",",
                defaultValue = "SOSAE,AE,L1,L2,KSPARSE,CAE,CKSPARSE,DAE",
                description = "Methods (SOSAE first). Default: ${DEFAULT-VALUE}.")
        List<Method> methods;

        @Option(
                names = "--compact-every",
                defaultValue = "5",
                description =
                        "SOSAE: epochs between moving active units to the front (0 = never). Default: ${DEFAULT-VALUE}.")
        int compactEvery;

        @Option(
                names = "--mask-levels",
                split = ",",
                defaultValue = "0.1,0.25,0.5",
                description =
                        "Noise sweep: masking noise levels nu (share of inputs zeroed). Default: ${DEFAULT-VALUE}.")
        List<Double> maskLevels;

        @Option(
                names = "--sigma-levels",
                split = ",",
                defaultValue = "0.05,0.1,0.3,0.5",
                description = "Noise sweep: Gaussian noise standard deviations sigma. Default: ${DEFAULT-VALUE}.")
        List<Double> sigmaLevels;

        @Option(
                names = "--noise-epochs",
                defaultValue = "15",
                description = "Epochs per noise-sweep model (0 skips the sweep). Default: ${DEFAULT-VALUE}.")
        int noiseEpochs;

        @Option(
                names = "--push-lambda",
                description = "SOSAE push strength (default: the data set's calibration, docs/calibration.md).")
        Double pushLambda;

        @Option(names = "--push-alpha", description = "SOSAE push base alpha (default: the data set's calibration).")
        Double pushAlpha;

        @Option(
                names = "--code-activation",
                defaultValue = "RELU",
                description = "SOSAE's code units: RELU (the paper's model) or IDENTITY (the streaming job's linear"
                        + " codes). Default: ${DEFAULT-VALUE}.")
        io.sosae.model.core.Activation codeActivation;

        @Option(names = "--out", description = "Report directory (default reports/paper-<dataset>).")
        Path out;

        @Override
        public Integer call() throws Exception {
            DatasetSplit split = data.load();
            Path dir = out != null ? out : Path.of("reports", "paper-" + data.dataset);
            boolean sweep = noiseEpochs > 0;
            MethodPresets.PushSetting calibrated = MethodPresets.pushFor(data.dataset);
            MethodPresets.PushSetting push = new MethodPresets.PushSetting(
                    pushLambda != null ? pushLambda : calibrated.lambda(),
                    pushAlpha != null ? pushAlpha : calibrated.alpha());
            PaperBench.Options o = new PaperBench.Options(
                    data.dataset,
                    push,
                    capacity,
                    methods,
                    seeds,
                    epochs,
                    batchSize,
                    compactEvery,
                    sweep ? maskLevels : List.of(),
                    sweep ? sigmaLevels : List.of(),
                    noiseEpochs,
                    codeActivation);
            int models = methods.size() * seeds.size() + (sweep ? 2 * (maskLevels.size() + sigmaLevels.size()) : 0);
            ProgressBar bar = new ProgressBar(System.err, "bench paper", models);
            int[] done = {0};
            Evaluator ev = new Evaluator(device.resolve(), LinearProbe.Options.defaults(), 10);
            PaperBench.Report report = PaperBench.run(
                    ev,
                    split,
                    o,
                    msg -> {
                        if (!msg.startsWith("training") && !msg.startsWith("noise")) {
                            System.out.println(msg);
                        } else {
                            bar.update(done[0]++, msg);
                        }
                    },
                    s -> {});
            bar.update(models, "done");
            PaperReport.write(report, dir);
            System.out.println("checks: " + report.summary().get("checks"));
            List<String> failed = PaperBench.failedChecks(report.summary());
            if (!failed.isEmpty()) {
                System.out.println("failed checks: " + String.join(", ", failed));
            }
            System.out.println("report: " + dir.resolve("report.json") + " and " + dir.resolve("index.html"));
            return exitCode(report.summary());
        }

        /** {@link ExitCodes#TARGET_MISSED} when any check in the summary failed, {@link ExitCodes#OK} otherwise. */
        static int exitCode(Map<String, Object> summary) {
            return PaperBench.failedChecks(summary).isEmpty() ? ExitCodes.OK : ExitCodes.TARGET_MISSED;
        }
    }

    @Command(
            name = "sweep",
            mixinStandardHelpOptions = true,
            description =
                    "SOSAE calibration: a grid of push alpha x lambda x compaction, each trained and probed once.")
    static final class Sweep implements Callable<Integer> {
        @Mixin
        DataOptions data;

        @Mixin
        DeviceOption device;

        @Option(
                names = "--alphas",
                split = ",",
                defaultValue = "0.01,0.02,0.05",
                description = "Push base alphas to try. Default: ${DEFAULT-VALUE}.")
        List<Double> alphas;

        @Option(
                names = "--lambdas",
                split = ",",
                defaultValue = "5e-5,1e-4,2e-4",
                description = "Push strengths lambda to try. Default: ${DEFAULT-VALUE}.")
        List<Double> lambdas;

        @Option(
                names = "--compact-every",
                split = ",",
                defaultValue = "0,5",
                description =
                        "Epochs between moving active units to the front, to try (0 = never). Default: ${DEFAULT-VALUE}.")
        List<Integer> compactEvery;

        @Option(
                names = "--contractive",
                split = ",",
                defaultValue = "0",
                description = "Contractive lambdas added to the push loss (0 = none). Default: ${DEFAULT-VALUE}.")
        List<Double> contractive;

        @Option(names = "--capacity", defaultValue = "400", description = "Code capacity d. Default: ${DEFAULT-VALUE}.")
        int capacity;

        @Option(
                names = "--epochs",
                defaultValue = "30",
                description = "Training epochs per model. Default: ${DEFAULT-VALUE}.")
        int epochs;

        @Option(
                names = "--seed",
                defaultValue = "1",
                description = "Seed of every model in the grid. Default: ${DEFAULT-VALUE}.")
        long seed;

        @Option(names = "--out", description = "Report directory (default reports/sweep-<dataset>).")
        Path out;

        @Override
        public Integer call() throws Exception {
            DatasetSplit split = data.load();
            Path dir = out != null ? out : Path.of("reports", "sweep-" + data.dataset);
            Evaluator ev = new Evaluator(device.resolve(), LinearProbe.Options.defaults(), 10);
            List<io.sosae.model.eval.MethodResult> results = new ArrayList<>();
            int total = alphas.size() * lambdas.size() * compactEvery.size() * contractive.size();
            ProgressBar bar = new ProgressBar(System.err, "bench sweep", total);
            StringBuilder md = new StringBuilder(
                    "| alpha | lambda | contractive | compact every | L | units | accuracy | accuracy at L | test MAE |\n|---|---|---|---|---|---|---|---|---|\n");
            for (double a : alphas) {
                for (double l : lambdas) {
                    for (double k : contractive) {
                        for (int c : compactEvery) {
                            bar.update(
                                    results.size(),
                                    String.format(
                                            Locale.ROOT, "alpha %s lambda %s contractive %s compact %d", a, l, k, c));
                            var b = io.sosae.model.eval.MethodPresets.base(
                                            split.train().dim(), capacity, seed)
                                    .method(Method.SOSAE)
                                    .regularizer(new io.sosae.model.loss.Regularizer.Push(l, a))
                                    .unitNormDecoder(true);
                            if (k > 0) {
                                b.regularizer(new io.sosae.model.loss.Regularizer.Contractive(k));
                            }
                            var opt = io.sosae.model.train.TrainingOptions.of(epochs, 256)
                                    .withShuffleSeed(seed)
                                    .withCompactEvery(c);
                            var r = ev.evaluate(
                                    String.format(Locale.ROOT, "SOSAE a=%s l=%s k=%s c=%d", a, l, k, c),
                                    b.build(),
                                    opt,
                                    split,
                                    capacity,
                                    st -> {});
                            results.add(r);
                            md.append(String.format(
                                    Locale.ROOT,
                                    "| %s | %s | %s | %d | %d | %d | %.2f%% | %.2f%% | %.4f |\n",
                                    a,
                                    l,
                                    k,
                                    c,
                                    r.compressedLength(),
                                    r.activeUnits(),
                                    100 * r.accuracy(),
                                    100 * r.accuracyAtCompressedLength(),
                                    r.reconstructionError()));
                        }
                    }
                }
            }
            bar.update(total, "done");
            java.nio.file.Files.createDirectories(dir);
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(dir.resolve("report.json").toFile(), results);
            java.nio.file.Files.writeString(dir.resolve("table.md"), md.toString());
            System.out.print(md);
            System.out.println("report: " + dir.resolve("report.json") + " and " + dir.resolve("table.md"));
            return ExitCodes.OK;
        }
    }

    @Command(
            name = "perf",
            mixinStandardHelpOptions = true,
            description = "Training and encoding throughput against the engine's matmul rate; memory over many epochs.")
    static final class Perf implements Callable<Integer> {
        @Mixin
        DeviceOption device;

        @Option(
                names = "--memory-epochs",
                defaultValue = "100",
                description = "Epochs of the resident-memory run. Default: ${DEFAULT-VALUE}.")
        int memoryEpochs;

        @Option(
                names = "--out",
                defaultValue = "reports/perf-model",
                description = "Report directory. Default: ${DEFAULT-VALUE}.")
        Path out;

        @Override
        public Integer call() throws Exception {
            PerfBench.Options o = PerfBench.Options.defaults().withMemoryEpochs(memoryEpochs);
            PerfBench.Result r = PerfBench.run(o, device.resolve(), System.out::println);
            java.nio.file.Files.createDirectories(out);
            new ObjectMapper()
                    .enable(SerializationFeature.INDENT_OUTPUT)
                    .writeValue(out.resolve("report.json").toFile(), r);
            List<double[]> rss = new ArrayList<>();
            for (int i = 0; i < r.rssMiB().size(); i++) {
                rss.add(new double[] {i + 1, r.rssMiB().get(i)});
            }
            new HtmlReport("Model performance")
                    .paragraph(String.format(
                            Locale.ROOT,
                            "%d->%d->%d at batch %d on %s, %d engine threads, medians of %d alternating rounds: training %.0f samples/s = %.1f GFLOP/s; matmul %.1f GFLOP/s; ratio %.2f (target >= 0.5); encode %.0f samples/s; RSS growth %.1f MiB over %d epochs (slope %.3f MiB/epoch over the last 80 %%).",
                            o.inputDim(),
                            o.capacity(),
                            o.inputDim(),
                            o.batchSize(),
                            r.cpu(),
                            r.threads(),
                            r.rounds().size(),
                            r.trainSamplesPerSecond(),
                            r.trainGflops(),
                            r.matmulGflops(),
                            r.trainingToMatmulRatio(),
                            r.encodeSamplesPerSecond(),
                            r.rssGrowthMiB(),
                            memoryEpochs,
                            r.rssSlopeMiBPerEpoch()))
                    .chart(new LineChart("Training rate / matmul rate, per round", "round", "ratio")
                            .add(new Series("training / matmul", perRound(r, PerfBench.Round::ratio)))
                            .add(new Series("target", List.of(new double[] {1, 0.5}, new double[] {
                                r.rounds().size(), 0.5
                            }))))
                    .chart(new LineChart("GFLOP/s per round", "round", "GFLOP/s")
                            .add(new Series(
                                    "matmul " + o.matmulSize() + "^2", perRound(r, PerfBench.Round::matmulGflops)))
                            .add(new Series("training", perRound(r, PerfBench.Round::trainGflops))))
                    .chart(new LineChart("Resident memory per epoch", "epoch", "RSS MiB").add(new Series("RSS", rss)))
                    .write(out.resolve("index.html"));
            System.out.println(new ObjectMapper()
                    .writeValueAsString(Map.of(
                            "trainingToMatmulRatio",
                            r.trainingToMatmulRatio(),
                            "rssGrowthMiB",
                            r.rssGrowthMiB(),
                            "rssSlopeMiBPerEpoch",
                            r.rssSlopeMiBPerEpoch())));
            System.out.println("report: " + out.resolve("report.json"));
            return r.trainingToMatmulRatio() >= 0.5 ? ExitCodes.OK : ExitCodes.TARGET_MISSED;
        }

        private static List<double[]> perRound(
                PerfBench.Result r, java.util.function.ToDoubleFunction<PerfBench.Round> value) {
            List<double[]> points = new ArrayList<>();
            for (int i = 0; i < r.rounds().size(); i++) {
                points.add(new double[] {i + 1, value.applyAsDouble(r.rounds().get(i))});
            }
            return points;
        }
    }
}
