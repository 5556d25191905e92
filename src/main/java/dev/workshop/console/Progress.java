package dev.workshop.console;

import java.io.PrintWriter;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * A progress display on stderr, shown from the start (work that has not written its first item yet, such as tables
 * being created, is still work). On a terminal it redraws one line that fits the width, with the seconds elapsed
 * ticking even when the count does not move. Otherwise it prints a line at each tenth of the way, and between those at
 * least every two seconds, so that a log never looks stuck and stays short for quick work.
 */
public final class Progress implements AutoCloseable {
    private static final long PLAIN_EVERY_NANOS = 2_000_000_000L;

    private final PrintWriter err;
    private final boolean redraw;
    private final int width;
    private final String label;
    private final long total;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private long done;
    private int lastDecile = -1;
    private long lastDraw;
    private String detail = "";
    private boolean closed;

    public Progress(Console console, String label, long total) {
        this.err = console.err();
        this.redraw = console.interactive();
        this.width = console.width();
        this.label = label;
        this.total = Math.max(1, total);
        synchronized (this) {
            draw(true);
        }
        this.ticker = Ticker.daemon("progress");
        ticker.scheduleAtFixedRate(this::tick, 500, 500, TimeUnit.MILLISECONDS);
    }

    public synchronized void advance(long n) {
        done += n;
        draw(false);
    }

    public synchronized void detail(String d) {
        detail = d;
        draw(false);
    }

    private synchronized void tick() {
        if (closed) return;
        long now = System.nanoTime();
        if (redraw || now - lastDraw >= PLAIN_EVERY_NANOS) draw(true);
    }

    private void draw(boolean force) {
        int pct = (int) Math.min(100, done * 100 / total);
        long now = System.nanoTime();
        long seconds = (now - start) / 1_000_000_000L;
        if (redraw) {
            if (!force && now - lastDraw < 50_000_000L && done < total) return;
            lastDraw = now;
            int filled = pct / 5;
            String line = label + " [" + "#".repeat(filled) + " ".repeat(20 - filled) + "] " + pct + "% " + done + "/" + total
                    + " " + seconds + " s" + (detail.isEmpty() ? "" : " " + detail);
            // wider than the terminal, a redrawn line wraps and leaves a copy of itself behind on every update
            int max = Math.max(20, width - 1);
            if (line.length() > max) line = line.substring(0, max);
            err.print("\r" + line + "\u001b[K");
            err.flush();
        } else if (pct / 10 != lastDecile || force) {
            lastDecile = pct / 10;
            lastDraw = now;
            err.println(label + ": " + pct + "% (" + done + "/" + total + ", " + seconds + " s)" + (detail.isEmpty() ? "" : " " + detail));
            err.flush();
        }
    }

    @Override
    public void close() {
        ticker.shutdownNow();
        synchronized (this) {
            if (closed) return;
            closed = true;
            if (redraw) {
                draw(true);
                err.println();
                err.flush();
            } else if (lastDecile != 10) {
                draw(true);
            }
        }
    }
}
