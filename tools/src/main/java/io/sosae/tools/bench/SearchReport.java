package io.sosae.tools.bench;

import io.sosae.model.report.HtmlReport;
import io.sosae.model.report.LineChart;
import io.sosae.model.report.Series;
import io.sosae.model.search.Candidate;
import io.sosae.model.search.SearchResult;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;

/** Writes a {@link SearchBench.Report} as report.json and index.html (the table and the searches' curves). */
public final class SearchReport {
    private SearchReport() {}

    public static void write(SearchBench.Report report, Path dir) throws IOException {
        ReportFiles.write(report, html(report), dir);
    }

    static HtmlReport html(SearchBench.Report r) {
        SearchBench.Options o = r.options();
        HtmlReport page = new HtmlReport("Code-width tuning cost: " + r.dataset());
        page.paragraph(String.format(
                Locale.ROOT,
                "%d training rows (%d more held out to compare search candidates), %d test rows; capacity %d; every"
                        + " model trained %d epochs at batch %d; grid step %d, %d random widths, tolerance %.0f%% of the"
                        + " best validation MAE; seeds %s.",
                r.trainRows(),
                r.validationRows(),
                r.testRows(),
                o.capacity(),
                o.epochs(),
                o.batchSize(),
                o.gridStep(),
                o.randomCount(),
                100 * o.tolerance(),
                o.seeds()));
        page.heading("Table 2 in miniature");
        List<List<String>> rows = new ArrayList<>();
        for (SearchBench.Row row : r.rows()) {
            rows.add(List.of(
                    row.method(),
                    String.valueOf(row.seed()),
                    String.valueOf(row.iterations()),
                    String.valueOf(row.width()),
                    String.format(Locale.ROOT, "%.3g TFLOP", row.tuningFlops() / 1e12),
                    String.format(Locale.ROOT, "%.0f s", row.tuningSeconds()),
                    String.format(Locale.ROOT, "%.2f%%", 100 * row.accuracy()),
                    String.format(Locale.ROOT, "%.4f", row.testError())));
        }
        page.table(
                List.of(
                        "method",
                        "seed",
                        "trainings",
                        "chosen width",
                        "tuning FLOPs",
                        "tuning time",
                        "probe accuracy at the width",
                        "test MAE at the width"),
                rows);
        page.paragraph("Summary: " + r.summary());
        page.heading("The searches: validation error against code width");
        LineChart chart = new LineChart("Validation MAE by candidate width", "code width", "validation MAE");
        for (SearchResult s : r.searches()) {
            List<double[]> points = s.candidates().stream()
                    .sorted(Comparator.comparingInt(Candidate::width))
                    .map(c -> new double[] {c.width(), c.validationError()})
                    .toList();
            chart.add(new Series(s.strategy() + " (chose " + s.chosen().width() + ")", points));
        }
        page.chart(chart);
        page.heading("Candidates trained together: one batched pass against one by one");
        page.paragraph("The same searches (same initial weights, batches and widths) trained one candidate after"
                + " another and all candidates in one batched pass (stacked parameters, units past each width"
                + " masked). Wall times from this run; the batched pass does the widest candidate's arithmetic for"
                + " every candidate.");
        List<List<String>> batched = new ArrayList<>();
        for (SearchBench.BatchedRun b : r.batched()) {
            batched.add(List.of(
                    b.workload(),
                    b.strategy(),
                    String.valueOf(b.seed()),
                    String.valueOf(b.candidates()),
                    String.format(Locale.ROOT, "%.2f s", b.oneByOneSeconds()),
                    String.format(Locale.ROOT, "%.2f s", b.batchedSeconds()),
                    String.format(Locale.ROOT, "%.2fx", b.speedup()),
                    String.format(Locale.ROOT, "%.1e", b.maxRelativeDifference()),
                    b.chosenOneByOne() + " / " + b.chosenBatched()));
        }
        page.table(
                List.of(
                        "workload",
                        "search",
                        "seed",
                        "candidates",
                        "one by one",
                        "batched",
                        "speed-up",
                        "max relative error difference",
                        "chosen width (alone / batched)"),
                batched);
        return page;
    }
}
