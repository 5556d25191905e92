package dev.workshop.console;

import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

/** What the displays that redraw on their own (spinners, progress) share: the frames and a daemon timer. */
final class Ticker {
    static final String[] SPIN = {"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"};

    private Ticker() {}

    /** One daemon thread: a display must never keep the process alive after its command. */
    static ScheduledExecutorService daemon(String name) {
        return Executors.newSingleThreadScheduledExecutor(r -> {
            Thread t = new Thread(r, name);
            t.setDaemon(true);
            return t;
        });
    }
}
