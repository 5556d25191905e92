package dev.workshop.metrics;

import java.nio.file.Path;
import java.time.Instant;
import java.util.List;
import java.util.Map;
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
    public Map<Query, SortedMap<Instant, Double>> fetch(List<Query> queries, Instant from, Instant to) {
        MetricsStore s = store.get(); // one read of the file for the whole refresh
        return MetricsSource.eachAlone(queries, q -> s.series(q.table(), q.index(), q.metric(), from, to));
    }
}
