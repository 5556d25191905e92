package dev.workshop.tty;

import static org.junit.jupiter.api.Assertions.fail;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/**
 * What a screen must never show at its width: a line longer than the terminal (it wraps mid-word or mid-column), a
 * word cut with an ellipsis (a key, command or metric name the reader then never sees), or Markdown left as literal
 * {@code **} or a backtick-quoted span.
 */
public final class Width {
    private static final Pattern CUT = Pattern.compile("[\\p{L}\\p{N}_]…(?=[\\s│|]|$)");
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;?]*[A-Za-z]");
    private static final Pattern CODE_SPAN = Pattern.compile("`[^`\\s][^`]*`");

    private Width() {}

    public static List<String> problems(List<String> lines, int columns) {
        List<String> problems = new ArrayList<>();
        for (String raw : lines) {
            String line = ANSI.matcher(raw).replaceAll("");
            int width = line.codePointCount(0, line.length());
            if (width > columns) problems.add(width + " columns: " + line);
            if (CUT.matcher(line).find()) problems.add("cut with …: " + line);
            if (line.contains("**")) problems.add("literal **: " + line);
            if (CODE_SPAN.matcher(line).find()) problems.add("literal code span: " + line);
        }
        return problems;
    }

    public static void assertFits(List<String> lines, int columns, String what) {
        List<String> problems = problems(lines, columns);
        if (!problems.isEmpty()) {
            fail(what + " at " + columns + " columns: " + problems.size() + " problem(s)\n  " + String.join("\n  ", problems)
                    + "\n--- screen ---\n" + String.join("\n", lines));
        }
    }
}
