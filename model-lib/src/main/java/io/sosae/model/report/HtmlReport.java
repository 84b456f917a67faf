package io.sosae.model.report;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** A single-file HTML page of headings, paragraphs, tables and inline SVG charts. */
public final class HtmlReport {
    private final StringBuilder body = new StringBuilder();
    private final String title;

    public HtmlReport(String title) {
        this.title = title;
        body.append("<h1>").append(LineChart.esc(title)).append("</h1>");
    }

    public HtmlReport heading(String text) {
        body.append("<h2>").append(LineChart.esc(text)).append("</h2>");
        return this;
    }

    public HtmlReport paragraph(String text) {
        body.append("<p>").append(LineChart.esc(text)).append("</p>");
        return this;
    }

    public HtmlReport chart(LineChart chart) {
        body.append("<div class='chart'>").append(chart.toSvg()).append("</div>");
        return this;
    }

    public HtmlReport table(List<String> header, List<List<String>> rows) {
        body.append("<table><tr>");
        for (String h : header) {
            body.append("<th>").append(LineChart.esc(h)).append("</th>");
        }
        body.append("</tr>");
        for (List<String> row : rows) {
            body.append("<tr>");
            for (String c : row) {
                body.append("<td>").append(LineChart.esc(c)).append("</td>");
            }
            body.append("</tr>");
        }
        body.append("</table>");
        return this;
    }

    public String render() {
        return "<!doctype html><html><head><meta charset='utf-8'><title>" + LineChart.esc(title) + "</title><style>"
                + "body{font-family:sans-serif;max-width:1100px;margin:2em auto;color:#222}"
                + "table{border-collapse:collapse;margin:1em 0}td,th{border:1px solid #ccc;padding:4px 8px;text-align:right}"
                + "th{background:#f3f3f3}.chart{display:inline-block;margin:6px}</style></head><body>"
                + body + "</body></html>";
    }

    public void write(Path file) throws IOException {
        Files.createDirectories(file.toAbsolutePath().getParent());
        Files.writeString(file, render(), StandardCharsets.UTF_8);
    }
}
