package dev.workshop.console;

import java.io.PrintWriter;

/**
 * A progress display on stderr. On a terminal it redraws one line; otherwise it prints a line at most every
 * tenth of the way, so logs from CI or a facilitator's script stay short.
 */
public final class Progress implements AutoCloseable {
    private final PrintWriter err;
    private final boolean redraw;
    private final String label;
    private final long total;
    private long done;
    private int lastDecile = -1;
    private long lastDraw;
    private String detail = "";

    public Progress(Console console, String label, long total) {
        this.err = console.err();
        this.redraw = console.interactive();
        this.label = label;
        this.total = Math.max(1, total);
    }

    public synchronized void advance(long n) {
        done += n;
        draw(false);
    }

    public synchronized void detail(String d) {
        detail = d;
        draw(false);
    }

    private void draw(boolean force) {
        int pct = (int) Math.min(100, done * 100 / total);
        if (redraw) {
            long now = System.nanoTime();
            if (!force && now - lastDraw < 50_000_000L && done < total) return;
            lastDraw = now;
            int filled = pct / 5;
            err.print("\r" + label + " [" + "#".repeat(filled) + " ".repeat(20 - filled) + "] " + pct + "% "
                    + done + "/" + total + (detail.isEmpty() ? "" : " " + detail) + "\u001b[K");
            err.flush();
        } else if (pct / 10 != lastDecile) {
            lastDecile = pct / 10;
            err.println(label + ": " + pct + "% (" + done + "/" + total + ")" + (detail.isEmpty() ? "" : " " + detail));
            err.flush();
        }
    }

    @Override
    public synchronized void close() {
        if (redraw) {
            draw(true);
            err.println();
            err.flush();
        } else if (lastDecile != 10) {
            lastDecile = -2;
            draw(true);
        }
    }
}
