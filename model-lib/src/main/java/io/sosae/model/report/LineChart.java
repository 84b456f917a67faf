package io.sosae.model.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained SVG line chart (no scripts, no external assets), so reports open anywhere,
 * offline, and can be attached to issues or CI artefacts as they are.
 */
public final class LineChart {
    private static final String[] COLORS = {
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf"
    };
    private static final int W = 720;
    private static final int H = 380;
    private static final int LEFT = 64;
    private static final int RIGHT = 170;
    private static final int TOP = 34;
    private static final int BOTTOM = 48;

    private final String title;
    private final String xLabel;
    private final String yLabel;
    private final List<Series> series = new ArrayList<>();

    public LineChart(String title, String xLabel, String yLabel) {
        this.title = title;
        this.xLabel = xLabel;
        this.yLabel = yLabel;
    }

    public LineChart add(Series s) {
        series.add(s);
        return this;
    }

    public String toSvg() {
        double xmin = Double.POSITIVE_INFINITY;
        double xmax = Double.NEGATIVE_INFINITY;
        double ymin = Double.POSITIVE_INFINITY;
        double ymax = Double.NEGATIVE_INFINITY;
        for (Series s : series) {
            for (double[] p : s.points()) {
                if (Double.isFinite(p[0]) && Double.isFinite(p[1])) {
                    xmin = Math.min(xmin, p[0]);
                    xmax = Math.max(xmax, p[0]);
                    ymin = Math.min(ymin, p[1]);
                    ymax = Math.max(ymax, p[1]);
                }
            }
        }
        if (xmin > xmax) {
            xmin = 0;
            xmax = 1;
            ymin = 0;
            ymax = 1;
        }
        if (xmax == xmin) {
            xmax = xmin + 1;
        }
        if (ymax == ymin) {
            ymax = ymin + 1;
        }
        double pad = (ymax - ymin) * 0.05;
        ymin -= pad;
        ymax += pad;
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' viewBox='0 0 %d %d' font-family='sans-serif' font-size='12'>",
                W, H, W, H));
        sb.append("<rect width='100%' height='100%' fill='white'/>");
        sb.append(String.format(Locale.ROOT, "<text x='%d' y='20' font-size='14' font-weight='bold'>%s</text>", LEFT, esc(title)));
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        sb.append(String.format(Locale.ROOT, "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#999'/>", LEFT, TOP, pw, ph));
        for (int i = 0; i <= 5; i++) {
            double xv = xmin + (xmax - xmin) * i / 5;
            double yv = ymin + (ymax - ymin) * i / 5;
            int xp = LEFT + pw * i / 5;
            int yp = TOP + ph - ph * i / 5;
            sb.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='#eee'/>", LEFT, yp, LEFT + pw, yp));
            sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle'>%s</text>", xp, TOP + ph + 16, fmt(xv)));
            sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='end'>%s</text>", LEFT - 6, yp + 4, fmt(yv)));
        }
        sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle'>%s</text>", LEFT + pw / 2, H - 10, esc(xLabel)));
        sb.append(String.format(Locale.ROOT, "<text transform='translate(14,%d) rotate(-90)' text-anchor='middle'>%s</text>", TOP + ph / 2, esc(yLabel)));
        for (int k = 0; k < series.size(); k++) {
            Series s = series.get(k);
            String color = COLORS[k % COLORS.length];
            StringBuilder path = new StringBuilder();
            for (double[] p : s.points()) {
                if (!Double.isFinite(p[0]) || !Double.isFinite(p[1])) {
                    continue;
                }
                double xp = LEFT + (p[0] - xmin) / (xmax - xmin) * pw;
                double yp = TOP + ph - (p[1] - ymin) / (ymax - ymin) * ph;
                path.append(path.length() == 0 ? "M" : " L").append(String.format(Locale.ROOT, "%.1f %.1f", xp, yp));
            }
            sb.append(String.format(Locale.ROOT, "<path d='%s' fill='none' stroke='%s' stroke-width='1.8'/>", path, color));
            int ly = TOP + 14 + 18 * k;
            sb.append(String.format(Locale.ROOT, "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='%s' stroke-width='3'/>",
                    LEFT + pw + 10, ly - 4, LEFT + pw + 30, ly - 4, color));
            sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d'>%s</text>", LEFT + pw + 36, ly, esc(s.name())));
        }
        sb.append("</svg>");
        return sb.toString();
    }

    private static String fmt(double v) {
        if (Math.abs(v) >= 1000 && Math.abs(v) < 1e7) {
            return String.format(Locale.ROOT, "%.0f", v);
        }
        if (Math.abs(v) >= 1e7 || (Math.abs(v) < 0.01 && v != 0)) {
            return String.format(Locale.ROOT, "%.2g", v);
        }
        return String.format(Locale.ROOT, "%.3g", v);
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
