package io.sosae.tools.cli;

import io.sosae.model.core.Autoencoder;
import io.sosae.model.core.AutoencoderConfig;
import io.sosae.model.core.Method;
import io.sosae.model.data.DatasetSplit;
import io.sosae.model.eval.MethodPresets;
import io.sosae.model.report.HtmlReport;
import io.sosae.model.report.LineChart;
import io.sosae.model.report.Series;
import io.sosae.model.train.EpochStats;
import io.sosae.model.train.Trainer;
import io.sosae.model.train.TrainingOptions;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sosae train}: trains one model on a data set and shows how its active length settles. */
@Command(
        name = "train",
        mixinStandardHelpOptions = true,
        description = "Train a SOSAE (or a baseline) on a data set; print and plot loss and active length per epoch.")
final class TrainCommand implements Callable<Integer> {
    @Mixin
    DataOptions data;

    @Mixin
    DeviceOption device;

    @Option(
            names = "--method",
            defaultValue = "SOSAE",
            description = "SOSAE, AE, L1, L2, KSPARSE, CAE, CKSPARSE, DAE. Default: ${DEFAULT-VALUE}.")
    Method method;

    @Option(names = "--capacity", defaultValue = "400", description = "Code capacity d. Default: ${DEFAULT-VALUE}.")
    int capacity;

    @Option(names = "--epochs", defaultValue = "20", description = "Training epochs. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of the weights and the shuffling. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(
            names = "--compact-every",
            defaultValue = "5",
            description =
                    "SOSAE: epochs between moving active units to the front (0 = never). Default: ${DEFAULT-VALUE}.")
    int compactEvery;

    @Option(names = "--out", description = "Report directory (default reports/train-<method>-<dataset>).")
    Path out;

    @Override
    public Integer call() throws Exception {
        DatasetSplit split = data.load();
        AutoencoderConfig cfg =
                MethodPresets.of(method, split.train().dim(), capacity, seed, MethodPresets.pushFor(data.dataset));
        TrainingOptions opt = TrainingOptions.of(epochs, 256)
                .withShuffleSeed(seed)
                .withCompactEvery(method == Method.SOSAE ? compactEvery : 0);
        ProgressBar bar = new ProgressBar(System.err, "train " + method, epochs);
        List<EpochStats> history;
        try (Autoencoder model = Autoencoder.create(cfg, device.resolve())) {
            history = Trainer.fit(
                    model,
                    split.train().values(),
                    split.train().size(),
                    opt,
                    s -> bar.update(
                            s.epoch(),
                            String.format(
                                    Locale.ROOT,
                                    "loss %.4f  L %d  active %d  %.0f samples/s",
                                    s.loss(),
                                    s.activeLength(),
                                    s.activeUnits(),
                                    s.samplesPerSecond())));
        }
        EpochStats last = history.get(history.size() - 1);
        System.out.printf(
                Locale.ROOT,
                "%s on %s: active length %d of %d (%d units in use), loss %.4f%n",
                method,
                data.dataset,
                last.activeLength(),
                capacity,
                last.activeUnits(),
                last.loss());
        Path dir = out != null
                ? out
                : Path.of("reports", "train-" + method.name().toLowerCase(Locale.ROOT) + "-" + data.dataset);
        List<double[]> len = new ArrayList<>();
        List<double[]> units = new ArrayList<>();
        List<double[]> loss = new ArrayList<>();
        for (EpochStats s : history) {
            len.add(new double[] {s.epoch(), s.activeLength()});
            units.add(new double[] {s.epoch(), s.activeUnits()});
            loss.add(new double[] {s.epoch(), s.loss()});
        }
        new HtmlReport(method + " on " + data.dataset)
                .paragraph(String.format(
                        Locale.ROOT,
                        "capacity %d, %d epochs, seed %d: final active length %d.",
                        capacity,
                        epochs,
                        seed,
                        last.activeLength()))
                .chart(new LineChart("Active length per epoch", "epoch", "units")
                        .add(new Series("active length L", len))
                        .add(new Series("units in use", units)))
                .chart(new LineChart("Training loss", "epoch", "loss").add(new Series("loss", loss)))
                .write(dir.resolve("index.html"));
        System.out.println("report: " + dir.resolve("index.html"));
        return ExitCodes.OK;
    }
}
