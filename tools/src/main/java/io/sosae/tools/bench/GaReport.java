package io.sosae.tools.bench;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import io.sosae.model.ga.PaperNetwork;
import io.sosae.model.report.HtmlReport;
import io.sosae.model.report.LineChart;
import io.sosae.model.report.Series;
import java.awt.image.BufferedImage;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.imageio.ImageIO;

/** Writes {@code sosae bench ga}'s report.json, index.html and one PNG per run (original / GA / backprop rows). */
public final class GaReport {
    private GaReport() {}

    public static void write(GaBench.Report report, Path dir) throws IOException {
        Files.createDirectories(dir);
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("options", report.options());
        json.put("device", report.device());
        List<Map<String, Object>> runs = new ArrayList<>();
        for (GaBench.Run r : report.runs()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("samples", r.samples());
            m.put("labels", r.labels());
            m.put("population", r.population());
            m.put("mutations", r.mutations());
            m.put("generations", r.generations());
            m.put("evaluations", r.evaluations());
            m.put("gaSeconds", r.gaSeconds());
            m.put("initialMae", r.initialMae());
            m.put("gaMae", r.gaMae());
            m.put("backgroundMae", r.backgroundMae());
            m.put("targetMae", r.target());
            m.put("convergence", r.convergence());
            m.put("backpropSteps", r.backpropSteps());
            m.put("backpropSeconds", r.backpropSeconds());
            m.put("backpropMae", r.backpropMae());
            m.put("backpropSecondsToTarget", r.backpropTargetSeconds());
            m.put("gaOutputSpread", r.gaSpread());
            m.put("backpropOutputSpread", r.backpropSpread());
            m.put("gaCurve", r.gaCurve());
            m.put("backpropCurve", r.backpropCurve());
            m.put("image", "reconstructions-" + r.samples() + ".png");
            runs.add(m);
        }
        json.put("runs", runs);
        List<Map<String, Object>> speed = new ArrayList<>();
        for (GaBench.Speed s : report.speed()) {
            Map<String, Object> m = new LinkedHashMap<>();
            m.put("population", s.population());
            m.put("samples", s.samples());
            m.put("batchedEvaluationsPerSecond", s.batchedPerSecond());
            m.put("loopEvaluationsPerSecond", s.loopPerSecond());
            m.put("speedUp", s.speedUp());
            m.put("maxFitnessDifference", s.maxDifference());
            speed.add(m);
        }
        json.put("speed", speed);
        json.put("checks", report.checks());
        new ObjectMapper()
                .enable(SerializationFeature.INDENT_OUTPUT)
                .writeValue(dir.resolve("report.json").toFile(), json);

        GaBench.Options o = report.options();
        HtmlReport html = new HtmlReport(
                        "GA-trained autoencoder (Váradi, \"Training Deep Autoencoders with Genetic Algorithms\")")
                .paragraph(String.format(
                        Locale.ROOT,
                        "The paper's convolutional autoencoder with a 2-D latent (%d parameters) on real MNIST training digits, "
                                + "targets in [0.1, 0.9], fitness = mean absolute error. Mutation-only GA (elitist), then Adam "
                                + "backpropagation of the same network from the same start for the same wall time. Device %s. "
                                + "Converged = the first generation after which %d generations lower the MAE by less than %.1f %%; "
                                + "target = %.2f x the MAE of an all-background image.",
                        PaperNetwork.PARAMETERS,
                        report.device(),
                        o.convergenceWindow(),
                        100 * o.convergenceTolerance(),
                        o.targetRatio()));
        List<List<String>> rows = new ArrayList<>();
        for (GaBench.Run r : report.runs()) {
            GaConvergence.Outcome c = r.convergence();
            rows.add(List.of(
                    Integer.toString(r.samples()),
                    r.population() + " / " + r.mutations(),
                    Long.toString(r.generations()),
                    f1(r.gaSeconds()),
                    f4(r.initialMae()),
                    f4(r.gaMae()),
                    f4(r.target()),
                    c.targetGeneration() >= 0 ? c.targetGeneration() + " (" + f1(c.targetSeconds()) + " s)" : "no",
                    c.converged() ? c.generation() + " (" + f1(c.seconds()) + " s, MAE " + f4(c.mae()) + ")" : "no",
                    r.backpropSteps() + " steps",
                    f4(r.backpropMae()),
                    Double.isNaN(r.backpropTargetSeconds()) ? "no" : f1(r.backpropTargetSeconds()) + " s",
                    Double.isNaN(r.gaSpread()) ? "-" : f2(r.gaSpread()) + " / " + f2(r.backpropSpread())));
        }
        html.table(
                List.of(
                        "samples",
                        "population / k",
                        "generations",
                        "GA s",
                        "initial MAE",
                        "GA MAE",
                        "target",
                        "GA reaches target at",
                        "GA converged at",
                        "backprop",
                        "backprop MAE",
                        "backprop reaches target",
                        "output spread GA / backprop"),
                rows);
        List<List<String>> speedRows = new ArrayList<>();
        for (GaBench.Speed s : report.speed()) {
            speedRows.add(List.of(
                    Integer.toString(s.population()),
                    Integer.toString(s.samples()),
                    String.format(Locale.ROOT, "%.0f", s.batchedPerSecond()),
                    String.format(Locale.ROOT, "%.0f", s.loopPerSecond()),
                    f1(s.speedUp()) + "x",
                    String.format(Locale.ROOT, "%.1e", s.maxDifference())));
        }
        html.heading("Batched population pass vs per-individual loop");
        html.table(
                List.of("individuals", "samples", "batched eval/s", "loop eval/s", "speed-up", "max |fitness diff|"),
                speedRows);
        for (GaBench.Run r : report.runs()) {
            html.chart(new LineChart("MAE, " + r.samples() + " sample(s)", "seconds", "MAE")
                    .add(new Series("GA", Arrays.asList(r.gaCurve())))
                    .add(new Series("backprop", Arrays.asList(r.backpropCurve()))));
        }
        List<List<String>> checkRows = new ArrayList<>();
        report.checks().forEach((k, v) -> checkRows.add(List.of(k, v ? "pass" : "FAIL")));
        html.heading("Checks");
        html.table(List.of("check", "result"), checkRows);
        StringBuilder images = new StringBuilder("<h2>Reconstructions: original, GA, backprop</h2>");
        for (GaBench.Run r : report.runs()) {
            byte[] png = png(r);
            Files.write(dir.resolve("reconstructions-" + r.samples() + ".png"), png);
            images.append("<p>")
                    .append(r.samples())
                    .append(" sample(s)</p><img alt='reconstructions' src='data:image/png;base64,")
                    .append(Base64.getEncoder().encodeToString(png))
                    .append("'>");
        }
        String page = html.render().replace("</body></html>", images + "</body></html>");
        Files.writeString(dir.resolve("index.html"), page);
    }

    /** Rows original / GA / backprop, one column per sample, 3x scale, 2-pixel gaps. */
    static byte[] png(GaBench.Run r) throws IOException {
        int scale = 3;
        int cell = PaperNetwork.SIDE * scale + 2;
        float[][][] grid = {r.originals(), r.gaImages(), r.backpropImages()};
        BufferedImage img = new BufferedImage(cell * r.samples(), cell * 3, BufferedImage.TYPE_BYTE_GRAY);
        for (int row = 0; row < 3; row++) {
            for (int c = 0; c < r.samples(); c++) {
                float[] v = grid[row][c];
                for (int y = 0; y < PaperNetwork.SIDE * scale; y++) {
                    for (int x = 0; x < PaperNetwork.SIDE * scale; x++) {
                        int g = Math.round(255 * v[(y / scale) * PaperNetwork.SIDE + x / scale]);
                        img.setRGB(c * cell + x, row * cell + y, (g << 16) | (g << 8) | g);
                    }
                }
            }
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ImageIO.write(img, "png", out);
        return out.toByteArray();
    }

    private static String f1(double v) {
        return String.format(Locale.ROOT, "%.1f", v);
    }

    private static String f2(double v) {
        return String.format(Locale.ROOT, "%.2f", v);
    }

    private static String f4(double v) {
        return String.format(Locale.ROOT, "%.4f", v);
    }
}
