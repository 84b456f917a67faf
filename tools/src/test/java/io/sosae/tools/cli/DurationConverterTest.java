package io.sosae.tools.cli;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
    @Test
    void readsPlainSecondsUnitsAndIso8601() {
        assertThat(DurationConverter.parse("120")).isEqualTo(Duration.ofSeconds(120));
        assertThat(DurationConverter.parse(" 120 ")).isEqualTo(Duration.ofSeconds(120));
        assertThat(DurationConverter.parse("1.5")).isEqualTo(Duration.ofMillis(1500));
        assertThat(DurationConverter.parse("120s")).isEqualTo(Duration.ofSeconds(120));
        assertThat(DurationConverter.parse("120S")).isEqualTo(Duration.ofSeconds(120));
        assertThat(DurationConverter.parse("2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("1h")).isEqualTo(Duration.ofHours(1));
        assertThat(DurationConverter.parse("500ms")).isEqualTo(Duration.ofMillis(500));
        assertThat(DurationConverter.parse("1m30s")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationConverter.parse("0.5m")).isEqualTo(Duration.ofSeconds(30));
        assertThat(DurationConverter.parse("PT120S")).isEqualTo(Duration.ofSeconds(120));
        assertThat(DurationConverter.parse("pt2m")).isEqualTo(Duration.ofMinutes(2));
        assertThat(DurationConverter.parse("PT1M30S")).isEqualTo(Duration.ofSeconds(90));
        assertThat(DurationConverter.parse("0")).isEqualTo(Duration.ZERO);
    }

    @Test
    void refusesWhatIsNotADurationAndSaysWhatIs() {
        for (String bad :
                new String[] {"", " ", "abc", "12x", "s", "2 m", "1m30", "m2", "PT", "P1X", "1.2.3s", "--5"}) {
            assertThatThrownBy(() -> DurationConverter.parse(bad))
                    .as(bad)
                    .isInstanceOf(TypeConversionException.class)
                    .hasMessageContaining("is not a duration")
                    .hasMessageContaining("120s")
                    .hasMessageContaining("PT120S");
        }
        assertThatThrownBy(() -> DurationConverter.parse("-5")).isInstanceOf(TypeConversionException.class);
        assertThatThrownBy(() -> DurationConverter.parse("PT-5S"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("negative");
        assertThatThrownBy(() -> DurationConverter.parse("99999999999999h"))
                .isInstanceOf(TypeConversionException.class)
                .hasMessageContaining("too long");
    }

    @Test
    void everyDurationOptionOfTheCliAcceptsPlainSeconds() {
        CommandLine cli = SosaeCli.commandLine();
        var demo = cli.parseArgs("demo", "--duration", "120", "--checkpoint-interval", "500ms")
                .subcommand();
        DemoCommand d = demo.commandSpec().commandLine().getCommand();
        assertThat(d.duration).isEqualTo(Duration.ofSeconds(120));
        assertThat(d.checkpointInterval).isEqualTo(Duration.ofMillis(500));

        var decode = SosaeCli.commandLine()
                .parseArgs("decode", "--bootstrap", "b", "--registry", "r", "--timeout", "2m")
                .subcommand();
        DecodeCommand c = decode.commandSpec().commandLine().getCommand();
        assertThat(c.timeout).isEqualTo(Duration.ofMinutes(2));

        // the defaults go through the converter too
        DemoCommand defaults = SosaeCli.commandLine()
                .parseArgs("demo")
                .subcommand()
                .commandSpec()
                .commandLine()
                .getCommand();
        assertThat(defaults.duration).isEqualTo(Duration.ofSeconds(90));
        assertThat(defaults.checkpointInterval).isEqualTo(Duration.ofSeconds(2));
    }

    @Test
    void aBadValueIsAUsageErrorWithAClearMessage() {
        StringWriter err = new StringWriter();
        CommandLine cli = SosaeCli.commandLine();
        cli.setErr(new PrintWriter(err, true));
        int exit = cli.execute("demo", "--duration", "soon");
        assertThat(exit).isEqualTo(ExitCodes.USAGE);
        assertThat(err.toString())
                .contains("--duration")
                .contains("'soon' is not a duration")
                .contains("2m");
    }
}
