package dev.workshop.console;

import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;

/**
 * Keeps a terminal from looking stuck: when a command has printed nothing for a second and a half and the cursor
 * stands at the start of a line (not after a prompt, not inside a line being redrawn), it shows a spinner with the
 * seconds since the last output, and erases it before the next output. Every write of the command's console passes
 * through {@link #track}, so the command needs no calls of its own; live displays (progress bars, the load's line)
 * keep it quiet simply by printing.
 */
final class Watchdog implements AutoCloseable {
    private static final long QUIET_NANOS = 1_500_000_000L;

    private final Object lock = new Object();
    private final Writer screen;
    private final int width;
    private ScheduledExecutorService ticker;
    private long lastOutput = System.nanoTime();
    private boolean atLineStart = true;
    private boolean shown;
    private int held;
    private int frame;

    /** @param screen where the spinner is drawn (the terminal's stderr, below any writer that tracks) */
    Watchdog(Writer screen, int width) {
        this.screen = screen;
        this.width = width;
    }

    void start() {
        synchronized (lock) {
            if (ticker != null) return;
            ticker = Ticker.daemon("watchdog");
            ticker.scheduleAtFixedRate(this::tick, 250, 250, TimeUnit.MILLISECONDS);
        }
    }

    /** A writer that passes everything to {@code target}, clearing the spinner first and counting it as output. */
    PrintWriter track(PrintWriter target) {
        return new PrintWriter(new Writer() {
            @Override
            public void write(char[] cbuf, int off, int len) {
                if (len == 0) return;
                synchronized (lock) {
                    erase();
                    target.write(cbuf, off, len);
                    lastOutput = System.nanoTime();
                    atLineStart = cbuf[off + len - 1] == '\n';
                }
            }

            @Override
            public void flush() {
                target.flush();
            }

            @Override
            public void close() {
                target.flush();
            }
        }, true);
    }

    /** While the person is typing (a pause, a confirmation) nothing may be drawn over their line. */
    void hold(boolean on) {
        synchronized (lock) {
            held += on ? 1 : -1;
            if (on) erase();
            lastOutput = System.nanoTime();
        }
    }

    private void tick() {
        synchronized (lock) {
            long quiet = System.nanoTime() - lastOutput;
            if (held > 0 || !atLineStart || quiet < QUIET_NANOS) return;
            frame = (frame + 1) % Ticker.SPIN.length;
            String line = Ticker.SPIN[frame] + " still working, " + TimeUnit.NANOSECONDS.toSeconds(quiet) + " s";
            try {
                screen.write("\r" + line.substring(0, Math.min(line.length(), Math.max(10, width - 1))) + "\u001b[K");
                screen.flush();
                shown = true;
            } catch (IOException e) {
                close();
            }
        }
    }

    private void erase() {
        if (!shown) return;
        try {
            screen.write("\r\u001b[K");
            screen.flush();
        } catch (IOException e) {
            // the terminal is gone; nothing to erase
        }
        shown = false;
    }

    @Override
    public void close() {
        synchronized (lock) {
            if (ticker != null) ticker.shutdownNow();
            ticker = null;
            erase();
        }
    }
}
