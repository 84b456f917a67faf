package io.sosae.tools.demo;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sosae.model.report.HtmlReport;
import io.sosae.model.report.LineChart;
import io.sosae.model.report.Series;
import io.sosae.schemas.LengthReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** The demo's report: index.html with plots and summary.json with the numbers behind them. */
public final class DemoReport {
    private DemoReport() {}

    public static void write(
            Path dir,
            CodeStatistics stats,
            List<LengthReport> reports,
            String schedule,
            long produced,
            long deadLetters)
            throws IOException {
        Files.createDirectories(dir);
        HtmlReport page = new HtmlReport("sosae demo");
        page.paragraph(String.format(
                Locale.ROOT,
                "Schedule %s; %d frames produced, %d codes committed (read_committed), %d dead letters.",
                schedule,
                produced,
                stats.total(),
                deadLetters));
        Map<String, Object> summary = new LinkedHashMap<>();
        summary.put("schedule", schedule);
        summary.put("produced", produced);
        summary.put("codes", stats.total());
        summary.put("deadLetters", deadLetters);
        summary.put("streams", stats.views());
        for (var e : stats.series().entrySet()) {
            List<double[]> len = new ArrayList<>();
            List<double[]> truth = new ArrayList<>();
            List<double[]> ratio = new ArrayList<>();
            List<double[]> err = new ArrayList<>();
            for (CodeStatistics.Point p : e.getValue()) {
                if (p.version() == 1) {
                    continue; // version 1 ships the full, untrained code: it would flatten every later point
                }
                len.add(new double[] {p.seq(), p.length()});
                if (p.trueDimension() >= 0) {
                    truth.add(new double[] {p.seq(), p.trueDimension()});
                }
                ratio.add(new double[] {p.seq(), p.compressionRatio()});
                err.add(new double[] {p.seq(), p.error()});
            }
            page.heading("Stream " + e.getKey());
            page.chart(new LineChart(
                            "Emitted code length vs true latent dimension (from model version 2)",
                            "sequence number",
                            "units")
                    .add(new Series("emitted length L", len))
                    .add(new Series("true latent dimension", truth)));
            page.chart(new LineChart("Compression ratio (input values / code values)", "sequence number", "ratio")
                    .add(new Series("ratio", ratio)));
            page.chart(new LineChart("Reconstruction error (moving mean absolute error)", "sequence number", "MAE")
                    .add(new Series("error", err)));
        }
        List<double[]> active = new ArrayList<>();
        List<List<String>> rows = new ArrayList<>();
        for (LengthReport r : reports) {
            active.add(new double[] {r.getSamplesSeen(), r.getActiveLength()});
            rows.add(List.of(
                    r.getModelKey(),
                    String.valueOf(r.getModelVersion()),
                    String.valueOf(r.getSamplesSeen()),
                    String.valueOf(r.getActiveLength()),
                    String.format(Locale.ROOT, "%.4f", r.getReconstructionLoss()),
                    String.format(Locale.ROOT, "%.1f", r.getCompressionRatio())));
        }
        page.heading("Length reports (one per promoted model version)");
        page.chart(new LineChart("Active length per version", "samples seen", "L")
                .add(new Series("active length", active)));
        page.table(
                List.of(
                        "model key",
                        "version",
                        "samples seen",
                        "active length",
                        "reconstruction loss",
                        "compression ratio"),
                rows);
        page.write(dir.resolve("index.html"));
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("summary.json").toFile(), summary);
    }
}
