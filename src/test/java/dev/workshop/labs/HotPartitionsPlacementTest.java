package dev.workshop.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.capacity.DynamoDbLimits;
import dev.workshop.labs.hot.ShardPlacement;
import org.junit.jupiter.api.Test;

/**
 * The arithmetic behind hot-partitions' promise on AWS: with the lab's default load, at least 99.9% of attendees'
 * sharded runs stay below 90% of every partition's limit wherever the shard keys hash to, and the single-key run
 * always exceeds it. A new on-demand table has at least 4 partitions (4,000 WCU/s warm throughput over 1,000 per
 * partition); fewer partitions is the worse case, so that is the case judged.
 */
class HotPartitionsPlacementTest {
    static final int NEW_TABLE_PARTITIONS = (int) (DynamoDbLimits.NEW_ON_DEMAND_WRITE_UNITS_PER_SECOND
            / DynamoDbLimits.PARTITION_WRITE_UNITS_PER_SECOND);
    static final double DEFAULT_UNITS_PER_SECOND = HotPartitionsLab.Options.DEFAULT_RATE * HotPartitionsLab.Options.DEFAULT_ITEM_KB;

    @Test
    void exactOnSmallCasesWorkedByHand() {
        // 2 keys on 2 partitions: both on one with probability 1/2.
        assertEquals(0.5, ShardPlacement.someoneGetsAtLeast(2, 2, 2), 1e-12);
        // 3 keys on 2 partitions: some partition always gets 2; all 3 on one with probability 2/8.
        assertEquals(1.0, ShardPlacement.someoneGetsAtLeast(3, 2, 2), 1e-12);
        assertEquals(0.25, ShardPlacement.someoneGetsAtLeast(3, 2, 3), 1e-12);
        // 4 keys on 4 partitions: all on different partitions with probability 4!/4^4.
        assertEquals(1 - 24.0 / 256, ShardPlacement.someoneGetsAtLeast(4, 4, 2), 1e-12);
    }

    @Test
    void theOldTenShardsReachedTheLimitForAboutOneAttendeeInThree() {
        // 10 shards of 200 WCU/s: five or more on one partition is >= 1,000 WCU/s (the 8% + 23%).
        assertEquals(0.311, ShardPlacement.someoneGetsAtLeast(10, NEW_TABLE_PARTITIONS, 5), 0.001);
    }

    @Test
    void theLabsDefaultShardingHoldsForAtLeast999In1000Attendees() {
        assertEquals(2000, DEFAULT_UNITS_PER_SECOND); // 125 writes/s of 16 KB
        int shards = HotPartitionsLab.Options.DEFAULT_SHARDS;
        double margin = 0.9 * DynamoDbLimits.PARTITION_WRITE_UNITS_PER_SECOND;
        double fail = ShardPlacement.overloadProbability(DEFAULT_UNITS_PER_SECOND, shards, NEW_TABLE_PARTITIONS, margin);
        // 100 shards of 20 WCU/s: 46 or more of them on one of 4 partitions; about 1.7e-5.
        assertTrue(fail <= 0.001, "share of attendees whose sharded run could reach 90% of a partition: " + fail);
        assertEquals(1.7e-5, fail, 0.1e-5);
        // a table that has more partitions only spreads the shards more thinly
        assertTrue(ShardPlacement.overloadProbability(DEFAULT_UNITS_PER_SECOND, shards, 2 * NEW_TABLE_PARTITIONS, margin) < fail);
    }

    @Test
    void theSingleKeyRunAlwaysExceedsAPartitionsLimit() {
        assertTrue(DEFAULT_UNITS_PER_SECOND >= 1.5 * DynamoDbLimits.PARTITION_WRITE_UNITS_PER_SECOND,
                "one key gets all " + DEFAULT_UNITS_PER_SECOND + " WCU/s, wherever it lands");
        assertEquals(1.0, ShardPlacement.overloadProbability(DEFAULT_UNITS_PER_SECOND, 1, NEW_TABLE_PARTITIONS,
                DynamoDbLimits.PARTITION_WRITE_UNITS_PER_SECOND));
    }
}
