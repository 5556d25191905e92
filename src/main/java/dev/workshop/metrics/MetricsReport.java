package dev.workshop.metrics;

import dev.workshop.console.Chart;
import dev.workshop.console.Console;
import dev.workshop.console.Table;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;

/**
 * One table's (or GSI's) throttle and consumption metrics over a window, minute by minute: a table of every
 * metric in {@link MetricNames#SHOWN}, a chart of consumed write units against write throttle events, and what the
 * consumption would cost on demand.
 */
public final class MetricsReport {
    private static final DateTimeFormatter MINUTE = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneOffset.UTC);

    public record Totals(Map<String, Double> byMetric) {
        public double get(String metric) {
            return byMetric.getOrDefault(metric, 0.0);
        }

        public boolean empty() {
            return byMetric.values().stream().allMatch(v -> v == 0);
        }
    }

    private final String table;
    private final String index;
    private String region;
    private final List<Instant> minutes = new ArrayList<>();
    private final Map<String, SortedMap<Instant, Double>> data = new LinkedHashMap<>();

    private MetricsReport(String table, String index) {
        this.table = table;
        this.index = index;
    }

    /** A table, or one of its GSIs when index is not null. */
    public record Resource(String table, String index) {}

    /** Fetches every shown metric for the minutes that start in [from, to). */
    public static MetricsReport fetch(MetricsSource source, String table, String index, Instant from, Instant to) {
        return fetchAll(source, List.of(new Resource(table, index)), from, to).get(0);
    }

    /**
     * Every shown metric of every resource in one request to the source: one refresh of a screen is one
     * GetMetricData call on CloudWatch, however many tables it shows.
     */
    public static List<MetricsReport> fetchAll(MetricsSource source, List<Resource> resources, Instant from, Instant to) {
        Instant first = Instant.ofEpochSecond(from.getEpochSecond() / 60 * 60);
        List<MetricsSource.Query> queries = new ArrayList<>();
        for (Resource res : resources) {
            for (String metric : MetricNames.SHOWN) {
                if (res.index() != null && !MetricNames.perIndex(metric)) continue;
                queries.add(new MetricsSource.Query(res.table(), res.index(), metric));
            }
        }
        Map<MetricsSource.Query, SortedMap<Instant, Double>> all = source.fetch(queries, first, to);
        List<MetricsReport> out = new ArrayList<>();
        for (Resource res : resources) {
            MetricsReport r = new MetricsReport(res.table(), res.index());
            r.region = source.region();
            for (Instant m = first; m.isBefore(to); m = m.plusSeconds(60)) r.minutes.add(m);
            for (String metric : MetricNames.SHOWN) {
                if (res.index() != null && !MetricNames.perIndex(metric)) continue;
                r.data.put(metric, all.getOrDefault(new MetricsSource.Query(res.table(), res.index(), metric), new java.util.TreeMap<>()));
            }
            out.add(r);
        }
        return out;
    }

    /** Whether a metric has a datapoint in a minute that overlaps [from, to]: CloudWatch has published that far. */
    public boolean hasDatapoint(String metric, Instant from, Instant to) {
        SortedMap<Instant, Double> s = data.get(metric);
        if (s == null) return false;
        Instant first = Instant.ofEpochSecond(from.getEpochSecond() / 60 * 60);
        return !s.subMap(first, to.plusNanos(1)).isEmpty();
    }

    public String resource() {
        return index == null ? table : table + " / " + index;
    }

    public Totals totals() {
        Map<String, Double> t = new LinkedHashMap<>();
        data.forEach((metric, series) -> t.put(metric, series.values().stream().mapToDouble(Double::doubleValue).sum()));
        return new Totals(t);
    }

    /** Minute rows (UTC) with a column per metric; minutes with no data anywhere show as zeros. */
    public Table table() {
        List<String> headers = new ArrayList<>();
        headers.add("UTC");
        for (String m : data.keySet()) headers.add(shortName(m));
        Table t = new Table(headers.toArray(new String[0]));
        int[] right = new int[data.size()];
        for (int i = 0; i < right.length; i++) right[i] = i + 1;
        t.right(right);
        for (Instant minute : minutes) {
            List<Object> row = new ArrayList<>();
            row.add(MINUTE.format(minute));
            for (SortedMap<Instant, Double> s : data.values()) row.add(number(s.getOrDefault(minute, 0.0)));
            t.row(row.toArray());
        }
        return t;
    }

    public Chart chart() {
        List<String> labels = minutes.stream().map(MINUTE::format).toList();
        double[] consumed = values(MetricNames.CONSUMED_WRITE);
        double[] throttles = values(MetricNames.WRITE_THROTTLE_EVENTS);
        return new Chart(labels).series("ConsumedWriteCapacityUnits", '#', consumed).series("WriteThrottleEvents", '!', throttles);
    }

    private double[] values(String metric) {
        SortedMap<Instant, Double> s = data.getOrDefault(metric, new java.util.TreeMap<>());
        double[] v = new double[minutes.size()];
        for (int i = 0; i < v.length; i++) v[i] = s.getOrDefault(minutes.get(i), 0.0);
        return v;
    }

    public String costLine() {
        Totals t = totals();
        double usd = OnDemandCost.usd(t.get(MetricNames.CONSUMED_READ), t.get(MetricNames.CONSUMED_WRITE));
        return String.format(Locale.ROOT, "%s read units and %s write units: %s on demand (%s).",
                number(t.get(MetricNames.CONSUMED_READ)), number(t.get(MetricNames.CONSUMED_WRITE)),
                OnDemandCost.format(usd), OnDemandCost.source(region));
    }

    public void render(Console console) {
        console.say(console.bold(resource()));
        console.table(table());
        console.blank();
        chart().width(Math.max(10, Math.min(50, console.width() - 30))).render(console);
        console.blank();
        console.say(costLine());
    }

    /**
     * Column headers that fit 80 columns without hiding a name: CloudWatch's own metric name, one word per line
     * (split at its capitals), so what the reader sees is what they would search for in CloudWatch.
     */
    static String shortName(String metric) {
        return metric.replaceAll("(?<=[a-z])(?=[A-Z])", "\n");
    }

    public static String legend() {
        return "Per-minute sums. Each column is a CloudWatch metric, its name split at its capitals: ThrottledRequests, "
                + "Read/WriteThrottleEvents, Read/WriteKeyRangeThroughputThrottleEvents, ConsumedRead/WriteCapacityUnits.";
    }

    static String number(double v) {
        if (v == Math.rint(v)) return String.format(Locale.ROOT, "%,.0f", v);
        return String.format(Locale.ROOT, "%,.1f", v);
    }
}
