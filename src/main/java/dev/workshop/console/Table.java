package dev.workshop.console;

import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An aligned text table that fits the terminal without dropping a word: what a lab teaches is often in its widest
 * cell (a key design, a takeaway), so cells never lose text to an ellipsis. When the natural widths do not fit, the
 * widest columns wrap at spaces onto more lines; a word (a key, a command, a metric name) is never broken. When even
 * the longest words of every column cannot stand side by side, each row is shown as a record, one "header value" line
 * per column.
 */
public final class Table {
    private static final int GAP = 2;

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
            r.add(i < cells.length && cells[i] != null ? Invocation.commands(String.valueOf(cells[i])) : "");
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
        for (String line : lines(maxWidth, console)) out.println(line);
    }

    /** The table as lines of at most {@code maxWidth} visible columns (longer only for a single word wider than that). */
    List<String> lines(int maxWidth, Console console) {
        int n = headers.size();
        int[] natural = new int[n];
        int[] longestWord = new int[n];
        for (int i = 0; i < n; i++) {
            natural[i] = Cells.width(headers.get(i));
            longestWord[i] = Cells.longestWord(headers.get(i));
        }
        for (List<String> r : rows) {
            for (int i = 0; i < n; i++) {
                natural[i] = Math.max(natural[i], Cells.width(r.get(i)));
                longestWord[i] = Math.max(longestWord[i], Cells.longestWord(r.get(i)));
            }
        }
        int budget = maxWidth - GAP * (n - 1);
        if (Arrays.stream(natural).sum() <= budget) return grid(natural, console, false);
        if (Arrays.stream(longestWord).sum() > budget) return records(maxWidth, console);
        return grid(fit(natural, longestWord, budget), console, true);
    }

    /** Narrows the widest column that can still give, one column at a time, until the table fits. */
    private static int[] fit(int[] natural, int[] minimum, int budget) {
        int[] w = natural.clone();
        while (Arrays.stream(w).sum() > budget) {
            int widest = -1;
            for (int i = 0; i < w.length; i++) {
                if (w[i] > minimum[i] && (widest < 0 || w[i] > w[widest])) widest = i;
            }
            w[widest]--;
        }
        return w;
    }

    private List<String> grid(int[] w, Console console, boolean wrapped) {
        List<String> out = new ArrayList<>();
        for (String line : rowLines(headers, w)) out.add(console.bold(line));
        out.add(console.dim(join(Arrays.stream(w).mapToObj("─"::repeat).toList(), w)));
        boolean multiLine = wrapped && rows.stream().anyMatch(r -> rowLines(r, w).size() > 1);
        for (int k = 0; k < rows.size(); k++) {
            // rows of several lines read as one block each only with air between them
            if (multiLine && k > 0) out.add("");
            out.addAll(rowLines(rows.get(k), w));
        }
        return out;
    }

    private List<String> rowLines(List<String> cells, int[] w) {
        List<List<String>> wrapped = new ArrayList<>();
        int height = 1;
        for (int i = 0; i < w.length; i++) {
            List<String> lines = Cells.wrap(cells.get(i), w[i]);
            wrapped.add(lines);
            height = Math.max(height, lines.size());
        }
        List<String> out = new ArrayList<>(height);
        for (int line = 0; line < height; line++) {
            List<String> parts = new ArrayList<>(w.length);
            for (List<String> lines : wrapped) parts.add(line < lines.size() ? lines.get(line) : "");
            out.add(join(parts, w));
        }
        return out;
    }

    private String join(List<String> cells, int[] w) {
        StringBuilder b = new StringBuilder();
        for (int i = 0; i < w.length; i++) {
            String c = cells.get(i);
            String pad = " ".repeat(Math.max(0, w[i] - Cells.width(c)));
            b.append(rightAligned[i] ? pad + c : c + (i == w.length - 1 ? "" : pad));
            if (i < w.length - 1) b.append(" ".repeat(GAP));
        }
        return b.toString().stripTrailing();
    }

    /** One block per row: each column as "header  value", the value wrapped under itself. */
    private List<String> records(int maxWidth, Console console) {
        int label = 0;
        for (String h : headers) label = Math.max(label, Cells.width(h));
        int valueWidth = Math.max(20, maxWidth - label - GAP);
        List<String> out = new ArrayList<>();
        for (int k = 0; k < rows.size(); k++) {
            if (k > 0) out.add("");
            List<String> r = rows.get(k);
            for (int i = 0; i < headers.size(); i++) {
                if (r.get(i).isEmpty()) continue;
                String h = headers.get(i);
                if (h.isBlank()) {
                    // a column without a header (a row's letter or label) heads its record
                    for (String line : Cells.wrap(r.get(i), maxWidth)) out.add(console.bold(line));
                    continue;
                }
                List<String> lines = Cells.wrap(r.get(i), valueWidth);
                for (int j = 0; j < lines.size(); j++) {
                    String head = j == 0 ? console.dim(h) + " ".repeat(label - Cells.width(h)) : " ".repeat(label);
                    out.add((head + " ".repeat(GAP) + lines.get(j)).stripTrailing());
                }
            }
        }
        return out;
    }
}
