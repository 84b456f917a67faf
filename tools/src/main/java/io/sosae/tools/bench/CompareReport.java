package io.sosae.tools.bench;

import io.sosae.model.report.HtmlReport;
import io.sosae.model.report.LineChart;
import io.sosae.model.report.Series;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** Writes a {@link CompareBench.Report}: report.json and index.html with a table and plots per stream. */
public final class CompareReport {
    private CompareReport() {}

    public static void write(CompareBench.Report report, Path dir) throws IOException {
        ReportFiles.write(report, html(report), dir);
    }

    static HtmlReport html(CompareBench.Report r) {
        HtmlReport page = new HtmlReport("Every method on the same streams");
        page.paragraph(
                "Each method ran through the same keyed operator (CompressorFunction) on a local Flink, on"
                        + " identical frames, with the same capacity and micro-batching. Settled values are means over the"
                        + " second half of each stream. Errors are mean absolute errors on [0, 1] values, as the job reports"
                        + " them per code. Codes travel as FLOAT16. \"At equal error\" compares each method with an offline PCA"
                        + " of each regime, fitted on the regime's first half and measured on its second: the components it"
                        + " needs for the method's settled error (FLOAT16, 2 bytes each), and its error at the method's length.");
        for (Map<String, Object> s : r.streams()) {
            String name = (String) s.get("name");
            List<CompareBench.Run> runs =
                    r.runs().stream().filter(x -> x.stream().equals(name)).toList();
            page.heading(name + ": " + s.get("description") + ", capacity " + s.get("capacity"));
            page.paragraph(String.format(
                    Locale.ROOT,
                    "Without a model: %.0f bytes per frame as float32, %.1f bytes per frame for zstd -19 of the whole"
                            + " stream's float32 values (lossless).",
                    ((Number) s.get("rawFloat32BytesPerFrame")).doubleValue(),
                    ((Number) s.get("zstd19BytesPerFrame")).doubleValue()));
            List<List<String>> rows = new ArrayList<>();
            for (CompareBench.Run x : runs) {
                rows.add(List.of(
                        x.method(),
                        String.format(Locale.ROOT, "%.1f", x.settledLength()),
                        String.format(Locale.ROOT, "%.4f", x.settledError()),
                        String.format(Locale.ROOT, "%.0f", x.settledPayloadBytes()),
                        String.valueOf(x.versions()),
                        String.format(Locale.ROOT, "%.0f", x.recordsPerSecond()),
                        Double.isNaN(x.flops())
                                ? "not counted"
                                : String.format(
                                        Locale.ROOT,
                                        "%.3g GFLOP (%.3g MFLOP/frame)",
                                        x.flops() / 1e9,
                                        x.flops() / 1e6 / x.frames()),
                        String.format(Locale.ROOT, "%.1f s", x.seconds()),
                        x.codes() + " / " + x.frames()
                                + (x.deadLetters() > 0 ? " (" + x.deadLetters() + " dead)" : "")));
            }
            page.table(
                    List.of(
                            "method",
                            "settled length",
                            "settled MAE",
                            "payload bytes / frame",
                            "versions",
                            "records/s",
                            "learning + encoding FLOPs",
                            "wall time",
                            "codes / frames"),
                    rows);
            List<List<String>> equal = new ArrayList<>();
            for (CompareBench.Run x : runs) {
                for (CompareBench.Regime g : x.regimes()) {
                    equal.add(List.of(
                            x.method(),
                            g.label() + " [" + g.from() + ", " + g.to() + ")",
                            String.format(Locale.ROOT, "%.1f", g.settledLength()),
                            String.format(Locale.ROOT, "%.4f", g.settledError()),
                            g.pcaComponentsText(),
                            g.ratioText(),
                            String.format(Locale.ROOT, "%.4f", g.pcaErrorAtLength()),
                            String.format(Locale.ROOT, "%.0f", g.settledPayloadBytes()),
                            String.valueOf(g.pcaFloat16BytesAtError())));
                }
            }
            page.table(
                    List.of(
                            "method",
                            "regime",
                            "settled length",
                            "settled MAE",
                            "PCA components at this MAE",
                            "length / PCA components",
                            "PCA MAE at this length",
                            "payload bytes / frame",
                            "PCA FLOAT16 bytes at this MAE"),
                    equal);
            LineChart length = new LineChart(name + ": emitted length", "frames", "values per code");
            LineChart error = new LineChart(name + ": reconstruction error", "frames", "MAE (window mean)");
            LineChart rate =
                    new LineChart(name + ": rate against distortion (settled)", "payload bytes per frame", "MAE");
            for (CompareBench.Run x : runs) {
                length.add(new Series(x.method(), x.lengthOverTime()));
                error.add(new Series(x.method(), x.errorOverTime()));
                rate.add(new Series(x.method(), List.of(new double[] {x.settledPayloadBytes(), x.settledError()})));
            }
            @SuppressWarnings("unchecked")
            List<Map<String, Object>> curves = (List<Map<String, Object>>) s.get("pcaReference");
            for (Map<String, Object> c : curves) {
                double[] mae = (double[]) c.get("maeByComponents");
                List<double[]> points = new ArrayList<>();
                for (int k = 1; k < mae.length; k++) {
                    points.add(new double[] {2.0 * k, mae[k]});
                }
                rate.add(new Series("offline PCA, FLOAT16 (" + c.get("regime") + ")", points));
            }
            page.chart(length).chart(error).chart(rate);
        }
        return page;
    }
}
