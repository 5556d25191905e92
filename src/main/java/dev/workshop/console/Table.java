package dev.workshop.console;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** An aligned text table. Long cells are cut with an ellipsis so that the table fits the terminal width. */
public final class Table {
    private final List<String> headers;
    private final List<List<String>> rows = new ArrayList<>();
    private final boolean[] rightAligned;

    public Table(String... headers) {
        this.headers = List.of(headers);
        this.rightAligned = new boolean[headers.length];
    }

    /** Right-align the given columns (numbers). */
    public Table right(int... columns) {
        for (int c : columns) rightAligned[c] = true;
        return this;
    }

    public Table row(Object... cells) {
        List<String> r = new ArrayList<>(headers.size());
        for (int i = 0; i < headers.size(); i++) {
            r.add(i < cells.length && cells[i] != null ? String.valueOf(cells[i]) : "");
        }
        rows.add(r);
        return this;
    }

    public List<List<String>> rows() {
        return rows;
    }

    public List<String> headers() {
        return headers;
    }

    public int size() {
        return rows.size();
    }

    void render(PrintWriter out, int maxWidth, Console console) {
        int n = headers.size();
        int[] w = new int[n];
        for (int i = 0; i < n; i++) w[i] = headers.get(i).length();
        for (List<String> r : rows) for (int i = 0; i < n; i++) w[i] = Math.max(w[i], r.get(i).length());
        shrink(w, maxWidth - 2 * (n - 1));
        out.println(console.bold(format(headers, w)));
        out.println(console.dim(format(Arrays.stream(w).mapToObj("─"::repeat).toList(), w)));
        for (List<String> r : rows) out.println(format(r, w));
    }

    /** Narrow the widest columns first until the whole table fits; no column below 8 characters. */
    private static void shrink(int[] w, int budget) {
        while (Arrays.stream(w).sum() > budget) {
            int widest = 0;
            for (int i = 1; i < w.length; i++) if (w[i] > w[widest]) widest = i;
            if (w[widest] <= 8) return;
            w[widest]--;
        }
    }

    private String format(List<String> cells, int[] w) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            String c = cut(cells.get(i), w[i]);
            String pad = " ".repeat(w[i] - c.length());
            b.append(rightAligned[i] ? pad + c : c + (i == w.length - 1 ? "" : pad));
            if (i < w.length - 1) b.append("  ");
        }
        return b.toString().stripTrailing();
    }

    static String cut(String s, int width) {
        if (s.length() <= width) return s;
        return s.substring(0, Math.max(0, width - 1)) + "…";
    }
}
