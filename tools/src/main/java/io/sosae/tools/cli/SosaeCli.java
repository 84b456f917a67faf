package io.sosae.tools.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The {@code sosae} command: one entry point for jobs, data, training and benchmarks. */
@Command(
        name = "sosae",
        mixinStandardHelpOptions = true,
        version = "sosae-stream 0.1.0",
        description = "Streaming adaptive compression with Self-Organizing Sparse Autoencoders.",
        subcommands = {
            DemoCommand.class,
            TrainCommand.class,
            ProduceCommand.class,
            DecodeCommand.class,
            MonitorCommand.class,
            ClusterCommand.class,
            JobCommand.class,
            DataCommand.class,
            BenchCommand.class,
            CommandLine.HelpCommand.class
        })
public final class SosaeCli implements Runnable {
    @CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    @Override
    public void run() {
        throw new CommandLine.ParameterException(spec.commandLine(), "a subcommand is required");
    }

    public static CommandLine commandLine() {
        CommandLine cl = new CommandLine(new SosaeCli());
        // every Duration option reads 120, 120s, 2m and ISO-8601 alike, also ones added later
        cl.registerConverter(java.time.Duration.class, new DurationConverter());
        cl.setExecutionExceptionHandler((ex, cmd, parsed) -> {
            if (ex instanceof io.sosae.model.data.DatasetUnavailableException) {
                cmd.getErr().println("error: " + ex.getMessage());
                return ExitCodes.INPUT_UNAVAILABLE;
            }
            if (ex instanceof IllegalArgumentException) {
                cmd.getErr().println("error: " + ex.getMessage());
                return ExitCodes.USAGE;
            }
            cmd.getErr().println("error: " + ex);
            ex.printStackTrace(cmd.getErr());
            return ExitCodes.FAILURE;
        });
        return cl;
    }

    public static void main(String[] args) {
        System.exit(commandLine().execute(args));
    }
}
