package dev.workshop.console;

import java.io.PrintWriter;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Says that something is happening while a command waits without output of its own (DynamoDB Local starting, a
 * table becoming ACTIVE), so that no screen stays silent for more than a second or two. On a terminal a spinner line
 * on stderr counts the seconds from the start and is erased when the wait ends; without one, a plain line appears
 * only once the wait has lasted a second, then every few seconds, so logs of quick commands stay as they were.
 */
public final class Waiting implements AutoCloseable {
    private static final long PLAIN_FIRST_MS = 1_000;
    private static final long PLAIN_EVERY_MS = 5_000;

    private final Console console;
    private final PrintWriter err;
    private final boolean redraw;
    private final int width;
    private final long start = System.nanoTime();
    private final ScheduledExecutorService ticker;
    private final ScheduledFuture<?> task;
    private String what;
    private int frame;
    private long lastPlain = -1;
    private boolean shown;
    private boolean closed;

    public Waiting(Console console, String what) {
        this.console = console;
        this.err = console.err();
        this.redraw = console.interactive();
        this.width = console.width();
        this.what = what;
        this.ticker = Ticker.daemon("waiting");
        if (redraw) draw();
        this.task = ticker.scheduleAtFixedRate(this::tick, redraw ? 100 : PLAIN_FIRST_MS, redraw ? 100 : 250, TimeUnit.MILLISECONDS);
    }

    /** What is being waited for now (the next phase of the same wait). */
    public synchronized void update(String what) {
        this.what = what;
        if (redraw) draw();
    }

    /**
     * A line that must stay (something the user should read): printed above the spinner, which then carries on.
     */
    public synchronized void say(String line) {
        if (!closed && redraw && shown) err.print("\r\u001b[K");
        // Wrapped to the pane like every other line (the first run's "Starting the local DynamoDB in the background..."
        // was 132 columns on an 80-column Codespace pane).
        for (String l : console.wrap(line, width)) err.println(console.dim(l));
        if (!closed && redraw) draw();
        err.flush();
    }

    private synchronized void tick() {
        if (closed) return;
        if (redraw) {
            draw();
            return;
        }
        long ms = elapsedMillis();
        if (lastPlain < 0 || ms - lastPlain >= PLAIN_EVERY_MS) {
            lastPlain = ms;
            err.println(what + " (" + seconds(ms) + ")");
            err.flush();
        }
    }

    private void draw() {
        frame = (frame + 1) % Ticker.SPIN.length;
        String line = Ticker.SPIN[frame] + " " + what + " " + seconds(elapsedMillis());
        int max = Math.max(10, width - 1);
        if (line.length() > max) line = line.substring(0, max);
        err.print("\r" + line + "\u001b[K");
        err.flush();
        shown = true;
    }

    private long elapsedMillis() {
        return TimeUnit.NANOSECONDS.toMillis(System.nanoTime() - start);
    }

    private static String seconds(long ms) {
        return (ms / 1000) + " s";
    }

    @Override
    public void close() {
        task.cancel(false);
        ticker.shutdownNow();
        synchronized (this) {
            if (closed) return;
            closed = true;
            if (redraw && shown) {
                err.print("\r\u001b[K");
                err.flush();
            }
        }
    }
}
