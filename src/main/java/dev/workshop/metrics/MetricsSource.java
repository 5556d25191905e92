package dev.workshop.metrics;

import java.time.Instant;
import java.util.SortedMap;

/**
 * Per-minute DynamoDB metrics for a table or GSI, wherever they live: the local gateway's store or CloudWatch.
 * Values are one-minute sums (statistic Sum, period 60 s), keyed by the minute's start; minutes without data are
 * absent, as in CloudWatch.
 */
public interface MetricsSource {
    /** e.g. "local gateway (this process)" or "CloudWatch GetMetricData, eu-west-1". */
    String describe();

    /** @param index null for the base table */
    SortedMap<Instant, Double> series(String table, String index, String metric, Instant from, Instant to);

    /** True when datapoints arrive minutes late (CloudWatch), so callers know to wait for them. */
    default boolean delayed() {
        return false;
    }
}
