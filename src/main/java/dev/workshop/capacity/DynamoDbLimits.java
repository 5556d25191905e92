package dev.workshop.capacity;

/**
 * The documented DynamoDB numbers the model is built from, each with the page it comes from.
 * AWS says several of these "might change in the future"; keep them in this one place.
 */
public final class DynamoDbLimits {
    private DynamoDbLimits() {}

    // "every partition in a DynamoDB table is designed to deliver a maximum capacity of 3,000 read units per
    // second and 1,000 write units per second."
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html
    // The same holds for each partition of a GSI, which has its own partitions:
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/gsi-throttling.html
    public static final double PARTITION_READ_UNITS_PER_SECOND = 3_000;
    public static final double PARTITION_WRITE_UNITS_PER_SECOND = 1_000;

    // "DynamoDB currently retains up to five minutes (300 seconds) of unused read and write capacity."
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/burst-adaptive-capacity.html
    // and the worked example (150 RCU idle for 5 minutes = 45,000 read units of burst):
    // https://repost.aws/knowledge-center/dynamodb-spiky-workloads-short-intervals
    public static final double BURST_SECONDS = 300;

    // "New on-demand tables will be able to sustain up to 4,000 writes per second and 12,000 reads per second."
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/pre-warming-on-demand-capacity-mode.html
    // https://repost.aws/knowledge-center/on-demand-table-throttling-dynamodb
    public static final double NEW_ON_DEMAND_READ_UNITS_PER_SECOND = 12_000;
    public static final double NEW_ON_DEMAND_WRITE_UNITS_PER_SECOND = 4_000;

    // "On-demand capacity mode instantly accommodates up to double the previous peak traffic on a table", and
    // "throttling can still occur if throughput exceeds double the previous peak within the same 30 minutes."
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/pre-warming-on-demand-capacity-mode.html
    public static final double ON_DEMAND_PEAK_MULTIPLIER = 2;
    public static final long ON_DEMAND_PEAK_WINDOW_SECONDS = 30 * 60;

    // "your on-demand throughput rate is bounded by 40,000 table-level read and write throughput AWS service
    // quota for all tables in the account" (the default; it can be raised).
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode-max-throughput.html
    public static final double ON_DEMAND_TABLE_QUOTA_UNITS_PER_SECOND = 40_000;

    // "Item sizes for reads are rounded up to the next 4 KB multiple"; a strongly consistent read of up to 4 KB
    // is one read unit, eventually consistent one half, transactional two. Writes: one write unit per 1 KB,
    // transactional writes two.
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
    // https://aws.amazon.com/dynamodb/pricing/provisioned/
    public static final int READ_BLOCK_BYTES = 4 * 1024;
    public static final int WRITE_BLOCK_BYTES = 1024;

    // "The maximum item size in DynamoDB is 400 KB, which includes both attribute name binary length (UTF-8 length)
    // and attribute value lengths (again binary length)."
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ServiceQuotas.html#limits-items
    public static final int MAX_ITEM_KB = 400;

    /** The API's value for "no user-provided maximum" (MaxReadRequestUnits / MaxWriteRequestUnits = -1). */
    public static final long NO_MAXIMUM = -1;
}
