package io.sosae.tools.cli;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sosae.jobs.config.CompressionConfig;
import io.sosae.tools.bench.CompareBench;
import io.sosae.tools.bench.RecordedStream;
import io.sosae.tools.bench.StreamBench;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * {@code sosae bench stream}: one configuration's compressor on the comparison's recorded streams,
 * without Flink, against the same reference PCA: seconds per stream instead of minutes, for
 * trying settings. The job's options are passed as {@code --set key=value}.
 */
@Command(
        name = "stream",
        mixinStandardHelpOptions = true,
        description = "One configuration (the job's options, --set key=value) on the comparison's streams without"
                + " Flink: settled length and error per regime beside the reference PCA.")
final class StreamBenchCommand implements Callable<Integer> {
    @Mixin
    RecordedStreams streams;

    @Option(
            names = "--set",
            description = "A job option for every stream, e.g. --set target-error=0.05 --set method=PCA. The input"
                    + " width and the stream's capacity are set per stream unless given.")
    Map<String, String> options = new LinkedHashMap<>();

    @Option(
            names = "--out",
            defaultValue = "reports/stream",
            description = "Report directory (report.json). Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<StreamBench.Result> results = new ArrayList<>();
        for (RecordedStream s : streams.load()) {
            Map<String, String> args = new LinkedHashMap<>();
            args.put("input-dim", String.valueOf(s.dim()));
            args.put("capacity", String.valueOf(s.capacity()));
            args.putAll(options);
            CompressionConfig config = CompressionConfig.fromArgs(args, Set.of());
            StreamBench.Result r = StreamBench.run(s, config);
            System.out.printf("%s: %d versions in %.1f s%n", s.name(), r.versions(), r.seconds());
            for (CompareBench.Regime g : r.regimes()) {
                System.out.printf(
                        "  %-14s settled length %5.1f  MAE %.4f  | PCA needs %s components (length / PCA %s),"
                                + " PCA MAE at this length %.4f | %3.0f payload bytes vs PCA FLOAT16 %d%n",
                        g.label(),
                        g.settledLength(),
                        g.settledError(),
                        g.pcaComponentsText(),
                        g.ratioText(),
                        g.pcaErrorAtLength(),
                        g.settledPayloadBytes(),
                        g.pcaFloat16BytesAtError());
            }
            results.add(r);
        }
        Files.createDirectories(out);
        Map<String, Object> report = new LinkedHashMap<>();
        report.put("options", options);
        report.put("results", results);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(out.resolve("report.json").toFile(), report);
        System.out.println("report: " + out.resolve("report.json"));
        return ExitCodes.OK;
    }
}
