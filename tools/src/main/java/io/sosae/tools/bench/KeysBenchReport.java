package io.sosae.tools.bench;

import io.sosae.model.report.HtmlReport;
import io.sosae.model.report.LineChart;
import io.sosae.model.report.Series;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** report.json and index.html of {@link KeysBench}. */
final class KeysBenchReport {
    private KeysBenchReport() {}

    static void write(KeysBench.Report r, Path dir) throws IOException {
        ReportFiles.write(r, html(r), dir);
    }

    static HtmlReport html(KeysBench.Report r) {
        KeysBench.Options o = r.options();
        HtmlReport html = new HtmlReport("SOSAE: memory of a TaskManager with many keys");
        html.paragraph(f(
                "The compression job on a standalone Flink cluster (one JobManager, one TaskManager of %s with one"
                        + " slot, fresh for every run), %d frames per stream, at most %d live models, checkpoints every"
                        + " %d ms; %d cores. Memory is the TaskManager process's alone (its resident set from /proc, its"
                        + " heap and managed memory from Flink's metrics): the broker, registry and producer run"
                        + " elsewhere. Further cluster options: %s. Whole run %.0f s.",
                o.taskManagerMemory(),
                o.framesPerStream(),
                o.maxLiveModels(),
                o.checkpointMs(),
                r.cores(),
                o.flinkConfiguration().isEmpty() ? "none" : o.flinkConfiguration(),
                r.totalSeconds()));
        List<List<String>> rows = new ArrayList<>();
        for (KeysBench.Run run : r.runs()) {
            rows.add(List.of(
                    run.backend(),
                    run.allocator(),
                    String.valueOf(run.streams()),
                    String.valueOf(run.frames()),
                    run.outcome(),
                    f("%.0f", run.recordsPerSecond()),
                    f("%.0f", KeysBench.mib(run.peakResidentBytes())),
                    f("%.0f", KeysBench.mib(run.endResidentBytes())),
                    f("%.0f", KeysBench.mib(run.peakHeapUsedBytes())),
                    run.liveHeapBytesAtEnd() < 0 ? "n/a" : f("%.0f", KeysBench.mib(run.liveHeapBytesAtEnd())),
                    run.liveHeapBytesAtEnd() < 0 ? "" : f("%.1f", run.liveHeapBytesAtEnd() / 1024.0 / run.streams()),
                    f("%.0f", KeysBench.mib(run.peakManagedUsedBytes())),
                    run.checkpointFullBytes() < 0 ? "none" : f("%.1f", KeysBench.mib(run.checkpointFullBytes())),
                    run.checkpointUploadedBytes() < 0
                            ? "none"
                            : f("%.1f", KeysBench.mib(run.checkpointUploadedBytes())),
                    run.checkpointFullBytes() < 0
                            ? ""
                            : f("%.1f", run.checkpointFullBytes() / 1024.0 / run.streams())));
        }
        html.heading("Runs");
        html.table(
                List.of(
                        "state backend",
                        "TaskManager malloc",
                        "streams",
                        "frames",
                        "outcome",
                        "records/s (from submission)",
                        "resident peak MiB",
                        "resident end MiB",
                        "heap used peak MiB",
                        "heap after full GC at end MiB",
                        "heap after GC KiB/key",
                        "managed used peak MiB",
                        "checkpoint MiB",
                        "last upload MiB",
                        "checkpoint KiB/key"),
                rows);
        html.paragraph("Heap used peak: the largest of Flink's Status.JVM.Memory.Heap.Used samples (garbage included);"
                + " heap after full GC: jcmd GC.run then GC.heap_info on the TaskManager once every code is committed,"
                + " i.e. what the TaskManager's objects (Flink, the live models, and with the hashmap backend every"
                + " key's state) hold. Checkpoint: all the state the newest completed checkpoint restores (models, pending frames,"
                + " timers, Kafka offsets); last upload: what that checkpoint wrote (the same for full heap"
                + " checkpoints, only the new files for incremental RocksDB ones).");

        LineChart peak = new LineChart("TaskManager resident peak vs streams", "streams (keys)", "MiB");
        LineChart rate = new LineChart("Throughput vs streams", "streams (keys)", "records/s");
        for (String backend :
                r.runs().stream().map(KeysBench.Run::backend).distinct().toList()) {
            List<double[]> p = new ArrayList<>();
            List<double[]> t = new ArrayList<>();
            for (KeysBench.Run run : r.runs()) {
                if (label(run).equals(backend)) {
                    p.add(new double[] {run.streams(), KeysBench.mib(run.peakResidentBytes())});
                    t.add(new double[] {run.streams(), run.recordsPerSecond()});
                }
            }
            peak.add(new Series(backend, p));
            rate.add(new Series(backend, t));
        }
        html.chart(peak);
        html.chart(rate);
        LineChart over = new LineChart("TaskManager resident set during each run", "seconds since submission", "MiB");
        for (KeysBench.Run run : r.runs()) {
            List<double[]> pts = new ArrayList<>();
            for (KeysBench.Sample s : run.samples()) {
                if (s.residentBytes() > 0) {
                    pts.add(new double[] {s.seconds(), KeysBench.mib(s.residentBytes())});
                }
            }
            over.add(new Series(label(run) + ", " + run.streams() + " streams", pts));
        }
        html.chart(over);
        return html;
    }

    private static String label(KeysBench.Run run) {
        return run.backend() + " (" + run.allocator() + ")";
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
