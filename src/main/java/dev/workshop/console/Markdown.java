package dev.workshop.console;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The small part of Markdown the lab guides use, rendered for a terminal: headings, paragraphs (soft line breaks
 * joined, then wrapped to the width), bullet and numbered lists with hanging indents, block quotes, fenced code
 * (indented, never wrapped), tables (kept as written), and inline code, bold, emphasis and links.
 * Without colour the markup is dropped rather than shown, so the text reads the same in a log.
 */
public final class Markdown {
    private static final Pattern HEADING = Pattern.compile("^(#{1,6})\\s+(.*?)\\s*#*\\s*$");
    private static final Pattern ITEM = Pattern.compile("^(\\s*)([-*+]|\\d+[.)])\\s+(.*)$");
    private static final Pattern ANSI = Pattern.compile("\u001b\\[[0-9;]*m");

    private Markdown() {}

    public static List<String> render(String markdown, Console console) {
        return render(markdown, console.width(), console);
    }

    public static List<String> render(String markdown, int width, Console console) {
        List<String> out = new ArrayList<>();
        String[] lines = Invocation.commands(markdown).replace("\r\n", "\n").split("\n", -1);
        StringBuilder para = new StringBuilder();
        String paraFirst = "";
        String paraRest = "";
        boolean inCode = false;
        for (String line : lines) {
            if (line.strip().startsWith("```")) {
                flush(out, para, paraFirst, paraRest, width, console);
                inCode = !inCode;
                continue;
            }
            if (inCode) {
                out.add("    " + console.cyan(line));
                continue;
            }
            Matcher h = HEADING.matcher(line);
            Matcher item = ITEM.matcher(line);
            if (line.isBlank()) {
                flush(out, para, paraFirst, paraRest, width, console);
                if (!out.isEmpty() && !out.get(out.size() - 1).isEmpty()) out.add("");
            } else if (h.matches()) {
                flush(out, para, paraFirst, paraRest, width, console);
                String text = plain(h.group(2));
                if (!out.isEmpty() && !out.get(out.size() - 1).isEmpty()) out.add("");
                if (h.group(1).length() == 1) {
                    out.add(console.bold(text));
                    out.add(console.dim("═".repeat(Math.min(width, text.length()))));
                } else if (h.group(1).length() == 2) {
                    out.add(console.bold(text));
                    out.add(console.dim("─".repeat(Math.min(width, text.length()))));
                } else {
                    out.add(console.bold(text));
                }
            } else if (line.startsWith("|")) {
                flush(out, para, paraFirst, paraRest, width, console);
                if (!line.matches("^\\|[\\s:|-]+\\|?\\s*$")) out.add(inline(line, console));
            } else if (item.matches()) {
                flush(out, para, paraFirst, paraRest, width, console);
                String indent = " ".repeat(item.group(1).length());
                String marker = item.group(2).matches("\\d+[.)]") ? item.group(2) : "•";
                paraFirst = indent + "  " + marker + " ";
                paraRest = indent + "  " + " ".repeat(marker.length() + 1);
                para.append(item.group(3));
            } else if (line.startsWith(">")) {
                flush(out, para, paraFirst, paraRest, width, console);
                paraFirst = console.dim("│ ");
                paraRest = paraFirst;
                para.append(line.replaceFirst("^>\\s?", ""));
            } else if (line.startsWith("    ") && para.length() == 0) {
                out.add(console.cyan(line));
            } else {
                // a continuation line: lists and quotes continue their item, otherwise a paragraph starts
                if (para.length() == 0) {
                    paraFirst = "";
                    paraRest = "";
                }
                if (para.length() > 0) para.append(' ');
                para.append(line.strip());
            }
        }
        flush(out, para, paraFirst, paraRest, width, console);
        while (!out.isEmpty() && out.get(out.size() - 1).isEmpty()) out.remove(out.size() - 1);
        return out;
    }

    private static void flush(List<String> out, StringBuilder para, String first, String rest, int width, Console console) {
        if (para.length() == 0) return;
        out.addAll(wrap(inline(para.toString(), console), first, rest, width));
        para.setLength(0);
    }

    /** Wraps by visible width (escape sequences take no columns), with the first line behind {@code first} and the rest behind {@code rest}. */
    static List<String> wrap(String text, String first, String rest, int width) {
        int indent = Math.max(Cells.width(first), Cells.width(rest));
        List<String> body = Cells.wrap(text.strip().replaceAll("\\s+", " "), Math.max(10, width - indent));
        List<String> lines = new ArrayList<>(body.size());
        for (int i = 0; i < body.size(); i++) lines.add((i == 0 ? first : rest) + body.get(i));
        return lines;
    }

    static int visible(String s) {
        return ANSI.matcher(s).replaceAll("").length();
    }

    /** Inline markup: `code`, **bold**, *emphasis* / _emphasis_, [text](url). Code spans are kept verbatim. */
    public static String inline(String s, Console console) {
        List<String> code = new ArrayList<>();
        String r = replace(s, "`([^`]+)`", c -> {
            code.add(c);
            return "\u0000" + (code.size() - 1) + "\u0000";
        });
        r = r.replaceAll("\\[([^\\]]+)\\]\\(([^)]+)\\)", "$1 ($2)");
        r = replace(r, "\\*\\*([^*]+)\\*\\*", console::bold);
        r = replace(r, "__([^_]+)__", console::bold);
        java.util.function.UnaryOperator<String> italic = t -> console.color() ? "\u001b[3m" + t + "\u001b[0m" : t;
        r = replace(r, "(?<![\\w*])\\*([^*\\s][^*]*)\\*(?![\\w*])", italic);
        r = replace(r, "(?<!\\w)_([^_\\s][^_]*)_(?!\\w)", italic);
        return replace(r, "\u0000(\\d+)\u0000", n -> console.cyan(code.get(Integer.parseInt(n))));
    }

    private static String plain(String s) {
        return s.replaceAll("[`*]", "").replaceAll("\\[([^\\]]+)\\]\\([^)]+\\)", "$1");
    }

    private static String replace(String s, String regex, java.util.function.UnaryOperator<String> style) {
        Matcher m = Pattern.compile(regex).matcher(s);
        StringBuilder b = new StringBuilder();
        while (m.find()) m.appendReplacement(b, Matcher.quoteReplacement(style.apply(m.group(1))));
        m.appendTail(b);
        return b.toString();
    }
}
