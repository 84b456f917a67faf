package io.sosae.tools.bench;

import io.sosae.model.runtime.Devices;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** {@code sosae bench arch}: Tables 1 and 2 of the weight-and-architecture search paper, in miniature. */
@Command(
        name = "arch",
        mixinStandardHelpOptions = true,
        description = "Weight-and-architecture search (multi-scale MLP autoencoder, search with sparsity penalty):"
                + " the paper's Tables 1 and 2 in miniature. Exit 4 when a check fails.")
public final class ArchBenchCommand implements Callable<Integer> {
    // The cli package's ExitCodes, repeated here: bench must not depend on cli (no package cycles).
    private static final int OK = 0;
    private static final int TARGET_MISSED = 4;

    @Option(
            names = "--device",
            defaultValue = "auto",
            description = "cpu, gpu, gpu:N or auto. Default: ${DEFAULT-VALUE}.")
    String device;

    @Option(names = "--train-mlps", defaultValue = "3000", description = "Training MLPs. Default: ${DEFAULT-VALUE}.")
    int trainMlps;

    @Option(names = "--epochs", defaultValue = "3", description = "Epochs per loss. Default: ${DEFAULT-VALUE}.")
    int epochs;

    @Option(
            names = "--test-mlps",
            defaultValue = "150",
            description = "Test MLPs per input depth. Default: ${DEFAULT-VALUE}.")
    int testMlps;

    @Option(
            names = "--search-steps",
            defaultValue = "150",
            description = "Gradient steps per search. Default: ${DEFAULT-VALUE}.")
    int searchSteps;

    @Option(
            names = "--target-rows",
            defaultValue = "5000",
            description = "Input-output pairs per search dataset (split 5:3:2). Default: ${DEFAULT-VALUE}.")
    int targetRows;

    @Option(
            names = "--out",
            defaultValue = "reports/arch",
            description = "Report directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() throws Exception {
        ArchBench.Options o = ArchBench.Options.defaults()
                .withTrainMlps(trainMlps)
                .withEpochs(epochs)
                .withSearch(searchSteps, targetRows, testMlps);
        ArchBench.Result r = ArchBench.run(o, Devices.select(device), System.out::println);
        String command = String.format(
                "sosae bench arch --train-mlps %d --epochs %d --test-mlps %d --search-steps %d --target-rows %d",
                trainMlps, epochs, testMlps, searchSteps, targetRows);
        ArchReport.write(r, out, command);
        System.out.println("checks: " + r.checks());
        System.out.println("paper claims: " + r.paperClaims());
        System.out.println("report: " + out.resolve("report.json"));
        return ArchBench.failedChecks(r).isEmpty() ? OK : TARGET_MISSED;
    }
}
