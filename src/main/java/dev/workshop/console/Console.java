package dev.workshop.console;

import java.io.PrintWriter;
import java.util.List;

/**
 * Where a command writes: results to {@link #out()}, progress and diagnostics to {@link #err()}.
 * The caller decides colour (OutputOptions: a terminal, no --no-color, NO_COLOR unset, https://no-color.org).
 */
public final class Console {
    private final PrintWriter out;
    private final PrintWriter err;
    private final boolean color;
    private final boolean interactive;
    private final int width;
    private final boolean wrap;
    private final Watchdog watchdog;

    /** Prose wraps only on a terminal: output to a file or a pipe keeps its lines whole. */
    public Console(PrintWriter out, PrintWriter err, boolean color, boolean interactive, int width) {
        this(out, err, color, interactive, width, interactive);
    }

    /** @param wrap whether prose and messages wrap at {@code width} (a terminal, or a width the user gave in COLUMNS) */
    public Console(PrintWriter out, PrintWriter err, boolean color, boolean interactive, int width, boolean wrap) {
        // On a terminal every write is seen by the watchdog, which keeps a silent command from looking stuck.
        this.watchdog = interactive ? new Watchdog(err, width) : null;
        this.out = watchdog == null ? out : watchdog.track(out);
        this.err = watchdog == null ? err : watchdog.track(err);
        this.color = color;
        this.interactive = interactive;
        this.width = width;
        this.wrap = wrap;
    }

    /** Shows a spinner whenever the command has been silent a while (on a terminal; nothing otherwise). */
    public Console watch() {
        if (watchdog != null) watchdog.start();
        return this;
    }

    /** Around reading what the person types: nothing is drawn over their line meanwhile. */
    public <T> T typing(java.util.function.Supplier<T> read) {
        if (watchdog != null) watchdog.hold(true);
        try {
            return read.get();
        } finally {
            if (watchdog != null) watchdog.hold(false);
        }
    }

    /** Ends the watch and erases a spinner still shown (when the command ends). */
    public void close() {
        if (watchdog != null) watchdog.close();
    }

    public PrintWriter out() {
        return out;
    }

    public PrintWriter err() {
        return err;
    }

    public boolean color() {
        return color;
    }

    /** True when a person is at a terminal: progress may redraw lines and labs may pause. */
    public boolean interactive() {
        return interactive;
    }

    public int width() {
        return width;
    }

    public void line(String s) {
        out.println(Invocation.commands(s));
        out.flush();
    }

    public void blank() {
        out.println();
    }

    public void heading(String s) {
        out.println();
        print(out, "", "", bold(s));
    }

    /** A sentence or two of prose on stdout, wrapped at spaces to the width. */
    public void say(String s) {
        print(out, "", "", s);
    }

    /** A progress or diagnostic line on stderr. */
    public void info(String s) {
        print(err, "", "", dim(s));
    }

    public void ok(String s) {
        print(out, green("✔ "), "  ", s);
    }

    public void skip(String s) {
        print(out, dim("[skip] "), "       ", s);
    }

    public void warn(String s) {
        print(err, yellow("! "), "  ", s);
    }

    public void fail(String s) {
        print(out, red("✘ "), "  ", s);
    }

    /** A result that is neither a pass nor a failure (a lab check this machine could not put to the test), on stdout. */
    public void caution(String s) {
        print(out, yellow("! "), "  ", s);
    }

    /** A message behind a marker, wrapped at spaces with the continuation lines under the message's first word. */
    private void print(PrintWriter to, String marker, String indent, String text) {
        String s = Invocation.commands(text);
        List<String> lines = wrap ? Cells.wrap(s, Math.max(20, width - Cells.width(marker))) : List.of(s);
        for (int i = 0; i < lines.size(); i++) to.println((i == 0 ? marker : indent) + lines.get(i));
        to.flush();
    }

    /** Wraps text to the console's width (for callers that prefix or style lines themselves). */
    public List<String> wrap(String text, int columns) {
        String s = Invocation.commands(text);
        return wrap ? Cells.wrap(s, Math.max(20, columns)) : List.of(s);
    }

    public void table(Table t) {
        t.render(out, width, this);
        out.flush();
    }

    public String bold(String s) {
        return paint("1", s);
    }

    public String dim(String s) {
        return paint("2", s);
    }

    public String red(String s) {
        return paint("31", s);
    }

    public String green(String s) {
        return paint("32", s);
    }

    public String yellow(String s) {
        return paint("33", s);
    }

    public String cyan(String s) {
        return paint("36", s);
    }

    private String paint(String code, String s) {
        return color ? "\u001b[" + code + "m" + s + "\u001b[0m" : s;
    }
}
