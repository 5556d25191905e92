package dev.workshop.metrics;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;

/**
 * Per-minute DynamoDB metrics for a table or GSI, wherever they live: the local gateway's store or CloudWatch.
 * Values are one-minute sums (statistic Sum, period 60 s), keyed by the minute's start; minutes without data are
 * absent, as in CloudWatch.
 */
public interface MetricsSource {
    /** One series: a metric of a table, or of one of its GSIs when index is not null. */
    record Query(String table, String index, String metric) {}

    /** e.g. "local gateway (this process)" or "CloudWatch GetMetricData, eu-west-1". */
    String describe();

    /** @param index null for the base table */
    default SortedMap<Instant, Double> series(String table, String index, String metric, Instant from, Instant to) {
        Query q = new Query(table, index, metric);
        return fetch(List.of(q), from, to).get(q);
    }

    /**
     * Every series asked for, in as few requests as the source allows: a screen's worth of metrics is one refresh,
     * and on CloudWatch one refresh must be one GetMetricData call (its quota is per call, not per metric).
     */
    Map<Query, SortedMap<Instant, Double>> fetch(List<Query> queries, Instant from, Instant to);

    /** The AWS Region the metrics are from, or null for the local target (for which prices the cost line may use). */
    default String region() {
        return null;
    }

    /** True when datapoints arrive minutes late (CloudWatch), so callers know to wait for them. */
    default boolean delayed() {
        return false;
    }

    /** Helper for sources whose series cost nothing to read one at a time. */
    static Map<Query, SortedMap<Instant, Double>> eachAlone(List<Query> queries,
            java.util.function.Function<Query, SortedMap<Instant, Double>> one) {
        Map<Query, SortedMap<Instant, Double>> out = new LinkedHashMap<>();
        for (Query q : queries) out.put(q, one.apply(q));
        return out;
    }
}
