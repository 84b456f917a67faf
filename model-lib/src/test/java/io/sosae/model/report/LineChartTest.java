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
                .add(new Series("active length", List.of(new double[] {0, 4}, new double[] {10, 16}, new double[] {20, 6})))
                .add(new Series("true dim", List.of(new double[] {0, 4}, new double[] {20, 6})));
        String svg = c.toSvg();
        assertThat(svg).startsWith("<svg").endsWith("</svg>").contains("L &lt;vs&gt; time").contains("active length");
        assertThat(svg.split("<path ", -1)).hasSize(3);
        Path file = dir.resolve("r/index.html");
        new HtmlReport("t").chart(c).table(List.of("a"), List.of(List.of("1"))).write(file);
        assertThat(Files.readString(file)).contains("<table>").contains("<svg");
    }
}
