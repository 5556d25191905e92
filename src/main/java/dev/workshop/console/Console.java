package dev.workshop.console;

import java.io.PrintWriter;

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

    public Console(PrintWriter out, PrintWriter err, boolean color, boolean interactive, int width) {
        this.out = out;
        this.err = err;
        this.color = color;
        this.interactive = interactive;
        this.width = width;
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
        out.println(s);
        out.flush();
    }

    public void blank() {
        out.println();
    }

    public void heading(String s) {
        out.println();
        out.println(bold(s));
        out.flush();
    }

    /** A progress or diagnostic line on stderr. */
    public void info(String s) {
        err.println(dim(s));
        err.flush();
    }

    public void ok(String s) {
        out.println(green("✔ ") + s);
        out.flush();
    }

    public void skip(String s) {
        out.println(dim("[skip] ") + s);
        out.flush();
    }

    public void warn(String s) {
        err.println(yellow("! ") + s);
        err.flush();
    }

    public void fail(String s) {
        out.println(red("✘ ") + s);
        out.flush();
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
