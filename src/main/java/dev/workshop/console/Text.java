package dev.workshop.console;

import java.util.List;

/** Wrapping text for callers outside this package that print lines themselves (Markdown renders the guides). */
public final class Text {
    private Text() {}

    /** Wraps at spaces to {@code width} columns without breaking a word (escape sequences take no columns). */
    public static List<String> words(String text, int width) {
        return Cells.wrap(text, width);
    }
}
