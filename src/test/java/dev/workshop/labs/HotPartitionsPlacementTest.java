package dev.workshop.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.capacity.DynamoDbLimits;
import dev.workshop.labs.hot.LoadSize;
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
    static final double DEFAULT_UNITS_PER_SECOND = LoadSize.LAB_UNITS;

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
        assertEquals(2000, DEFAULT_UNITS_PER_SECOND); // 125 writes/s of 16 KB, or 31.25 of 64 KB
        assertEquals(DEFAULT_UNITS_PER_SECOND, HotPartitionsLab.Options.DEFAULT_RATE * HotPartitionsLab.Options.DEFAULT_ITEM_KB);
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
    void everyItemSizeTheCalibrationCanChooseOffersTheSameUnitsSoTheArithmeticHolds() {
        for (int kb : LoadSize.ITEM_KB_STEPS) {
            LoadSize load = LoadSize.of(kb, HotPartitionsLab.Options.DEFAULT_SHARDS);
            assertEquals(DEFAULT_UNITS_PER_SECOND, load.units(), 1e-9, kb + " KB");
            // every shard gets the same share of the writes (item i goes to shard i mod 100), as the placement assumes
            assertEquals(0, load.items() % HotPartitionsLab.Options.DEFAULT_SHARDS, kb + " KB: " + load.items() + " items");
            assertTrue(ShardPlacement.overloadProbability(load.units(), HotPartitionsLab.Options.DEFAULT_SHARDS, NEW_TABLE_PARTITIONS,
                    0.9 * DynamoDbLimits.PARTITION_WRITE_UNITS_PER_SECOND) <= 0.001, kb + " KB");
        }
        assertEquals(500, LoadSize.of(16, 100).items());
        assertEquals(200, LoadSize.of(32, 100).items());
        assertEquals(100, LoadSize.of(64, 100).items());
    }

    @Test
    void theCalibrationPicksTheSmallestItemsThisMachineServesThreeTimesAPartitionsLimitOf() {
        // a partition takes 62.5 writes/s of 16 KB, 31.25 of 32 KB, 15.625 of 64 KB
        assertEquals(16, LoadSize.itemKbFor(190));
        assertEquals(16, LoadSize.itemKbFor(187.5));
        assertEquals(32, LoadSize.itemKbFor(187));
        assertEquals(32, LoadSize.itemKbFor(93.75));
        assertEquals(64, LoadSize.itemKbFor(93));
        // the largest when the machine serves less than any needs: the run then says whether it could show the lesson
        assertEquals(64, LoadSize.itemKbFor(10));
        assertEquals(64, LoadSize.itemKbFor(0));
    }

    @Test
    void theCalibrationReadsTheMedianOfTheSecondsAfterTheWarmUp() {
        assertEquals(150, HotPartitionsLab.served(new long[] {20, 140, 150, 190, 40}, 4));
        assertEquals(145, HotPartitionsLab.served(new long[] {20, 140, 150}, 3));
        assertEquals(20, HotPartitionsLab.served(new long[] {20}, 4));
        assertEquals(0, HotPartitionsLab.served(new long[] {}, 4));
    }

    @Test
    void theSingleKeyRunAlwaysExceedsAPartitionsLimit() {
        assertTrue(DEFAULT_UNITS_PER_SECOND >= 1.5 * DynamoDbLimits.PARTITION_WRITE_UNITS_PER_SECOND,
                "one key gets all " + DEFAULT_UNITS_PER_SECOND + " WCU/s, wherever it lands");
        assertEquals(1.0, ShardPlacement.overloadProbability(DEFAULT_UNITS_PER_SECOND, 1, NEW_TABLE_PARTITIONS,
                DynamoDbLimits.PARTITION_WRITE_UNITS_PER_SECOND));
    }
}
