package dev.workshop.console;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** Widths and word wrapping by what a terminal shows: escape sequences take no columns, a code point takes one. */
final class Cells {
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");

    private Cells() {}

    static int width(String s) {
        String plain = s.indexOf('\u001b') < 0 ? s : ANSI.matcher(s).replaceAll("");
        int max = 0;
        for (String line : plain.split("\n", -1)) max = Math.max(max, line.codePointCount(0, line.length()));
        return max;
    }

    static int longestWord(String s) {
        int max = 0;
        for (String word : s.strip().split("\\s+")) max = Math.max(max, width(word));
        return max;
    }

    /**
     * Wraps at spaces to {@code width} columns, keeping explicit line breaks and a leading indent. A word wider than the
     * line is broken only when nothing else can hold it (the caller sizes columns so that this does not happen).
     */
    static List<String> wrap(String s, int width) {
        List<String> out = new ArrayList<>();
        for (String paragraph : s.split("\n", -1)) {
            if (width(paragraph) <= width) {
                out.add(paragraph);
                continue;
            }
            int indentLength = paragraph.length() - paragraph.stripLeading().length();
            String indent = paragraph.substring(0, Math.min(indentLength, Math.max(0, width / 2)));
            StringBuilder cur = new StringBuilder(indent);
            int curWidth = indent.length();
            boolean empty = true;
            for (String word : paragraph.strip().split("\\s+")) {
                int w = width(word);
                while (w > width - indent.length() && plain(word)) {
                    // a word no line can hold: break it at the line's end (last resort, never for a sized column)
                    if (!empty) {
                        out.add(cur.toString());
                        cur.setLength(0);
                        cur.append(indent);
                        curWidth = indent.length();
                        empty = true;
                    }
                    int cut = word.offsetByCodePoints(0, Math.max(1, width - indent.length()));
                    out.add(indent + word.substring(0, cut));
                    word = word.substring(cut);
                    w = width(word);
                }
                if (!empty && curWidth + 1 + w > width) {
                    out.add(cur.toString());
                    cur.setLength(0);
                    cur.append(indent);
                    curWidth = indent.length();
                    empty = true;
                }
                if (!empty) {
                    cur.append(' ');
                    curWidth++;
                }
                cur.append(word);
                curWidth += w;
                empty = false;
            }
            out.add(cur.toString());
        }
        return out;
    }

    private static boolean plain(String word) {
        return word.indexOf('\u001b') < 0 && !word.isEmpty();
    }
}
