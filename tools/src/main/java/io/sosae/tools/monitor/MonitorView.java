package io.sosae.tools.monitor;

import io.sosae.schemas.DriftAlert;
import io.sosae.schemas.LengthReport;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;

/**
 * What {@code sosae monitor} shows: per model key, its latest length report and its drift alerts.
 * Fed from the reader thread and rendered from the display thread, so every access is
 * synchronized; the rows it hands out are immutable.
 */
public final class MonitorView {

    /** One key's line: its latest report, how many alerts it has had and the latest one. */
    public record KeyStatus(String modelKey, LengthReport report, long alerts, Optional<DriftAlert> lastAlert) {}

    private final Map<String, LengthReport> reports = new TreeMap<>();
    private final Map<String, List<DriftAlert>> alerts = new TreeMap<>();

    public synchronized void add(LengthReport r) {
        LengthReport old = reports.get(r.getModelKey());
        if (old == null || r.getModelVersion() >= old.getModelVersion()) {
            reports.put(r.getModelKey(), r);
        }
    }

    public synchronized void add(DriftAlert a) {
        alerts.computeIfAbsent(a.getModelKey(), k -> new ArrayList<>()).add(a);
    }

    /** Every key seen in a report or an alert, in key order. */
    public synchronized List<KeyStatus> rows() {
        TreeMap<String, Boolean> keys = new TreeMap<>();
        reports.keySet().forEach(k -> keys.put(k, true));
        alerts.keySet().forEach(k -> keys.put(k, true));
        List<KeyStatus> rows = new ArrayList<>();
        for (String key : keys.keySet()) {
            List<DriftAlert> a = alerts.getOrDefault(key, List.of());
            rows.add(new KeyStatus(
                    key,
                    reports.get(key),
                    a.size(),
                    a.isEmpty() ? Optional.empty() : Optional.of(a.get(a.size() - 1))));
        }
        return rows;
    }

    /** The table, with alert ages relative to {@code now}. */
    public String render(Instant now) {
        List<KeyStatus> rows = rows();
        StringBuilder out = new StringBuilder();
        out.append(String.format(
                Locale.ROOT,
                "%-20s %8s %13s %7s %9s %10s %7s  %s%n",
                "model key",
                "version",
                "length (cap)",
                "ratio",
                "error",
                "samples",
                "alerts",
                "last alert"));
        for (KeyStatus s : rows) {
            LengthReport r = s.report();
            out.append(String.format(
                    Locale.ROOT,
                    "%-20s %8s %13s %7s %9s %10s %7d  %s%n",
                    s.modelKey(),
                    r == null ? "-" : String.valueOf(r.getModelVersion()),
                    r == null ? "-" : r.getEmittedLength() + " (" + r.getCapacity() + ")",
                    r == null ? "-" : String.format(Locale.ROOT, "%.1fx", r.getCompressionRatio()),
                    r == null ? "-" : String.format(Locale.ROOT, "%.4f", r.getReconstructionLoss()),
                    r == null ? "-" : String.valueOf(r.getSamplesSeen()),
                    s.alerts(),
                    s.lastAlert().map(a -> describe(a, now)).orElse("")));
        }
        if (rows.isEmpty()) {
            out.append("(no length reports or alerts yet)\n");
        }
        return out.toString();
    }

    static String describe(DriftAlert a, Instant now) {
        Duration age = Duration.between(Instant.ofEpochMilli(a.getTime()), now);
        return String.format(
                Locale.ROOT,
                "%s %s at v%d: %s -> %s (%s ago)",
                a.getSignal(),
                a.getDirection(),
                a.getModelVersion(),
                fourDigits(a.getReference()),
                fourDigits(a.getValue()),
                age.isNegative() ? "0s" : age.toSeconds() + "s");
    }

    /** 8 and 16 for lengths, 0.03125 as 0.03125: four significant digits, no trailing zeros. */
    private static String fourDigits(double v) {
        if (!Double.isFinite(v)) {
            return String.valueOf(v);
        }
        return new java.math.BigDecimal(v)
                .round(new java.math.MathContext(4))
                .stripTrailingZeros()
                .toPlainString();
    }
}
