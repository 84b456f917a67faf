package io.sosae.tools.bench;

import io.sosae.model.data.DatasetFetcher;
import io.sosae.model.data.DatasetSplit;
import io.sosae.model.data.DatasetUnavailableException;
import io.sosae.model.ga.GaOptions;
import io.sosae.model.runtime.Devices;
import io.sosae.tools.cli.ExitCodes;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sosae bench ga}: the GA-trained autoencoder of Váradi's paper on 1 and on 10 MNIST digits. */
@Command(
        name = "ga",
        mixinStandardHelpOptions = true,
        description = "The GA-trained 2-D-latent convolutional autoencoder (Váradi, \"Training Deep Autoencoders "
                + "with Genetic Algorithms\") on 1 and on 10 MNIST digits, beside backprop for the same wall time, "
                + "and the batched-vs-loop population speed-up.")
public final class GaBenchCommand implements Callable<Integer> {
    @Option(
            names = "--device",
            defaultValue = "auto",
            description = "cpu, gpu, gpu:N or auto. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(
            names = "--population",
            defaultValue = "10",
            description = "Children per generation, 1 sample. Default: ${DEFAULT-VALUE}.")
    int population;

    @Option(
            names = "--mutations",
            defaultValue = "10",
            description = "k, parameters mutated per child, 1 sample. Default: ${DEFAULT-VALUE}.")
    int mutations;

    @Option(
            names = "--ten-population",
            defaultValue = "20",
            description = "Children per generation, 10 samples (the paper's Fig. 4). Default: ${DEFAULT-VALUE}.")
    int tenPopulation;

    @Option(
            names = "--ten-mutations",
            defaultValue = "1",
            description = "k, 10 samples (the paper: 1). Default: ${DEFAULT-VALUE}.")
    int tenMutations;

    @Option(
            names = "--mutation-scale",
            defaultValue = "1.0",
            description = "Mutations are U(-s, s); the paper: 1. Default: ${DEFAULT-VALUE}.")
    double mutationScale;

    @Option(
            names = "--generations",
            defaultValue = "20000",
            description = "Generation cap of each GA run. Default: ${DEFAULT-VALUE}.")
    int generations;

    @Option(
            names = "--time-budget",
            defaultValue = "45",
            description = "Wall seconds of each GA run (backprop gets the same). Default: ${DEFAULT-VALUE}.")
    double seconds;

    @Option(
            names = "--window",
            defaultValue = "500",
            description = "Convergence: generations of the plateau. Default: ${DEFAULT-VALUE}.")
    int window;

    @Option(
            names = "--tolerance",
            defaultValue = "0.01",
            description =
                    "Convergence: relative MAE gain below which the window is a plateau. Default: ${DEFAULT-VALUE}.")
    double tolerance;

    @Option(
            names = "--target-ratio",
            defaultValue = "0.5",
            description = "Target MAE as a share of the all-background image's MAE. Default: ${DEFAULT-VALUE}.")
    double targetRatio;

    @Option(
            names = "--learning-rate",
            defaultValue = "0.01",
            description = "Adam learning rate of backprop. Default: ${DEFAULT-VALUE}.")
    double learningRate;

    @Option(
            names = "--speed-seconds",
            defaultValue = "6",
            description = "Seconds of each side of the batched-vs-loop timing. Default: ${DEFAULT-VALUE}.")
    double speedSeconds;

    @Option(
            names = "--seed",
            defaultValue = "1",
            description = "Seed of the initial network and the mutations. Default: ${DEFAULT-VALUE}.")
    long seed;

    @Option(names = "--out", defaultValue = "reports/ga", description = "Report directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() throws Exception {
        DatasetSplit split;
        try {
            split = DatasetFetcher.defaults().mnist();
        } catch (DatasetUnavailableException e) {
            System.err.println(e.getMessage());
            return ExitCodes.INPUT_UNAVAILABLE;
        }
        GaBench.Options o = new GaBench.Options(
                new GaOptions(population, mutations, mutationScale, seed),
                new GaOptions(tenPopulation, tenMutations, mutationScale, seed),
                generations,
                seconds,
                window,
                tolerance,
                targetRatio,
                learningRate,
                speedSeconds);
        GaBench.Report report = GaBench.run(split.train(), o, Devices.select(device), System.out::println);
        GaReport.write(report, out);
        report.checks().forEach((k, v) -> System.out.println((v ? "pass  " : "FAIL  ") + k));
        System.out.println("report: " + out.resolve("report.json") + " and " + out.resolve("index.html"));
        return report.checks().containsValue(false) ? ExitCodes.TARGET_MISSED : ExitCodes.OK;
    }
}
