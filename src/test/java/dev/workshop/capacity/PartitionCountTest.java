package dev.workshop.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

/**
 * Provisioned: ceil(RCU / 3,000 + WCU / 1,000), the formula from AWS's own talk quoted at
 * https://stackoverflow.com/questions/51240422/how-does-dynamodb-partition-tables ; on-demand: enough for a new
 * table's 12,000 RRU / 4,000 WRU (pre-warming-on-demand-capacity-mode.html).
 */
class PartitionCountTest {

    @Test
    void provisionedPartitionsFollowTheUnits() {
        assertEquals(1, Resource.provisionedPartitions(5, 5));
        assertEquals(1, Resource.provisionedPartitions(1_500, 500));
        assertEquals(2, Resource.provisionedPartitions(3_000, 1_000));
        // 10,000/3,000 + 1,000/1,000 = 4.33: 5 partitions
        assertEquals(5, Resource.provisionedPartitions(10_000, 1_000));
    }

    @Test
    void eachTableAndIndexHasItsOwnPartitions() {
        CapacityModel model = new CapacityModel(new SimulatedClock());
        model.defineTable(TableSpec.onDemand("ws-od", "gsi1"));
        model.defineTable(TableSpec.provisioned("ws-prov", 6_000, 2_000, "gsi1"));
        model.defineTable(TableSpec.provisioned("ws-small", 5, 5)
                .withIndex(IndexSpec.provisioned("big", 3_000, 3_000)));

        assertEquals(4, model.partitionCount("ws-od", null));
        assertEquals(4, model.partitionCount("ws-od", "gsi1"));
        assertEquals(4, model.partitionCount("ws-prov", null));
        assertEquals(4, model.partitionCount("ws-prov", "gsi1"));
        assertEquals(1, model.partitionCount("ws-small", null));
        assertEquals(4, model.partitionCount("ws-small", "big"));
    }

    @Test
    void aKeyAlwaysLandsOnTheSamePartition() {
        CapacityModel first = new CapacityModel(new SimulatedClock());
        CapacityModel second = new CapacityModel(new SimulatedClock());
        first.defineTable(TableSpec.onDemand("t1"));
        second.defineTable(TableSpec.onDemand("t1"));
        for (String key : new String[] {"ATT#a#1", "ATT#b#ORG", "key-7", ""}) {
            assertEquals(first.partitionOf("t1", null, key), second.partitionOf("t1", null, key));
        }
    }
}
