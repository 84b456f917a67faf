package io.sosae.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.Model.OptionSpec;

class CliHelpTest {
    @Test
    void everyOptionOfEveryCommandHasAHelpText() {
        List<String> missing = new ArrayList<>();
        collect(SosaeCli.commandLine(), missing);
        assertThat(missing).as("options without a description").isEmpty();
    }

    @Test
    void demoHelpDescribesChannelsAndCapacity() {
        String usage = SosaeCli.commandLine().getSubcommands().get("demo").getUsageMessage(CommandLine.Help.Ansi.OFF);
        assertThat(usage)
                .containsPattern("--channels=<channels>\\s+\\S")
                .containsPattern("--capacity=<capacity>\\s+\\S")
                .contains("Default: 90s");
    }

    @Test
    void paperBenchExitsFourWhenACheckFails() {
        assertThat(BenchCommand.Paper.exitCode(Map.<String, Object>of("checks", Map.of("a", true, "b", true))))
                .isEqualTo(ExitCodes.OK);
        assertThat(BenchCommand.Paper.exitCode(Map.<String, Object>of("checks", Map.of("a", true, "b", false))))
                .isEqualTo(ExitCodes.TARGET_MISSED);
        assertThat(BenchCommand.Paper.exitCode(Map.<String, Object>of())).isEqualTo(ExitCodes.OK);
        assertThat(ExitCodes.TARGET_MISSED).isEqualTo(4);
    }

    private static void collect(CommandLine cl, List<String> missing) {
        for (OptionSpec o : cl.getCommandSpec().options()) {
            String text = String.join(" ", o.description()).trim();
            if (text.isEmpty()) {
                missing.add(cl.getCommandSpec().qualifiedName() + " " + o.longestName());
            }
        }
        for (CommandLine sub : cl.getSubcommands().values()) {
            collect(sub, missing);
        }
    }
}
