package dev.workshop.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicLong;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.cloudwatch.model.Dimension;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataRequest;
import software.amazon.awssdk.services.cloudwatch.model.GetMetricDataResponse;
import software.amazon.awssdk.services.cloudwatch.model.Metric;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataQuery;
import software.amazon.awssdk.services.cloudwatch.model.MetricDataResult;
import software.amazon.awssdk.services.cloudwatch.model.MetricStat;
import software.amazon.awssdk.services.cloudwatch.model.ScanBy;

/**
 * DynamoDB's metrics from CloudWatch GetMetricData: Sum over 60-second periods in namespace AWS/DynamoDB.
 * ThrottledRequests is published per TableName and Operation only, so it is fetched with a SEARCH over every
 * operation and summed (metric math), the others by TableName (and GlobalSecondaryIndexName for a GSI)
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html).
 *
 * <p>Every series of a refresh goes in one call. GetMetricData's default quota is 50 TPS per account and Region,
 * and one call carries up to 500 MetricDataQuery structures and returns up to 100,800 datapoints
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html). A room of 150
 * attendees sending one call per metric (7 per table) would ask several times the quota; one call per refresh
 * keeps the room at a few TPS.
 */
public final class CloudWatchMetricsSource implements MetricsSource {
    /** Most MetricDataQuery structures in one GetMetricData call (CloudWatch quotas page). */
    static final int MAX_QUERIES_PER_CALL = 500;

    private final CloudWatchClient cloudWatch;
    private final String region;
    private final AtomicLong calls = new AtomicLong();

    public CloudWatchMetricsSource(CloudWatchClient cloudWatch, String region) {
        this.cloudWatch = cloudWatch;
        this.region = region;
    }

    @Override
    public String describe() {
        return "CloudWatch GetMetricData (" + region + ")";
    }

    @Override
    public String region() {
        return region;
    }

    @Override
    public boolean delayed() {
        return true;
    }

    /** GetMetricData calls sent so far (pages included): what the room's quota counts. */
    public long calls() {
        return calls.get();
    }

    @Override
    public Map<Query, SortedMap<Instant, Double>> fetch(List<Query> queries, Instant from, Instant to) {
        Map<Query, SortedMap<Instant, Double>> out = new LinkedHashMap<>();
        for (Query q : queries) out.put(q, new TreeMap<>());
        List<Query> distinct = new ArrayList<>(out.keySet());
        for (int start = 0; start < distinct.size(); start += MAX_QUERIES_PER_CALL) {
            List<Query> chunk = distinct.subList(start, Math.min(distinct.size(), start + MAX_QUERIES_PER_CALL));
            Map<String, Query> byId = new LinkedHashMap<>();
            List<MetricDataQuery> mdq = new ArrayList<>();
            for (Query q : chunk) {
                String id = "q" + byId.size(); // ids must start with a lower-case letter
                byId.put(id, q);
                mdq.add(query(id, q));
            }
            String next = null;
            do {
                GetMetricDataRequest.Builder req = GetMetricDataRequest.builder()
                        .startTime(from).endTime(to).scanBy(ScanBy.TIMESTAMP_ASCENDING).metricDataQueries(mdq);
                if (next != null) req.nextToken(next);
                calls.incrementAndGet();
                GetMetricDataResponse res = cloudWatch.getMetricData(req.build());
                for (MetricDataResult r : res.metricDataResults()) {
                    Query q = byId.get(r.id());
                    if (q == null) continue;
                    SortedMap<Instant, Double> series = out.get(q);
                    for (int i = 0; i < Math.min(r.timestamps().size(), r.values().size()); i++) {
                        series.merge(r.timestamps().get(i), r.values().get(i), Double::sum);
                    }
                }
                next = res.nextToken();
            } while (next != null);
        }
        return out;
    }

    /**
     * The newest datapoint of one metric under another statistic than Sum (e.g. OnlineIndexPercentageProgress,
     * Maximum), in one call; empty when CloudWatch has none yet.
     */
    public java.util.OptionalDouble latest(String table, String index, String metric, String stat, Instant from, Instant to) {
        List<Dimension> dims = new ArrayList<>();
        dims.add(Dimension.builder().name("TableName").value(table).build());
        if (index != null) dims.add(Dimension.builder().name("GlobalSecondaryIndexName").value(index).build());
        MetricDataQuery q = MetricDataQuery.builder().id("q0").returnData(true)
                .metricStat(MetricStat.builder().period(60).stat(stat)
                        .metric(Metric.builder().namespace(MetricNames.NAMESPACE).metricName(metric).dimensions(dims).build()).build())
                .build();
        calls.incrementAndGet();
        GetMetricDataResponse res = cloudWatch.getMetricData(GetMetricDataRequest.builder().startTime(from).endTime(to)
                .scanBy(ScanBy.TIMESTAMP_DESCENDING).metricDataQueries(q).build());
        for (MetricDataResult r : res.metricDataResults()) {
            if (!r.values().isEmpty()) return java.util.OptionalDouble.of(r.values().get(0));
        }
        return java.util.OptionalDouble.empty();
    }

    private static MetricDataQuery query(String id, Query q) {
        if (MetricNames.THROTTLED_REQUESTS.equals(q.metric())) {
            String search = "SEARCH('{" + MetricNames.NAMESPACE + ",TableName,Operation} MetricName=\"" + q.metric()
                    + "\" TableName=\"" + q.table() + "\"', 'Sum', 60)";
            return MetricDataQuery.builder().id(id).expression("SUM(" + search + ")").returnData(true).build();
        }
        List<Dimension> dims = new ArrayList<>();
        dims.add(Dimension.builder().name("TableName").value(q.table()).build());
        if (q.index() != null) dims.add(Dimension.builder().name("GlobalSecondaryIndexName").value(q.index()).build());
        return MetricDataQuery.builder().id(id).returnData(true)
                .metricStat(MetricStat.builder().period(60).stat("Sum")
                        .metric(Metric.builder().namespace(MetricNames.NAMESPACE).metricName(q.metric()).dimensions(dims).build())
                        .build())
                .build();
    }
}
