package dev.workshop.tty;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * A command on a real pseudo-terminal, the way a person runs it: util-linux {@code script} allocates the pty (stdin,
 * stdout and stderr of the command are all the terminal), {@code stty} gives it a size, and the test types into it and
 * reads the screen's byte stream. Nothing of the program under test is replaced.
 */
final class Pty implements AutoCloseable {
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;?]*[A-Za-z]|\u001b\\][^\u0007]*\u0007");

    private final Process process;
    private final OutputStream keys;
    private final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    private final Thread pump;
    private final long started = System.nanoTime();
    /** When output arrived, in nanoseconds since the start: what a person sees as silence is the gap between two. */
    private final List<Long> arrivals = java.util.Collections.synchronizedList(new ArrayList<>());
    private int mark;

    private Pty(Process process) {
        this.process = process;
        this.keys = process.getOutputStream();
        InputStream in = process.getInputStream();
        pump = new Thread(() -> {
            byte[] buf = new byte[8192];
            try {
                for (int n; (n = in.read(buf)) >= 0; ) {
                    arrivals.add(System.nanoTime() - started);
                    synchronized (screen) {
                        screen.write(buf, 0, n);
                        screen.notifyAll();
                    }
                }
            } catch (IOException ignored) {
                // the process ended
            }
        }, "pty-pump");
        pump.setDaemon(true);
        pump.start();
    }

    /** Runs {@code command} (a shell command line) in {@code dir} on a pty of {@code cols} columns. */
    static Pty start(Path dir, Map<String, String> env, int cols, String command) throws IOException {
        String inner = "stty cols " + cols + " rows 50; exec " + command;
        ProcessBuilder pb = new ProcessBuilder("script", "-qfec", inner, "/dev/null").directory(dir.toFile()).redirectErrorStream(true);
        pb.environment().remove("COLUMNS"); // the launcher asks the terminal, as it does for a person
        pb.environment().put("TERM", "xterm-256color");
        pb.environment().putAll(env);
        return new Pty(pb.start());
    }

    static boolean available() {
        try {
            return new ProcessBuilder("script", "--version").redirectErrorStream(true).start().waitFor() == 0;
        } catch (IOException | InterruptedException e) {
            return false;
        }
    }

    /** Types text; a person's Enter is a carriage return, which the terminal turns into a newline. */
    void type(String s) throws IOException {
        keys.write(s.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    void enter() throws IOException {
        type("\r");
    }

    /**
     * Waits until {@code text} appears on the screen after what earlier waits consumed, also when the screen wrapped it
     * at a space onto the next line; false on timeout or exit.
     */
    boolean await(String text, Duration timeout) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (screen) {
            while (true) {
                String s = flat();
                int at = s.indexOf(text, mark);
                if (at >= 0) {
                    mark = at + text.length();
                    return true;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !pump.isAlive())) return false;
                screen.wait(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        }
    }

    /** Waits for the first of several texts; returns its index, or -1. */
    int awaitAny(Duration timeout, String... texts) throws InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        synchronized (screen) {
            while (true) {
                String s = flat();
                int best = -1;
                int bestAt = Integer.MAX_VALUE;
                for (int i = 0; i < texts.length; i++) {
                    int at = s.indexOf(texts[i], mark);
                    if (at >= 0 && at < bestAt) {
                        best = i;
                        bestAt = at;
                    }
                }
                if (best >= 0) {
                    mark = bestAt + texts[best].length();
                    return best;
                }
                long left = deadline - System.nanoTime();
                if (left <= 0 || (!process.isAlive() && !pump.isAlive())) return -1;
                screen.wait(Math.max(1, Math.min(200, TimeUnit.NANOSECONDS.toMillis(left))));
            }
        }
    }

    int exitCode(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            process.destroyForcibly();
            throw new AssertionError("still running after " + timeout + "; screen:\n" + plain());
        }
        pump.join(5_000);
        return process.exitValue();
    }

    /** Sends a signal to the command itself (the child of script), as the terminal's line discipline would. */
    void interrupt() throws IOException {
        type("\u0003");
    }

    /** Milliseconds from the start to the first output, and the longest silence between outputs until the end. */
    long[] silences(long endNanos) {
        List<Long> times;
        synchronized (arrivals) {
            times = new ArrayList<>(arrivals);
        }
        if (times.isEmpty()) return new long[] {-1, -1};
        long first = times.get(0);
        long longest = first;
        for (int i = 1; i < times.size(); i++) longest = Math.max(longest, times.get(i) - times.get(i - 1));
        longest = Math.max(longest, endNanos - started - times.get(times.size() - 1));
        return new long[] {first / 1_000_000, longest / 1_000_000};
    }

    long startedNanos() {
        return started;
    }

    /** Everything shown so far, raw (escape sequences included). */
    String raw() {
        synchronized (screen) {
            return screen.toString(StandardCharsets.UTF_8);
        }
    }

    /** Everything shown so far without escape sequences and with CRLF as LF. */
    String plain() {
        return ANSI.matcher(raw()).replaceAll("").replace("\r\n", "\n");
    }

    /** The screen with each line break read as the space it replaced when text was wrapped (same length as plain()). */
    private String flat() {
        return plain().replace('\n', ' ');
    }

    /**
     * The lines as a terminal shows them: a carriage return starts the line again (a progress line redrawn in place),
     * so each physical line's width is that of its longest redraw.
     */
    List<String> lines() {
        List<String> out = new ArrayList<>();
        for (String line : plain().split("\n", -1)) {
            for (String redraw : line.split("\r", -1)) if (!redraw.isEmpty()) out.add(redraw);
        }
        return out;
    }

    @Override
    public void close() {
        process.destroyForcibly();
    }
}
