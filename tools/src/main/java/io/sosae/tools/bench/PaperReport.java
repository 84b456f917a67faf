package io.sosae.tools.bench;

import io.sosae.model.eval.MethodResult;
import io.sosae.model.eval.NoisePoint;
import io.sosae.model.report.HtmlReport;
import io.sosae.model.report.LineChart;
import io.sosae.model.report.Series;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** Writes a {@link PaperBench.Report} as JSON (report.json) and an HTML page with plots (index.html). */
public final class PaperReport {
    private PaperReport() {}

    public static void write(PaperBench.Report report, Path dir) throws IOException {
        ReportFiles.write(report, html(report), dir);
    }

    static HtmlReport html(PaperBench.Report r) {
        HtmlReport page = new HtmlReport("SOSAE paper benchmark: " + r.dataset());
        page.paragraph(String.format(
                Locale.ROOT,
                "%d training and %d test images, capacity %d, %d epochs, seeds %s.",
                r.trainRows(),
                r.testRows(),
                r.options().capacity(),
                r.options().epochs(),
                r.options().seeds()));
        page.heading("Table 1: every method, every seed");
        List<List<String>> rows = new ArrayList<>();
        for (MethodResult m : r.results()) {
            rows.add(List.of(
                    m.name(),
                    String.valueOf(m.seed()),
                    String.valueOf(m.compressedLength()),
                    String.valueOf(m.activeUnits()),
                    pct(m.accuracy()),
                    pct(m.accuracyAtCompressedLength()),
                    String.format(Locale.ROOT, "%.1f%%", m.flopsUsagePercent()),
                    String.format(Locale.ROOT, "%.2f MB", m.codeMemoryBytes() / 1e6),
                    String.format(Locale.ROOT, "%.4f", m.reconstructionError()),
                    String.format(Locale.ROOT, "%.0f s", m.trainSeconds())));
        }
        page.table(
                List.of(
                        "method",
                        "seed",
                        "compressed length",
                        "active units",
                        "accuracy",
                        "accuracy at SOSAE length",
                        "FLOPs usage",
                        "code memory",
                        "test MAE",
                        "train time"),
                rows);
        page.heading("Checks");
        page.paragraph(String.valueOf(r.summary().get("checks")));
        page.heading("Fig. 3: accuracy against truncated length (first seed)");
        LineChart curve = new LineChart("Accuracy vs truncated length", "kept units", "test accuracy");
        long first = r.options().seeds().get(0);
        for (MethodResult m : r.results()) {
            if (m.seed() == first) {
                curve.add(new Series(m.name(), m.truncationCurve()));
            }
        }
        page.chart(curve);
        if (!r.noise().isEmpty()) {
            page.heading("Fig. 4: compressed length and accuracy under noise");
            for (String kind : List.of("masking", "gaussian")) {
                LineChart len = new LineChart(
                        "Compressed length, " + kind + " noise", kind.equals("masking") ? "nu" : "sigma", "length");
                LineChart acc = new LineChart(
                        "Accuracy, " + kind + " noise", kind.equals("masking") ? "nu" : "sigma", "accuracy");
                for (String method : List.of("SOSAE", "DAE")) {
                    List<double[]> l = new ArrayList<>();
                    List<double[]> a = new ArrayList<>();
                    for (NoisePoint p : r.noise()) {
                        if (p.method().equals(method) && p.noise().equals(kind)) {
                            l.add(new double[] {p.level(), p.compressedLength()});
                            a.add(new double[] {p.level(), p.accuracy()});
                        }
                    }
                    len.add(new Series(method, l));
                    acc.add(new Series(method, a));
                }
                page.chart(len).chart(acc);
            }
        }
        return page;
    }

    private static String pct(double v) {
        return String.format(Locale.ROOT, "%.2f%%", 100 * v);
    }
}
