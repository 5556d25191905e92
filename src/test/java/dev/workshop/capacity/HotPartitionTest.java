package dev.workshop.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.HashSet;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * "every partition in a DynamoDB table is designed to deliver a maximum capacity of 3,000 read units per second
 * and 1,000 write units per second" and a single partition key value lives on one partition.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html
 * Reason and exception: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/throttling-diagnosing-workflow.html
 */
class HotPartitionTest {
    private static final TableSpec TABLE = TableSpec.onDemand("ws-att-alice");

    @Test
    void oneKeySustainsAboutOneThousandWritesPerSecondAndThrottlesTheRest() {
        SimulationResult result = Simulation.run(TABLE, Workload.writes("ws-att-alice", 1_500, 800, 1, Duration.ofSeconds(60)));

        SimulationResult.Interval total = result.total();
        assertEquals(90_000, total.attempted());
        // 1,000 per second, plus the one second a partition can hold when the run starts.
        assertTrue(total.admitted() >= 60_000 && total.admitted() <= 61_100, "admitted " + total.admitted());
        assertEquals(total.attempted() - total.admitted(), total.throttled());
        // The second a partition holds is spent over the first two seconds; after that, the limit alone.
        for (SimulationResult.Interval second : result.perSecond().subList(2, 60)) {
            assertTrue(second.consumedUnits() >= 990 && second.consumedUnits() <= 1_010, "second " + second);
        }
        assertEquals(Map.of("TableWriteKeyRangeThroughputExceeded", total.throttled()), result.reasonCounts());
    }

    @Test
    void theSameLoadOverEightKeysIsNotThrottled() {
        SimulationResult result = Simulation.run(TABLE, Workload.writes("ws-att-alice", 1_500, 800, 8, Duration.ofSeconds(60)));

        assertEquals(90_000, result.total().admitted());
        assertEquals(0, result.total().throttled());
        // The spread comes from the keys landing on different partitions of the new table's four.
        CapacityModel model = new CapacityModel(new SimulatedClock());
        model.defineTable(TABLE);
        Set<Integer> partitions = new HashSet<>();
        for (int k = 0; k < 8; k++) {
            partitions.add(model.partitionOf("ws-att-alice", null, "key-" + k));
        }
        assertTrue(partitions.size() >= 3, "8 keys on partitions " + partitions);
    }

    @Test
    void aThrottledHotKeyNamesTheTableAndItsExceptionType() {
        SimulatedClock clock = new SimulatedClock();
        CapacityModel model = new CapacityModel(clock);
        model.defineTable(TABLE);
        Access write = Access.write("ws-att-alice", "ATT#alice#HOT", 1);
        for (int i = 0; i < 1_000; i++) {
            assertTrue(model.admit(write).admitted(), "write " + i);
        }
        Decision refused = model.admit(write);

        assertTrue(refused.throttled());
        assertEquals(ErrorType.PROVISIONED_THROUGHPUT_EXCEEDED, refused.errorType());
        assertEquals("com.amazonaws.dynamodb.v20120810#ProvisionedThroughputExceededException", refused.errorType().awsType());
        assertEquals(new ThrottlingReason("TableWriteKeyRangeThroughputExceeded",
                "arn:aws:dynamodb:ddblocal:000000000000:table/ws-att-alice"), refused.reasons().get(0));
        // A millisecond later one unit has come back.
        clock.advance(Duration.ofMillis(1));
        assertTrue(model.admit(write).admitted());
        assertTrue(model.admit(write).throttled());
    }

    @Test
    void oneKeySustainsAboutThreeThousandStronglyConsistentReadsPerSecond() {
        SimulationResult result = Simulation.run(TABLE,
                Workload.reads("ws-att-alice", 4_000, 4_000, Consistency.STRONG, 1, Duration.ofSeconds(30)));

        SimulationResult.Interval steady = result.between(3, 30); // the saved second is spent by then
        assertTrue(steady.consumedUnits() >= 27 * 2_990 && steady.consumedUnits() <= 27 * 3_010, "steady " + steady);
        assertEquals(Map.of("TableReadKeyRangeThroughputExceeded", result.total().throttled()), result.reasonCounts());
    }

    @Test
    void readsAndWritesOfOnePartitionAreLimitedSeparately() {
        // "a partition may throttle reads while writes continue normally, or vice versa"
        // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/throttling-key-range-limit-exceeded-mitigation.html
        SimulatedClock clock = new SimulatedClock();
        CapacityModel model = new CapacityModel(clock);
        model.defineTable(TABLE);
        assertTrue(model.admit(Access.write("ws-att-alice", "k", 1_000)).admitted());
        assertTrue(model.admit(Access.write("ws-att-alice", "k", 1)).throttled());
        assertTrue(model.admit(Access.read("ws-att-alice", "k", 3_000, Consistency.STRONG)).admitted());
    }
}
