package io.sosae.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sosae.model.report.HtmlReport;
import io.sosae.model.report.LineChart;
import io.sosae.model.report.Series;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/** report.json and index.html of {@code sosae bench arch}, with the paper's numbers beside ours. */
public final class ArchReport {
    /** Table 1 of the paper (sigmoid MLPs): [loss][decoder][input depth]; the p-norm columns' p values were lost. */
    static final double[][][] PAPER_TABLE1 = {
        {{5.84, 38.3, 30.4, 29.7}, {16.6, 35.9, 36.9, 45.7}, {25.4, 23.7, 24.1, 24.4}, {8.37, 27.5, 36.0, 44.7}},
        {{8.93, 34.4, 36.0, 43.4}, {16.7, 30.5, 42.0, 45.6}, {13.1, 28.1, 25.6, 27.3}, {53.4, 28.5, 35.1, 43.2}},
        {{31.4, 38.4, 37.8, 45.1}, {40.8, 37.7, 34.1, 36.2}, {27.2, 35.5, 33.1, 35.2}, {35.0, 39.9, 36.2, 38.2}}
    };

    static final String[] PAPER_TABLE1_LOSSES = {"min", "p-norm (first p)", "p-norm (second p)"};

    /** Table 2 of the paper, sigmoid rows: [decoder][target] = {MPE, non-zero}. */
    static final double[][][] PAPER_TABLE2 = {
        {{9.65, 11}, {19.07, 13}, {24.05, 11}},
        {{7.83, 20}, {22.47, 12}, {11.24, 10}},
        {{4.34, 29}, {5.83, 26}, {13.32, 28}},
        {{15.78, 48}, {5.55, 40}, {13.40, 57}}
    };

    private ArchReport() {}

    public static void write(ArchBench.Result r, Path out, String command) throws IOException {
        Files.createDirectories(out);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("command", command);
        json.put("result", r);
        json.put("paperTable1", PAPER_TABLE1);
        json.put("paperTable1Losses", PAPER_TABLE1_LOSSES);
        json.put("paperTable2Sigmoid", PAPER_TABLE2);
        json.put("failedChecks", ArchBench.failedChecks(r));
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("report.json").toFile(), json);

        HtmlReport html = new HtmlReport("Weight and architecture search, in miniature");
        html.paragraph("After \"Simultaneous Weight and Architecture Optimization for Neural Networks\". Setup: "
                + r.setup() + ". Run time " + String.format(Locale.ROOT, "%.0f s", r.seconds()) + ". Command: "
                + command);
        html.heading("Checks");
        List<List<String>> checks = new ArrayList<>();
        r.checks().forEach((k, v) -> checks.add(List.of(k, v ? "pass" : "FAIL")));
        r.paperClaims().forEach((k, v) -> checks.add(List.of(k, v)));
        html.table(List.of("check / paper claim", "result"), checks);

        html.heading("Table 1: MPE (%) of each decoder (rows) per input-MLP depth (columns), sigmoid MLPs");
        List<String> header =
                List.of("loss", "decoder", "1 HL", "2 HL", "3 HL", "4 HL", "paper 1", "paper 2", "paper 3", "paper 4");
        List<List<String>> rows = new ArrayList<>();
        int li = 0;
        for (Map.Entry<String, double[][]> e : r.table1().entrySet()) {
            for (int k = 0; k < 4; k++) {
                List<String> row = new ArrayList<>(List.of(e.getKey(), "D" + (k + 1)));
                for (double v : e.getValue()[k]) {
                    row.add(f1(v));
                }
                for (double v : PAPER_TABLE1[li][k]) {
                    row.add(f1(v) + (k == 0 ? " (" + PAPER_TABLE1_LOSSES[li] + ")" : ""));
                }
                rows.add(row);
            }
            List<String> bestRow = new ArrayList<>(List.of(e.getKey(), "best of four"));
            for (double v : r.table1BestOfFour().get(e.getKey())) {
                bestRow.add(f1(v));
            }
            for (int i = 0; i < 4; i++) {
                bestRow.add("");
            }
            rows.add(bestRow);
            li++;
        }
        html.table(header, rows);

        LineChart losses = new LineChart("Training loss per epoch", "epoch", "loss (units of range^2)");
        r.trainingLoss().forEach((name, curve) -> {
            List<double[]> pts = new ArrayList<>();
            for (int i = 0; i < curve.length; i++) {
                pts.add(new double[] {i + 1, curve[i]});
            }
            losses.add(new Series(name, pts));
        });
        html.chart(losses);

        html.heading("Table 2: search in the min-loss embedding space, MPE % (non-zero count), sigmoid MLPs");
        List<List<String>> t2 = new ArrayList<>();
        for (int k = 1; k <= 4; k++) {
            List<String> row = new ArrayList<>(List.of("D" + k));
            for (int t = 0; t < ArchBench.TARGETS.length; t++) {
                for (ArchBench.SearchRow s : r.table2()) {
                    if (s.decoder() == k && s.targetHiddenLayers() == ArchBench.TARGETS[t][0]) {
                        row.add(String.format(Locale.ROOT, "%.2f (%d) %s", s.mpe(), s.nonZero(), s.widths()));
                    }
                }
            }
            for (int t = 0; t < 3; t++) {
                row.add(String.format(
                        Locale.ROOT, "%.2f (%d)", PAPER_TABLE2[k - 1][t][0], (int) PAPER_TABLE2[k - 1][t][1]));
            }
            t2.add(row);
        }
        html.table(
                List.of("decoder", "2 HL (14)", "3 HL (35)", "4 HL (48)", "paper 2 HL", "paper 3 HL", "paper 4 HL"),
                t2);

        LineChart fig4 = new LineChart("Non-zero count vs MPE (Figure 4 in miniature)", "non-zero weights", "MPE %");
        for (int[] target : ArchBench.TARGETS) {
            List<double[]> pts = new ArrayList<>();
            List<ArchBench.SearchRow> all = new ArrayList<>(r.sweep());
            all.addAll(r.table2());
            for (ArchBench.SearchRow s : all) {
                if (s.targetHiddenLayers() == target[0] && Double.isFinite(s.mpe())) {
                    pts.add(new double[] {s.nonZero(), s.mpe()});
                }
            }
            pts.sort(Comparator.comparingDouble(p -> p[0]));
            fig4.add(new Series(target[0] + " HL target (" + target[1] + ")", pts));
        }
        html.chart(fig4);
        List<List<String>> sw = new ArrayList<>();
        for (ArchBench.SearchRow s : r.sweep()) {
            sw.add(List.of(
                    s.targetHiddenLayers() + " HL (" + s.targetNonZero() + ")",
                    "D" + s.decoder(),
                    String.format(Locale.ROOT, "%.0e", s.lambda()),
                    String.format(Locale.ROOT, "%.2f", s.mpe()),
                    String.valueOf(s.nonZero()),
                    s.widths()));
        }
        html.heading("Sparsity-weight sweep (decoder 3)");
        html.table(List.of("target", "decoder", "lambda", "MPE %", "non-zero", "widths"), sw);
        html.write(out.resolve("index.html"));
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }
}
