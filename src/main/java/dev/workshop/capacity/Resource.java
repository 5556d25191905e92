package dev.workshop.capacity;

/**
 * The capacity state of one table or one GSI: its partitions (a read and a write bucket each) and its
 * table-level limits. A GSI is a Resource of its own because it has its own partitions and capacity.
 */
final class Resource {
    private static final long NANOS_PER_SECOND = 1_000_000_000L;
    private static final int PEAK_WINDOW_MINUTES = (int) (DynamoDbLimits.ON_DEMAND_PEAK_WINDOW_SECONDS / 60);

    final String arn;
    final boolean index;
    final BillingMode mode;
    // Throttled decisions with a single reason are immutable and recur at high rates: build each once.
    private final Decision[][] singleReasonDecisions = new Decision[Operation.values().length][LimitType.values().length];

    private int partitions;
    private TokenBucket[] readPartitions;
    private TokenBucket[] writePartitions;

    // Provisioned: the provisioned units plus burst. On-demand: the per-table account quota.
    private final TokenBucket tableRead;
    private final TokenBucket tableWrite;
    private final LimitType tableLimit;
    // On-demand MaxRead/WriteRequestUnits; null when not set.
    private final TokenBucket maxRead;
    private final TokenBucket maxWrite;

    // On-demand peak tracking: units consumed in the current second, the highest second of the current
    // minute, and one highest-second per minute for the last 30 minutes. A minute's peak becomes the
    // "previous peak" once it leaves that window.
    private long second;
    private double secondRead;
    private double secondWrite;
    private long minute;
    private double minuteMaxRead;
    private double minuteMaxWrite;
    private final double[] windowRead = new double[PEAK_WINDOW_MINUTES];
    private final double[] windowWrite = new double[PEAK_WINDOW_MINUTES];
    private double previousPeakRead;
    private double previousPeakWrite;

    Resource(String arn, boolean index, BillingMode mode, long rcu, long wcu, long maxReadUnits, long maxWriteUnits,
            long nowNanos) {
        this.arn = arn;
        this.index = index;
        this.mode = mode;
        this.second = Math.floorDiv(nowNanos, NANOS_PER_SECOND);
        this.minute = Math.floorDiv(second, 60);
        if (mode == BillingMode.PROVISIONED) {
            // Burst: up to 300 s of unused capacity is kept. A new table starts with one second's worth; the
            // rest has to be saved up by leaving capacity unused.
            tableRead = new TokenBucket(rcu, rcu * DynamoDbLimits.BURST_SECONDS, rcu, nowNanos);
            tableWrite = new TokenBucket(wcu, wcu * DynamoDbLimits.BURST_SECONDS, wcu, nowNanos);
            tableLimit = LimitType.PROVISIONED;
            maxRead = null;
            maxWrite = null;
            setPartitions(provisionedPartitions(rcu, wcu), nowNanos);
        } else {
            double quota = DynamoDbLimits.ON_DEMAND_TABLE_QUOTA_UNITS_PER_SECOND;
            tableRead = new TokenBucket(quota, quota, quota, nowNanos);
            tableWrite = new TokenBucket(quota, quota, quota, nowNanos);
            tableLimit = LimitType.ACCOUNT_LIMIT;
            maxRead = maxReadUnits > 0 ? new TokenBucket(maxReadUnits, maxReadUnits, maxReadUnits, nowNanos) : null;
            maxWrite = maxWriteUnits > 0 ? new TokenBucket(maxWriteUnits, maxWriteUnits, maxWriteUnits, nowNanos) : null;
            setPartitions(onDemandPartitions(), nowNanos);
        }
    }

    /**
     * Enough partitions for the provisioned units at 3,000 RCU and 1,000 WCU each: ceil(RCU/3000 + WCU/1000).
     * AWS no longer publishes this formula; it is the one from AWS's own 2016 talk, quoted at
     * https://stackoverflow.com/questions/51240422/how-does-dynamodb-partition-tables (and it agrees with the per-partition limits above).
     * Storage-driven splits (10 GB per partition) are not modelled: workshop tables are small.
     */
    static int provisionedPartitions(long rcu, long wcu) {
        double needed = rcu / DynamoDbLimits.PARTITION_READ_UNITS_PER_SECOND
                + wcu / DynamoDbLimits.PARTITION_WRITE_UNITS_PER_SECOND;
        return Math.max(1, (int) Math.ceil(needed - 1e-9));
    }

    /**
     * Enough partitions to serve what the table can take instantly: a new table's 12,000 RRU / 4,000 WRU
     * (4 partitions), later double the previous peak. This is why "over double the previous peak" throttles
     * as a hot key range: the partitions are not there yet.
     */
    private int onDemandPartitions() {
        double reads = Math.max(DynamoDbLimits.NEW_ON_DEMAND_READ_UNITS_PER_SECOND,
                DynamoDbLimits.ON_DEMAND_PEAK_MULTIPLIER * previousPeakRead);
        double writes = Math.max(DynamoDbLimits.NEW_ON_DEMAND_WRITE_UNITS_PER_SECOND,
                DynamoDbLimits.ON_DEMAND_PEAK_MULTIPLIER * previousPeakWrite);
        int forReads = (int) Math.ceil(reads / DynamoDbLimits.PARTITION_READ_UNITS_PER_SECOND - 1e-9);
        int forWrites = (int) Math.ceil(writes / DynamoDbLimits.PARTITION_WRITE_UNITS_PER_SECOND - 1e-9);
        return Math.max(forReads, forWrites);
    }

    // Partitions only ever grow: "Once your on-demand table is scaled out, you can instantly achieve the
    // same throughput again in the future without throttling" (on-demand-capacity-mode.html).
    private void setPartitions(int count, long nowNanos) {
        if (count <= partitions) {
            return;
        }
        partitions = count;
        readPartitions = new TokenBucket[count];
        writePartitions = new TokenBucket[count];
        for (int i = 0; i < count; i++) {
            // A partition can absorb one second of its limit at once and no more: burst capacity "can't
            // alleviate partition-level throttling" (repost.aws dynamodb-spiky-workloads-short-intervals).
            readPartitions[i] = new TokenBucket(DynamoDbLimits.PARTITION_READ_UNITS_PER_SECOND,
                    DynamoDbLimits.PARTITION_READ_UNITS_PER_SECOND, DynamoDbLimits.PARTITION_READ_UNITS_PER_SECOND, nowNanos);
            writePartitions[i] = new TokenBucket(DynamoDbLimits.PARTITION_WRITE_UNITS_PER_SECOND,
                    DynamoDbLimits.PARTITION_WRITE_UNITS_PER_SECOND, DynamoDbLimits.PARTITION_WRITE_UNITS_PER_SECOND, nowNanos);
        }
    }

    ThrottlingReason reason(Operation operation, LimitType limit) {
        return singleReason(operation, limit).reasons().get(0);
    }

    Decision singleReason(Operation operation, LimitType limit) {
        Decision d = singleReasonDecisions[operation.ordinal()][limit.ordinal()];
        if (d == null) {
            d = Decision.throttled(limit.errorType(index),
                    java.util.List.of(new ThrottlingReason(limit.reason(index, operation), arn)));
            singleReasonDecisions[operation.ordinal()][limit.ordinal()] = d;
        }
        return d;
    }

    int partitions() {
        return partitions;
    }

    double previousPeak(Operation operation) {
        return operation == Operation.READ ? previousPeakRead : previousPeakWrite;
    }

    /**
     * Maps a partition key value to a partition by hash range, as DynamoDB does: each partition owns an equal
     * slice of the hash space, so when partitions double each slice splits in two. String.hashCode is specified
     * by the JDK and so stable across runs; the finalizer spreads similar keys ("k1", "k2") apart.
     */
    int partitionOf(String partitionKey) {
        int h = partitionKey.hashCode();
        h ^= h >>> 16;
        h *= 0x85ebca6b;
        h ^= h >>> 13;
        h *= 0xc2b2ae35;
        h ^= h >>> 16;
        long unsigned = h & 0xFFFFFFFFL;
        return (int) ((unsigned * partitions) >>> 32);
    }

    /** Brings the peak bookkeeping up to now; call before any check or charge. */
    void advanceTo(long nowNanos) {
        long s = Math.floorDiv(nowNanos, NANOS_PER_SECOND);
        if (s <= second) {
            return;
        }
        minuteMaxRead = Math.max(minuteMaxRead, secondRead);
        minuteMaxWrite = Math.max(minuteMaxWrite, secondWrite);
        secondRead = 0;
        secondWrite = 0;
        second = s;
        long m = Math.floorDiv(s, 60);
        if (m != minute) {
            closeMinutes(m, nowNanos);
        }
    }

    private void closeMinutes(long newMinute, long nowNanos) {
        if (mode == BillingMode.PAY_PER_REQUEST) {
            long elapsed = newMinute - minute;
            if (elapsed > PEAK_WINDOW_MINUTES) {
                // Everything in the window, and the minute just closed, is now older than the window.
                for (int i = 0; i < PEAK_WINDOW_MINUTES; i++) {
                    adopt(windowRead[i], windowWrite[i]);
                    windowRead[i] = 0;
                    windowWrite[i] = 0;
                }
                adopt(minuteMaxRead, minuteMaxWrite);
            } else {
                for (long x = minute; x < newMinute; x++) {
                    int slot = (int) Math.floorMod(x, (long) PEAK_WINDOW_MINUTES);
                    adopt(windowRead[slot], windowWrite[slot]);
                    windowRead[slot] = x == minute ? minuteMaxRead : 0;
                    windowWrite[slot] = x == minute ? minuteMaxWrite : 0;
                }
            }
            setPartitions(onDemandPartitions(), nowNanos);
        }
        minute = newMinute;
        minuteMaxRead = 0;
        minuteMaxWrite = 0;
    }

    private void adopt(double read, double write) {
        previousPeakRead = Math.max(previousPeakRead, read);
        previousPeakWrite = Math.max(previousPeakWrite, write);
    }

    /** Which limits this request would break, as a bit set over {@link LimitType#ordinal()}; 0 when it fits. */
    int check(Operation operation, int partition, double units, long nowNanos) {
        boolean read = operation == Operation.READ;
        int failures = 0;
        TokenBucket table = read ? tableRead : tableWrite;
        table.refill(nowNanos);
        if (!table.has(units)) {
            failures |= 1 << tableLimit.ordinal();
        }
        TokenBucket max = read ? maxRead : maxWrite;
        if (max != null) {
            max.refill(nowNanos);
            if (!max.has(units)) {
                failures |= 1 << LimitType.MAX_ON_DEMAND.ordinal();
            }
        }
        TokenBucket part = read ? readPartitions[partition] : writePartitions[partition];
        part.refill(nowNanos);
        if (!part.has(units)) {
            failures |= 1 << LimitType.KEY_RANGE.ordinal();
        }
        return failures;
    }

    /** Takes the units from every bucket the request passes through; buckets may go into debt. */
    void consume(Operation operation, int partition, double units, long nowNanos) {
        boolean read = operation == Operation.READ;
        TokenBucket table = read ? tableRead : tableWrite;
        TokenBucket max = read ? maxRead : maxWrite;
        TokenBucket part = read ? readPartitions[partition] : writePartitions[partition];
        table.refill(nowNanos);
        table.take(units);
        if (max != null) {
            max.refill(nowNanos);
            max.take(units);
        }
        part.refill(nowNanos);
        part.take(units);
        if (read) {
            secondRead += units;
        } else {
            secondWrite += units;
        }
    }
}
