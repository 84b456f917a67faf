package io.sosae.tools.bench;

import io.sosae.model.report.HtmlReport;
import io.sosae.model.report.LineChart;
import io.sosae.model.report.Series;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The HTML page of a {@link PipelineBench.Report}. */
final class PipelineBenchReport {

    private PipelineBenchReport() {}

    static HtmlReport html(PipelineBench.Report r) {
        PipelineBench.Options o = r.options();
        PipelineBench.ModelResult m = r.model();
        PipelineBench.ThroughputResult p = r.pipeline();
        HtmlReport html = new HtmlReport("SOSAE pipeline performance");
        html.paragraph(f(
                "%d frames of %d streams x %d channels, capacity %d, micro-batches of %d (max wait %d ms), "
                        + "promotion every %d records; device %s, %d PyTorch thread(s), Flink parallelism %d, %d cores; "
                        + "network buffers %s; keyed state in %s, at most %d live models per subtask. Whole run %.0f s.",
                o.frames(),
                o.streams(),
                o.channels(),
                o.capacity(),
                o.batchSize(),
                o.maxWaitMs(),
                o.promoteEvery(),
                r.device(),
                r.torchThreads(),
                o.parallelism(),
                r.cores(),
                o.segmentSize(),
                o.stateBackend().flinkName(),
                o.compression().maxLiveModels(),
                r.totalSeconds()));

        html.heading("Throughput");
        html.table(
                List.of("", "records/s", "us/record", "target"),
                List.of(
                        List.of(
                                "(a) model only: ContinualSosae encode + observe",
                                f("%.0f", m.recordsPerSecond()),
                                f("%.1f", m.microsPerRecord()),
                                ""),
                        List.of(
                                f(
                                        "(b) pipeline, exactly-once, checkpoint %d ms (first to last committed code, %d commits)",
                                        p.checkpointMs(), p.commits()),
                                f("%.0f", p.recordsPerSecond()),
                                f("%.1f", p.microsPerRecord()),
                                ""),
                        List.of(
                                "(b) / (a)",
                                f("%.2f", r.ratio()),
                                "",
                                f(
                                        ">= %.1f: %s",
                                        PipelineBench.TARGET_RATIO,
                                        r.ratio() >= PipelineBench.TARGET_RATIO ? "met" : "missed"))));
        html.paragraph(f(
                "From job submission (start-up, model creation and the first checkpoint included): %.0f records/s; "
                        + "first code committed %.1f s after submission, last %.1f s.",
                p.recordsPerSecondFromSubmit(), p.firstCodeSeconds(), p.lastCodeSeconds()));

        PipelineBench.MemoryResult mem = r.memory();
        html.heading("Memory per key");
        List<List<String>> memRows = List.of(memoryRow(o.streams() + " streams", mem));
        html.table(
                List.of("run", "keys", "heap KiB/key", "native KiB/key", "state blob KiB/key", "checkpoint KiB/key"),
                memRows);
        html.paragraph("Measured in the model-only phase with every model open: Java heap after a full collection and "
                + "native memory (the resident set's growth beyond the committed heap's: libtorch tensors, the engine's "
                + "allocator) relative to before the models were created, the blob each key's state holds, and the newest completed checkpoint of the sustained "
                + "phase (all state: models, pending frames, Kafka offsets; with incremental RocksDB checkpoints its "
                + "own files plus the shared files it references) divided by the keys.");
        if (r.scaling() != null) {
            PipelineBench.ScalingResult sc = r.scaling();
            html.heading("Throughput with the number of streams (same frames, same run)");
            html.table(
                    List.of("streams", "model only records/s", "pipeline records/s"),
                    List.of(
                            List.of(
                                    f("%d", sc.referenceStreams()),
                                    f("%.0f", sc.referenceModelRecordsPerSecond()),
                                    f("%.0f", sc.referencePipelineRecordsPerSecond())),
                            List.of(
                                    f("%d", o.streams()),
                                    f("%.0f", m.recordsPerSecond()),
                                    f("%.0f", p.recordsPerSecond())),
                            List.of(
                                    "ratio",
                                    f("%.2f", sc.modelRatio()),
                                    f(
                                            "%.2f (target >= %.1f: %s)",
                                            sc.pipelineRatio(),
                                            PipelineBench.TARGET_SCALING,
                                            sc.pipelineRatio() >= PipelineBench.TARGET_SCALING ? "met" : "missed"))));
        }

        html.heading("Where the time goes (model only)");
        html.table(
                List.of("part", "share", "us/record", "per call"),
                List.of(
                        List.of(
                                "encode (serving model, codes + reconstruction error)",
                                pct(m.encodeShare()),
                                f("%.1f", m.encodeSeconds() * 1e6 / m.records()),
                                f("%.2f ms per batch of %d", m.encodeMsPerBatch(), o.batchSize())),
                        List.of(
                                "train steps (replay batch, forward + backward + Adam)",
                                pct(m.trainShare()),
                                f("%.1f", m.trainSeconds() * 1e6 / m.records()),
                                f("%.2f ms per step, %d steps", m.trainStepMs(), m.trainSteps())),
                        List.of(
                                "promotions (energies, compaction, length, copy, blob)",
                                pct(m.promotionShare()),
                                f("%.1f", m.promotionSeconds() * 1e6 / m.records()),
                                f("%.1f ms each, %d", m.promotionMs(), m.promotions())),
                        List.of(
                                "List<Float> -> float[] copy",
                                pct(m.copySeconds() / m.seconds()),
                                f("%.1f", m.copySeconds() * 1e6 / m.records()),
                                "")));
        html.paragraph(f(
                "Model thread CPU: %.1f us/record, %.0f%% of its wall time (the rest is time waiting for a core "
                        + "on a shared machine). Compressor task thread in the pipeline: %s us CPU/record, busy %s of the wall time; "
                        + "1-minute load averages at the start of each phase: %s.",
                m.cpuMicrosPerRecord(),
                100 * m.cpuSeconds() / m.seconds(),
                PipelineBench.fmt(r.breakdown().get("compressorThreadCpuMicrosPerRecord")),
                PipelineBench.fmt(r.breakdown().get("compressorThreadCpuShareOfWall")),
                r.breakdown().get("loadAverages")));
        html.paragraph(f(
                "In the pipeline a record costs %.1f us, of which the model accounts for %.1f us (%.0f%%); the other "
                        + "%.1f us are Kafka fetch, Avro decode and validation, keyed state, code records, Avro encode and "
                        + "transactional produce, checkpoints, and the in-JVM broker, registry and consumers sharing the same cores.",
                p.microsPerRecord(),
                m.microsPerRecord(),
                100 * m.microsPerRecord() / p.microsPerRecord(),
                p.microsPerRecord() - m.microsPerRecord()));

        PipelineProfiler.Result prof = p.profile();
        if (prof != null) {
            html.heading("Where the time goes (pipeline, sustained phase)");
            html.paragraph(f(
                    "Steady state after a quarter of the backlog: %.0f records/s. This JVM (broker, Flink, "
                            + "consumers; the registry is a separate process) used %.1f CPU s in %.1f s wall on %d cores.",
                    p.steadyRecordsPerSecond(), prof.processCpuSeconds(), prof.wallSeconds(), r.cores()));
            List<List<String>> cpuRows = new ArrayList<>();
            for (PipelineProfiler.ThreadGroupCpu t : prof.threads()) {
                cpuRows.add(List.of(t.group(), f("%.2f", t.cpuSeconds()), pct(t.shareOfMachine())));
            }
            html.table(List.of("threads", "CPU s", "share of machine"), cpuRows);
            List<List<String>> taskRows = new ArrayList<>();
            for (PipelineProfiler.TaskProfile t : prof.tasks()) {
                StringBuilder parts = new StringBuilder();
                t.shares().forEach((k, v) -> parts.append(parts.length() == 0 ? "" : "; ")
                        .append(k)
                        .append(' ')
                        .append(pct(v)));
                taskRows.add(List.of(t.task(), f("%d", t.samples()), parts.toString()));
            }
            html.paragraph(
                    "Stack samples of the Flink task threads every 50 ms, each attributed to the innermost frame "
                            + "of a known component:");
            html.table(List.of("task", "samples", "components"), taskRows);
        }

        html.heading("End-to-end latency (produce -> code visible to a read_committed consumer)");
        List<List<String>> rows = new ArrayList<>();
        LineChart cdf = new LineChart("Latency distribution", "latency ms", "fraction of frames");
        List<double[]> p50s = new ArrayList<>();
        List<double[]> p99s = new ArrayList<>();
        List<double[]> floors = new ArrayList<>();
        for (PipelineBench.LatencyResult l : r.latency()) {
            rows.add(List.of(
                    f("%d", l.checkpointMs()),
                    f("%.0f", l.ratePerSecond()),
                    f("%d", l.measured()),
                    f("%.0f", l.p50Ms()),
                    f("%.0f", l.p90Ms()),
                    f("%.0f", l.p99Ms()),
                    f("%.0f", l.maxMs()),
                    f("%.0f / %.0f", l.expectedFloorMeanMs(), l.expectedFloorP99Ms()),
                    f("%.2f", l.p99Ms() / l.expectedFloorP99Ms())
                            + (l.checkpointMs() <= PipelineBench.P99_TARGET_MAX_CHECKPOINT_MS
                                    ? (l.meetsP99Target() ? ": met" : ": missed")
                                    : "")));
            cdf.add(new Series(f("checkpoint %d ms", l.checkpointMs()), l.cdf()));
            p50s.add(new double[] {l.checkpointMs(), l.p50Ms()});
            p99s.add(new double[] {l.checkpointMs(), l.p99Ms()});
            floors.add(new double[] {l.checkpointMs(), l.expectedFloorP99Ms()});
        }
        html.table(
                List.of(
                        "checkpoint ms",
                        "records/s",
                        "measured",
                        "p50 ms",
                        "p90 ms",
                        "p99 ms",
                        "max ms",
                        "floor mean / p99 ms",
                        f(
                                "p99 / floor p99 (target <= %.1f at checkpoints <= %d ms)",
                                PipelineBench.TARGET_P99_OVER_FLOOR, PipelineBench.P99_TARGET_MAX_CHECKPOINT_MS)),
                rows);
        html.paragraph(
                "Exactly-once sinks commit their Kafka transactions when a checkpoint completes, so a code waits "
                        + "for the next checkpoint: on average half an interval, at the tail a whole one. The floor adds the "
                        + "micro-batch fill time (batch size over the per-stream rate, at most max wait) and one batch's encode "
                        + "+ train time to that; what is above it is checkpoint and commit work, scheduling on shared cores and "
                        + "consumer fetch. The target is a p99 within twice that floor.");
        if (p50s.size() > 1) {
            html.chart(new LineChart("Latency vs checkpoint interval", "checkpoint interval ms", "ms")
                    .add(new Series("p50", sorted(p50s)))
                    .add(new Series("p99", sorted(p99s)))
                    .add(new Series("floor p99", sorted(floors))));
        }
        html.chart(cdf);
        html.chart(new LineChart(
                        f("(b) committed codes, checkpoint %d ms", p.checkpointMs()),
                        "seconds since submission",
                        "codes committed")
                .add(new Series("committed", p.committedOverTime())));
        return html;
    }

    private static List<String> memoryRow(String run, PipelineBench.MemoryResult m) {
        return List.of(
                run,
                f("%d", m.keys()),
                f("%.1f", m.heapBytesPerKey() / 1024),
                f("%.1f", m.nativeBytesPerKey() / 1024),
                f("%.1f", m.stateBlobBytesPerKey() / 1024),
                m.checkpointBytes() < 0 ? "-" : f("%.1f", m.checkpointBytesPerKey() / 1024));
    }

    private static List<double[]> sorted(List<double[]> points) {
        List<double[]> s = new ArrayList<>(points);
        s.sort((a, b) -> Double.compare(a[0], b[0]));
        return s;
    }

    private static String pct(double share) {
        return f("%.0f%%", 100 * share);
    }

    private static String f(String format, Object... args) {
        return String.format(Locale.ROOT, format, args);
    }
}
