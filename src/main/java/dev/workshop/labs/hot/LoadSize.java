package dev.workshop.labs.hot;

import dev.workshop.capacity.DynamoDbLimits;

/**
 * The shape of hot-partitions' load: items of {@code itemKb} at {@code rate} writes per second, rewriting
 * {@code items} distinct items.
 *
 * <p>The lab always offers the same write units per second ({@link #LAB_UNITS}: twice one partition's limit for the
 * single key, 20 per shard over 100 shards, the figure {@link ShardPlacement} judges), but not always in the same
 * writes: one write unit per KB, so 2,000 units per second are 125 writes of 16 KB or 31 of 64 KB. On the local target
 * every admitted write costs this machine a fixed amount of work whatever its size (measured: DynamoDB Local hands
 * each write to its single SQLite thread several times, and on a busy machine every hand-over waits for a core), while
 * a throttled one is answered by the gateway before DynamoDB Local sees it. So a machine too busy to serve 62 writes
 * of 16 KB per second, one partition's limit, can still serve 16 of 64 KB, and push one key past its limit with them.
 */
public record LoadSize(int itemKb, double rate, int items) {
    /** Write units per second that both runs offer. */
    public static final double LAB_UNITS = 2 * DynamoDbLimits.PARTITION_WRITE_UNITS_PER_SECOND;
    /**
     * The item sizes a calibration chooses from, smallest (most writes, smoothest figures) first. No larger: a write of
     * 128 KB or more takes an eighth of a partition's second at once, and a busy machine's stalls send writes in
     * clumps, so the sharded run met throttles too (measured: 3.8% of first attempts at 256 KB, 0% at 64 KB).
     */
    public static final int[] ITEM_KB_STEPS = {16, 32, 64};
    /**
     * How many times one partition's limit, in writes per second, the machine must serve for a size to be chosen. The
     * sharded run sends every write to DynamoDB Local, twice the limit, and must get past the limit for its contrast
     * with the single key to mean anything; a build on the same cores comes and goes. At 2 the sharded run of a
     * machine that slowed down after the calibration fell under the limit (measured: 24 of the 31 writes/s needed).
     */
    public static final double HEADROOM = 3;
    /** About this much data per run (500 items of 16 KB), so larger items mean fewer of them. */
    static final long DATA_KB = 8_000;
    static final int SMALL_ITEM_COUNT = 500;

    /** The lab's load in items of {@code itemKb}: {@link #LAB_UNITS} per second. */
    public static LoadSize of(int itemKb, int shards) {
        return new LoadSize(itemKb, LAB_UNITS / itemKb, defaultItems(itemKb, shards));
    }

    /**
     * The smallest item size of {@link #ITEM_KB_STEPS} whose partition limit, in writes per second, times
     * {@link #HEADROOM} this machine served; the largest when it served less than any needs.
     *
     * @param served writes per second of 16 KB this machine completed in a calibration
     */
    public static int itemKbFor(double served) {
        for (int kb : ITEM_KB_STEPS) {
            if (partitionWritesPerSecond(kb) * HEADROOM <= served) return kb;
        }
        return ITEM_KB_STEPS[ITEM_KB_STEPS.length - 1];
    }

    /** Writes per second of {@code itemKb} that one partition takes: 62.5 of 16 KB. */
    public static double partitionWritesPerSecond(double itemKb) {
        return DynamoDbLimits.PARTITION_WRITE_UNITS_PER_SECOND / itemKb;
    }

    /**
     * Distinct items the load rewrites: 500 of 16 KB or less (as the lab always had), else about {@link #DATA_KB} of
     * data. A multiple of the shard count, so that every shard gets the same share of the writes (item i goes to
     * shard i mod shards), as {@link ShardPlacement} assumes.
     */
    public static int defaultItems(int itemKb, int shards) {
        if (itemKb <= 16) return SMALL_ITEM_COUNT;
        long wanted = DATA_KB / itemKb;
        return (int) Math.max(shards, wanted / shards * shards);
    }

    public double units() {
        return rate * itemKb;
    }
}
