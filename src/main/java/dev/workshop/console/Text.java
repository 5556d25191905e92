package dev.workshop.console;

import java.util.ArrayList;
import java.util.List;

/** Wrapping prose to the terminal width, keeping blank lines, list items and indented code as they are. */
public final class Text {
    private Text() {}

    public static List<String> wrap(String text, int width) {
        List<String> out = new ArrayList<>();
        boolean inCode = false;
        for (String line : text.split("\n", -1)) {
            if (line.startsWith("```")) {
                inCode = !inCode;
                continue;
            }
            if (inCode || line.isBlank() || line.startsWith("    ") || line.startsWith("|")) {
                out.add(inCode ? "    " + line : line);
                continue;
            }
            String indent = line.matches("^\\s*([-*]|\\d+\\.) .*") ? "  " : "";
            StringBuilder cur = new StringBuilder();
            for (String word : line.trim().split("\\s+")) {
                if (cur.length() > 0 && cur.length() + 1 + word.length() > width) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    cur.append(indent);
                }
                if (cur.length() > 0 && !cur.toString().equals(indent)) cur.append(' ');
                cur.append(word);
            }
            out.add(cur.toString());
        }
        return out;
    }

    /** Wraps at spaces to {@code width} columns without breaking a word (escape sequences take no columns). */
    public static List<String> words(String text, int width) {
        return Cells.wrap(text, width);
    }

    /** Inline markdown (`code`, **bold**) reduced to plain text, or painted when the console has colour. */
    public static String inline(String s, Console console) {
        String r = s.replaceAll("\\*\\*([^*]+)\\*\\*", console.color() ? "\u001b[1m$1\u001b[0m" : "$1");
        return r.replaceAll("`([^`]+)`", console.color() ? "\u001b[36m$1\u001b[0m" : "$1");
    }
}
