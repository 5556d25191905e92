package dev.workshop.metrics;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.DoubleAdder;

/**
 * Per-minute sums of DynamoDB's CloudWatch metrics, kept by the local gateway: one value per (minute, table, GSI,
 * operation, metric). With a file it is saved every few seconds and on close, so `workshop metrics` in a later
 * command (or in another process that is only a client of this server) reads what earlier commands caused.
 * Minutes older than {@link #RETENTION} are dropped on save.
 */
public final class MetricsStore implements AutoCloseable {
    public static final Duration RETENTION = Duration.ofHours(24);
    static final long SAVE_EVERY_MILLIS = 2_000;

    /** index is "" for the base table. */
    public record Key(long minute, String table, String index, String operation, String metric) {
        public Key {
            Objects.requireNonNull(table);
            index = index == null ? "" : index;
            operation = operation == null ? "" : operation;
        }
    }

    private final Path file;
    private final Map<Key, DoubleAdder> values = new ConcurrentHashMap<>();
    private volatile boolean dirty;
    private final Thread saver;
    private volatile boolean closed;

    private MetricsStore(Path file, boolean autosave) {
        this.file = file;
        if (file != null) load();
        if (file != null && autosave) {
            saver = new Thread(this::saveLoop, "metrics-saver");
            saver.setDaemon(true);
            saver.start();
        } else {
            saver = null;
        }
    }

    /** Kept in memory only (in-memory servers, tests). */
    public static MetricsStore inMemory() {
        return new MetricsStore(null, false);
    }

    /** Loaded from and saved to {@code file}. */
    public static MetricsStore persistent(Path file) {
        return new MetricsStore(file, true);
    }

    /** A read-only snapshot of another process's store file (empty when there is none yet). */
    public static MetricsStore readOnly(Path file) {
        return new MetricsStore(file, false);
    }

    public void add(Instant at, String table, String index, String operation, String metric, double value) {
        if (value == 0) return;
        Key k = new Key(at.getEpochSecond() / 60, table, index, operation, metric);
        values.computeIfAbsent(k, x -> new DoubleAdder()).add(value);
        dirty = true;
    }

    /**
     * The per-minute sums of one metric for a table (index null) or GSI, over all operations, for the minutes
     * that start in [from, to). Minutes with no data are absent (CloudWatch returns no datapoint for them either).
     */
    public SortedMap<Instant, Double> series(String table, String index, String metric, Instant from, Instant to) {
        return sums(table, index, metric, from, to, k -> Instant.ofEpochSecond(k.minute * 60));
    }

    /** Totals per operation of one metric for a table or GSI over [from, to). */
    public SortedMap<String, Double> byOperation(String table, String index, String metric, Instant from, Instant to) {
        return sums(table, index, metric, from, to, k -> k.operation);
    }

    private <G extends Comparable<G>> SortedMap<G, Double> sums(String table, String index, String metric, Instant from,
                                                               Instant to, java.util.function.Function<Key, G> groupBy) {
        long a = from.getEpochSecond() / 60;
        // The first minute not included: the one after the minute holding the instant just before `to`. Rounding
        // `to`'s whole seconds up dropped the current minute during its first second, and with it what a command run
        // right then had just counted.
        long b = Math.floorDiv(to.toEpochMilli() - 1, 60_000L) + 1;
        String ix = index == null ? "" : index;
        SortedMap<G, Double> out = new TreeMap<>();
        values.forEach((k, v) -> {
            if (k.minute >= a && k.minute < b && k.table.equals(table) && k.index.equals(ix) && k.metric.equals(metric)) {
                out.merge(groupBy.apply(k), v.sum(), Double::sum);
            }
        });
        return out;
    }

    /** The GSIs this store has data for, for a table. */
    public List<String> indexesOf(String table) {
        return values.keySet().stream().filter(k -> k.table.equals(table) && !k.index.isEmpty())
                .map(Key::index).distinct().sorted().toList();
    }

    public Map<Key, Double> snapshot() {
        Map<Key, Double> out = new TreeMap<>(java.util.Comparator.comparing(Key::minute).thenComparing(Key::table)
                .thenComparing(Key::index).thenComparing(Key::operation).thenComparing(Key::metric));
        values.forEach((k, v) -> out.put(k, v.sum()));
        return out;
    }

    public Path file() {
        return file;
    }

    private void load() {
        if (!Files.exists(file)) return;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] p = line.split("\t", -1);
                if (p.length != 6) continue;
                try {
                    Key k = new Key(Long.parseLong(p[0]), p[1], p[2], p[3], p[4]);
                    values.computeIfAbsent(k, x -> new DoubleAdder()).add(Double.parseDouble(p[5]));
                } catch (NumberFormatException ignored) {
                    // a line cut short by a crash mid-write of an older format: skip it, keep the rest
                }
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read the metrics file " + file + ": " + e.getMessage(), e);
        }
    }

    /** Writes the file now (atomically: readers in other processes never see half a file). */
    public synchronized void save() {
        if (file == null) return;
        dirty = false;
        long oldest = Instant.now().minus(RETENTION).getEpochSecond() / 60;
        values.keySet().removeIf(k -> k.minute < oldest);
        StringBuilder b = new StringBuilder();
        snapshot().forEach((k, v) -> b.append(k.minute).append('\t').append(k.table).append('\t').append(k.index)
                .append('\t').append(k.operation).append('\t').append(k.metric).append('\t').append(v).append('\n'));
        try {
            Files.createDirectories(file.toAbsolutePath().getParent());
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, b, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write the metrics file " + file + ": " + e.getMessage(), e);
        }
    }

    private void saveLoop() {
        while (!closed) {
            try {
                Thread.sleep(SAVE_EVERY_MILLIS);
            } catch (InterruptedException e) {
                return;
            }
            if (dirty && !closed) {
                try {
                    save();
                } catch (IllegalStateException e) {
                    // the next round tries again; close() reports a persistent failure
                }
            }
        }
    }

    @Override
    public void close() {
        closed = true;
        if (saver != null) {
            saver.interrupt();
            if (dirty) save();
        }
    }
}
