package io.sosae.tools.cli;

import io.sosae.model.core.Method;
import io.sosae.tools.bench.CompareBench;
import io.sosae.tools.bench.CompareReport;
import io.sosae.tools.bench.RecordedStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** {@code sosae bench compare}: every method through the same operator on the same recorded streams. */
@Command(
        name = "compare",
        mixinStandardHelpOptions = true,
        description = "Every compression method through the same operator on the same recorded streams: lengths,"
                + " errors, payload bytes and speed side by side.")
final class CompareBenchCommand implements Callable<Integer> {
    @Mixin
    RecordedStreams streams;

    @Option(
            names = "--methods",
            split = ",",
            defaultValue = "SOSAE,AE,L1,L2,KSPARSE,CAE,CKSPARSE,DAE,PCA,GRID,RANDOM,GA,ARCH",
            converter = MethodConverter.class,
            description = "Methods to compare. Default: ${DEFAULT-VALUE}.")
    List<Method> methods;

    @Option(
            names = "--out",
            defaultValue = "reports/compare",
            description = "Report directory. Default: ${DEFAULT-VALUE}.")
    Path out;

    @Override
    public Integer call() throws Exception {
        List<RecordedStream> recorded = streams.load();
        Path work = Files.createTempDirectory("sosae-compare");
        try {
            RuntimeLog.to(out.resolve("runtime.log"));
            CompareBench.Report report = CompareBench.run(recorded, methods, work, System.out::println);
            CompareReport.write(report, out);
            System.out.println("report: " + out.resolve("report.json") + " and " + out.resolve("index.html"));
            return ExitCodes.OK;
        } finally {
            org.apache.flink.util.FileUtils.deleteDirectory(work.toFile());
        }
    }
}
