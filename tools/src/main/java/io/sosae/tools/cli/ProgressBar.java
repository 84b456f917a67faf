package io.sosae.tools.cli;

import java.io.PrintStream;
import java.util.Locale;

/** A one-line progress bar on a terminal (stderr), redrawn in place; plain lines when not a TTY. */
final class ProgressBar {
    private final PrintStream out;
    private final boolean tty;
    private final String label;
    private final long total;
    private long lastDraw;

    ProgressBar(PrintStream out, String label, long total) {
        this.out = out;
        this.tty = System.console() != null;
        this.label = label;
        this.total = Math.max(1, total);
    }

    void update(long done, String detail) {
        long now = System.nanoTime();
        boolean last = done >= total;
        if (!last && now - lastDraw < 200_000_000L) {
            return;
        }
        lastDraw = now;
        int width = 30;
        int filled = (int) (width * Math.min(1.0, (double) done / total));
        String bar = "#".repeat(filled) + "-".repeat(width - filled);
        String line = String.format(Locale.ROOT, "%s [%s] %d/%d %s", label, bar, done, total, detail);
        if (tty) {
            out.print("\r" + line + (last ? System.lineSeparator() : ""));
        } else {
            out.println(line);
        }
        out.flush();
    }
}
