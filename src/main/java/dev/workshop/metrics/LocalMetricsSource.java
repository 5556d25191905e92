package dev.workshop.metrics;

import java.nio.file.Path;
import java.time.Instant;
import java.util.SortedMap;
import java.util.function.Supplier;

/**
 * The local gateway's metrics: read straight from its store when this process runs the server, or from the
 * store's file when another workshop process owns it (re-read on each call, so --watch sees it grow; the owner
 * saves every two seconds).
 */
public final class LocalMetricsSource implements MetricsSource {
    private final Supplier<MetricsStore> store;
    private final String description;

    private LocalMetricsSource(Supplier<MetricsStore> store, String description) {
        this.store = store;
        this.description = description;
    }

    public static LocalMetricsSource of(MetricsStore live) {
        return new LocalMetricsSource(() -> live, "local gateway (this process)");
    }

    public static LocalMetricsSource fromFile(Path file) {
        return new LocalMetricsSource(() -> MetricsStore.readOnly(file), "local gateway (" + file + ")");
    }

    @Override
    public String describe() {
        return description;
    }

    @Override
    public SortedMap<Instant, Double> series(String table, String index, String metric, Instant from, Instant to) {
        return store.get().series(table, index, metric, from, to);
    }
}
