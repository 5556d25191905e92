package dev.workshop.metrics;

import java.util.List;

/**
 * DynamoDB's CloudWatch metric names (namespace AWS/DynamoDB), as listed in
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/metrics-dimensions.html and
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/TroubleshootingThrottling-cloudwatch.html.
 *
 * <p>How they count, from those pages, and so how the gateway counts them:
 * <ul>
 *   <li>ThrottledRequests: once per request when any event in it (the table write, each GSI write) is throttled;
 *       for BatchGetItem and BatchWriteItem only when every item in the batch was throttled. Dimensions
 *       TableName and Operation.</li>
 *   <li>Read/WriteThrottleEvents: once per throttled event, per table or GSI (a PutItem on a table with two GSIs
 *       is three events; a BatchWriteItem of 25 puts is 25).</li>
 *   <li>Read/WriteKeyRangeThroughputThrottleEvents: the throttled events whose reason was a partition's limit.</li>
 *   <li>ConsumedRead/WriteCapacityUnits: units consumed, per table and per GSI (GSI consumption is not included
 *       in the table's figure).</li>
 * </ul>
 */
public final class MetricNames {
    private MetricNames() {}

    public static final String NAMESPACE = "AWS/DynamoDB";

    public static final String THROTTLED_REQUESTS = "ThrottledRequests";
    public static final String READ_THROTTLE_EVENTS = "ReadThrottleEvents";
    public static final String WRITE_THROTTLE_EVENTS = "WriteThrottleEvents";
    public static final String READ_KEY_RANGE_THROTTLE_EVENTS = "ReadKeyRangeThroughputThrottleEvents";
    public static final String WRITE_KEY_RANGE_THROTTLE_EVENTS = "WriteKeyRangeThroughputThrottleEvents";
    public static final String CONSUMED_READ = "ConsumedReadCapacityUnits";
    public static final String CONSUMED_WRITE = "ConsumedWriteCapacityUnits";

    /** How far a GSI's backfill has got, in percent; dimensions TableName and GlobalSecondaryIndexName. */
    public static final String ONLINE_INDEX_PROGRESS = "OnlineIndexPercentageProgress";

    /** What `workshop metrics` shows, in this order. */
    public static final List<String> SHOWN = List.of(THROTTLED_REQUESTS, READ_THROTTLE_EVENTS, WRITE_THROTTLE_EVENTS,
            READ_KEY_RANGE_THROTTLE_EVENTS, WRITE_KEY_RANGE_THROTTLE_EVENTS, CONSUMED_READ, CONSUMED_WRITE);

    /** Metrics that exist for a GSI too (ThrottledRequests is per table and operation only). */
    public static boolean perIndex(String metric) {
        return !THROTTLED_REQUESTS.equals(metric);
    }
}
