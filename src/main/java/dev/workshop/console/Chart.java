package dev.workshop.console;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * A small horizontal bar chart for the terminal: one row per label (e.g. a minute), one bar per series, scaled to
 * the largest value of each series. Plain characters, so it reads the same in a log or a pipe.
 */
public final class Chart {
    private record Series(String name, char mark, double[] values) {}

    private final List<String> labels;
    private final List<Series> series = new ArrayList<>();
    private int barWidth = 40;

    public Chart(List<String> labels) {
        this.labels = List.copyOf(labels);
    }

    public Chart series(String name, char mark, double[] values) {
        if (values.length != labels.size()) throw new IllegalArgumentException("one value per label");
        series.add(new Series(name, mark, values.clone()));
        return this;
    }

    public Chart width(int bar) {
        this.barWidth = Math.max(5, bar);
        return this;
    }

    public List<String> lines() {
        List<String> out = new ArrayList<>();
        int labelWidth = labels.stream().mapToInt(String::length).max().orElse(0);
        for (Series s : series) {
            double max = 0;
            for (double v : s.values) max = Math.max(max, v);
            out.add(s.mark + " " + s.name + " (full bar = " + number(max) + ")");
        }
        for (int i = 0; i < labels.size(); i++) {
            for (int k = 0; k < series.size(); k++) {
                Series s = series.get(k);
                double max = 0;
                for (double v : s.values) max = Math.max(max, v);
                int n = max == 0 ? 0 : (int) Math.round(s.values[i] / max * barWidth);
                if (n == 0 && s.values[i] > 0) n = 1;
                String label = k == 0 ? pad(labels.get(i), labelWidth) : " ".repeat(labelWidth);
                out.add(label + " │" + String.valueOf(s.mark).repeat(n) + " " + number(s.values[i]));
            }
        }
        return out;
    }

    public void render(Console console) {
        for (String l : lines()) console.out().println(l);
        console.out().flush();
    }

    private static String pad(String s, int w) {
        return s + " ".repeat(Math.max(0, w - s.length()));
    }

    static String number(double v) {
        if (v == Math.rint(v)) return String.format(Locale.ROOT, "%,.0f", v);
        return String.format(Locale.ROOT, "%,.1f", v);
    }
}
