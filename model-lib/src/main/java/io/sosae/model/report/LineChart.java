package io.sosae.model.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A self-contained SVG line chart (no scripts, no external assets), so reports open anywhere,
 * offline, and can be attached to issues or CI artefacts as they are.
 */
public final class LineChart {
    /** Series with at most this many points get a marker on each. */
    private static final int MARKED_POINTS = 30;

    private static final String[] COLORS = {
        "#1f77b4", "#d62728", "#2ca02c", "#ff7f0e", "#9467bd", "#8c564b", "#e377c2", "#7f7f7f", "#bcbd22", "#17becf",
        "#000000", "#aec7e8", "#98df8a", "#ff9896"
    };
    private static final int W = 720;
    private static final int H = 380;
    private static final int LEFT = 64;
    private static final int RIGHT = 170;
    private static final int TOP = 34;
    private static final int BOTTOM = 48;
    private static final int TARGET_TICKS = 6;

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
        Ticks xt = Ticks.nice(xmin, xmax, TARGET_TICKS);
        Ticks yt = Ticks.nice(ymin, ymax, TARGET_TICKS);
        xmin = xt.min();
        xmax = xt.max();
        ymin = yt.min();
        ymax = yt.max();
        StringBuilder sb = new StringBuilder();
        sb.append(String.format(
                Locale.ROOT,
                "<svg xmlns='http://www.w3.org/2000/svg' width='%d' height='%d' viewBox='0 0 %d %d' font-family='sans-serif' font-size='12'>",
                W,
                H,
                W,
                H));
        sb.append("<rect width='100%' height='100%' fill='white'/>");
        sb.append(String.format(
                Locale.ROOT, "<text x='%d' y='20' font-size='14' font-weight='bold'>%s</text>", LEFT, esc(title)));
        int pw = W - LEFT - RIGHT;
        int ph = H - TOP - BOTTOM;
        sb.append(String.format(
                Locale.ROOT,
                "<rect x='%d' y='%d' width='%d' height='%d' fill='none' stroke='#999'/>",
                LEFT,
                TOP,
                pw,
                ph));
        for (double xv : xt.values()) {
            double xp = LEFT + (xv - xmin) / (xmax - xmin) * pw;
            sb.append(String.format(
                    Locale.ROOT, "<line x1='%.1f' y1='%d' x2='%.1f' y2='%d' stroke='#eee'/>", xp, TOP, xp, TOP + ph));
            sb.append(String.format(
                    Locale.ROOT,
                    "<text x='%.1f' y='%d' text-anchor='middle'>%s</text>",
                    xp,
                    TOP + ph + 16,
                    xt.label(xv)));
        }
        for (double yv : yt.values()) {
            double yp = TOP + ph - (yv - ymin) / (ymax - ymin) * ph;
            sb.append(String.format(
                    Locale.ROOT, "<line x1='%d' y1='%.1f' x2='%d' y2='%.1f' stroke='#eee'/>", LEFT, yp, LEFT + pw, yp));
            sb.append(String.format(
                    Locale.ROOT, "<text x='%d' y='%.1f' text-anchor='end'>%s</text>", LEFT - 6, yp + 4, yt.label(yv)));
        }
        sb.append(String.format(
                Locale.ROOT, "<text x='%d' y='%d' text-anchor='middle'>%s</text>", LEFT + pw / 2, H - 10, esc(xLabel)));
        sb.append(String.format(
                Locale.ROOT,
                "<text transform='translate(14,%d) rotate(-90)' text-anchor='middle'>%s</text>",
                TOP + ph / 2,
                esc(yLabel)));
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
            sb.append(String.format(
                    Locale.ROOT, "<path d='%s' fill='none' stroke='%s' stroke-width='1.8'/>", path, color));
            if (s.points().size() <= MARKED_POINTS) { // few points (a scatter): mark each one
                for (double[] p : s.points()) {
                    if (Double.isFinite(p[0]) && Double.isFinite(p[1])) {
                        sb.append(String.format(
                                Locale.ROOT,
                                "<circle cx='%.1f' cy='%.1f' r='3.5' fill='%s'/>",
                                LEFT + (p[0] - xmin) / (xmax - xmin) * pw,
                                TOP + ph - (p[1] - ymin) / (ymax - ymin) * ph,
                                color));
                    }
                }
            }
            int ly = TOP + 14 + 18 * k;
            sb.append(String.format(
                    Locale.ROOT,
                    "<line x1='%d' y1='%d' x2='%d' y2='%d' stroke='%s' stroke-width='3'/>",
                    LEFT + pw + 10,
                    ly - 4,
                    LEFT + pw + 30,
                    ly - 4,
                    color));
            sb.append(String.format(Locale.ROOT, "<text x='%d' y='%d'>%s</text>", LEFT + pw + 36, ly, esc(s.name())));
        }
        sb.append("</svg>");
        return sb.toString();
    }

    /**
     * Round axis ticks after Heckbert ("Nice numbers for graph labels", Graphics Gems, 1990): the step
     * is 1, 2 or 5 times a power of ten, close to {@code (max - min) / (target - 1)}; the axis runs
     * from the last tick at or below {@code min} to the first at or above {@code max} ("loose"
     * labelling), and labels show just the fraction digits the step needs.
     */
    record Ticks(double min, double max, double step, int fractionDigits) {
        static Ticks nice(double min, double max, int target) {
            if (!(max > min) || !Double.isFinite(min) || !Double.isFinite(max)) {
                throw new IllegalArgumentException("need finite min < max, got [" + min + ", " + max + "]");
            }
            double step = niceNumber((max - min) / Math.max(1, target - 1));
            double lo = Math.floor(min / step) * step;
            double hi = Math.ceil(max / step) * step;
            int digits = (int) Math.max(0, -Math.floor(Math.log10(step)));
            return new Ticks(lo, hi, step, digits);
        }

        /** 1, 2, 5 or 10 times the power of ten of {@code x}, whichever is nearest. */
        static double niceNumber(double x) {
            double exponent = Math.floor(Math.log10(x));
            double fraction = x / Math.pow(10, exponent);
            double nice = fraction < 1.5 ? 1 : fraction < 3 ? 2 : fraction < 7 ? 5 : 10;
            return nice * Math.pow(10, exponent);
        }

        /** The tick values from {@link #min} to {@link #max}, each an exact multiple of the step. */
        List<Double> values() {
            long first = Math.round(min / step);
            long last = Math.round(max / step);
            List<Double> out = new ArrayList<>();
            for (long k = first; k <= last; k++) {
                // Rounded to the label's digits so 0.1 * 3 reads 0.3, not 0.30000000000000004.
                out.add(Double.parseDouble(label(k * step)));
            }
            return out;
        }

        String label(double v) {
            String s = String.format(Locale.ROOT, "%." + fractionDigits + "f", v);
            return s.matches("-0(\\.0*)?") ? s.substring(1) : s;
        }
    }

    static String esc(String s) {
        return s.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;").replace("'", "&#39;");
    }
}
