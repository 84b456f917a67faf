package io.sosae.model.report;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class LineChartTest {
    @Test
    void rendersOnePathPerSeriesWithEscapedLabels(@TempDir Path dir) throws Exception {
        LineChart c = new LineChart("L <vs> time", "records", "units")
                .add(new Series(
                        "active length", List.of(new double[] {0, 4}, new double[] {10, 16}, new double[] {20, 6})))
                .add(new Series("true dim", List.of(new double[] {0, 4}, new double[] {20, 6})));
        String svg = c.toSvg();
        assertThat(svg)
                .startsWith("<svg")
                .endsWith("</svg>")
                .contains("L &lt;vs&gt; time")
                .contains("active length");
        assertThat(svg.split("<path ", -1)).hasSize(3);
        Path file = dir.resolve("r/index.html");
        new HtmlReport("t").chart(c).table(List.of("a"), List.of(List.of("1"))).write(file);
        assertThat(Files.readString(file)).contains("<table>").contains("<svg");
    }

    @Test
    void ticksAreRoundMultiplesOfOneTwoOrFive() {
        LineChart.Ticks t = LineChart.Ticks.nice(0, 10.2, 6);
        assertThat(t.step()).isEqualTo(2.0);
        assertThat(t.values()).containsExactly(0.0, 2.0, 4.0, 6.0, 8.0, 10.0, 12.0);
        assertThat(t.values().stream().map(t::label)).containsExactly("0", "2", "4", "6", "8", "10", "12");

        LineChart.Ticks small = LineChart.Ticks.nice(0.13, 0.58, 6);
        assertThat(small.step()).isEqualTo(0.1);
        assertThat(small.values().stream().map(small::label)).containsExactly("0.1", "0.2", "0.3", "0.4", "0.5", "0.6");

        LineChart.Ticks big = LineChart.Ticks.nice(-3.2, 61_234, 6);
        assertThat(big.step()).isEqualTo(10_000.0);
        assertThat(big.values()).first().isEqualTo(-10_000.0);
        assertThat(big.values()).last().isEqualTo(70_000.0);
        assertThat(big.label(70_000)).isEqualTo("70000");

        LineChart.Ticks half = LineChart.Ticks.nice(-1.1, 1.1, 6);
        assertThat(half.values().stream().map(half::label))
                .containsExactly("-1.5", "-1.0", "-0.5", "0.0", "0.5", "1.0", "1.5");
    }

    @Test
    void chartLabelsTheRoundTicksNotTheDataRange() {
        String svg = new LineChart("t", "x", "y")
                .add(new Series("s", List.of(new double[] {3.2, 0.9}, new double[] {10.2, 6.72})))
                .toSvg();
        assertThat(svg)
                .contains(">4</text>")
                .contains(">10</text>")
                .contains(">6</text>")
                .doesNotContain(">6.72<")
                .doesNotContain(">3.20<")
                .doesNotContain(">10.2<");
    }
}
