package dev.workshop.metrics;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.TreeMap;
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
 */
public final class CloudWatchMetricsSource implements MetricsSource {
    private final CloudWatchClient cloudWatch;
    private final String region;

    public CloudWatchMetricsSource(CloudWatchClient cloudWatch, String region) {
        this.cloudWatch = cloudWatch;
        this.region = region;
    }

    @Override
    public String describe() {
        return "CloudWatch GetMetricData (" + region + ")";
    }

    @Override
    public boolean delayed() {
        return true;
    }

    @Override
    public SortedMap<Instant, Double> series(String table, String index, String metric, Instant from, Instant to) {
        MetricDataQuery query;
        if (MetricNames.THROTTLED_REQUESTS.equals(metric)) {
            String search = "SEARCH('{" + MetricNames.NAMESPACE + ",TableName,Operation} MetricName=\"" + metric
                    + "\" TableName=\"" + table + "\"', 'Sum', 60)";
            query = MetricDataQuery.builder().id("m0").expression("SUM(" + search + ")").returnData(true).build();
        } else {
            List<Dimension> dims = new ArrayList<>();
            dims.add(Dimension.builder().name("TableName").value(table).build());
            if (index != null) dims.add(Dimension.builder().name("GlobalSecondaryIndexName").value(index).build());
            query = MetricDataQuery.builder().id("m0").returnData(true)
                    .metricStat(MetricStat.builder().period(60).stat("Sum")
                            .metric(Metric.builder().namespace(MetricNames.NAMESPACE).metricName(metric).dimensions(dims).build())
                            .build())
                    .build();
        }
        SortedMap<Instant, Double> out = new TreeMap<>();
        String next = null;
        do {
            GetMetricDataRequest.Builder req = GetMetricDataRequest.builder()
                    .startTime(from).endTime(to).scanBy(ScanBy.TIMESTAMP_ASCENDING).metricDataQueries(query);
            if (next != null) req.nextToken(next);
            GetMetricDataResponse res = cloudWatch.getMetricData(req.build());
            for (MetricDataResult r : res.metricDataResults()) {
                for (int i = 0; i < Math.min(r.timestamps().size(), r.values().size()); i++) {
                    out.merge(r.timestamps().get(i), r.values().get(i), Double::sum);
                }
            }
            next = res.nextToken();
        } while (next != null);
        return out;
    }
}
