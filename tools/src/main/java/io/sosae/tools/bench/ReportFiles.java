package io.sosae.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sosae.model.report.HtmlReport;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/** Where every benchmark's results go: {@code report.json} (the report record) and {@code index.html} beside it. */
final class ReportFiles {
    private ReportFiles() {}

    static void write(Object report, HtmlReport html, Path dir) throws IOException {
        Files.createDirectories(dir);
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("report.json").toFile(), report);
        html.write(dir.resolve("index.html"));
    }
}
