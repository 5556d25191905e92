package dev.workshop.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * Adaptive capacity, in simulated time. The documented behaviour: "DynamoDB adaptive capacity enables your
 * application to continue reading and writing to hot partitions without being throttled, provided that traffic does
 * not exceed your table's total provisioned capacity or the partition maximum capacity."
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/burst-adaptive-capacity.html
 * The page gives no warm-up delay (the 5-30 minute delay of older versions of the page is gone), so the model
 * applies it at once. Isolating frequently accessed items onto partitions of their own is not modelled.
 *
 * <p>The table: provisioned 2,000 RCU and 2,000 WCU, so ceil(2000/3000 + 2000/1000) = 3 partitions, whose even share
 * of the writes would be 667 WCU/s each.
 */
class AdaptiveCapacityTest {
    private static final TableSpec TABLE = TableSpec.provisioned("ws-adaptive", 2_000, 2_000);

    private static SimulationResult run(Workload w) {
        SimulatedClock clock = new SimulatedClock();
        CapacityModel model = new CapacityModel(clock);
        model.defineTable(TABLE);
        assertEquals(3, model.partitionCount("ws-adaptive", null));
        return Simulation.run(model, clock, w);
    }

    @Test
    void aHotPartitionTakesMoreThanItsShareForAsLongAsItRuns() {
        // 900 WCU/s on one key for ten minutes: above the even share of 667, below the partition's 1,000 and the
        // table's 2,000. Adaptive capacity serves all of it, from the first second to the last.
        SimulationResult r = run(Workload.writes("ws-adaptive", 900, 1_000, 1, Duration.ofMinutes(10)));
        assertEquals(0, r.total().throttled(), r.total().toString());
        assertEquals(900L * 600, r.total().admitted());
        assertEquals(0, r.between(0, 1).throttled(), "no warm-up: the first second is served too");
    }

    @Test
    void butNeverPastThePartitionMaximum() {
        // 1,200 WCU/s on one key: the partition maximum of 1,000 holds though the table has 2,000.
        SimulationResult r = run(Workload.writes("ws-adaptive", 1_200, 1_000, 1, Duration.ofSeconds(120)));
        SimulationResult.Interval late = r.between(10, 120);
        assertTrue(late.admitted() >= 110 * 990 && late.admitted() <= 110 * 1_010, "about 1,000/s admitted: " + late);
        assertTrue(late.throttled() > 0, late.toString());
        assertEquals(Map.of("TableWriteKeyRangeThroughputExceeded", r.total().throttled()), r.reasonCounts());
    }

    @Test
    void norPastTheTablesTotal() {
        // 2,700 WCU/s over 30 keys (about 900 per partition): every partition is under its maximum, the table over
        // its 2,000. The table's budget (burst included) is what throttles.
        SimulationResult r = run(Workload.writes("ws-adaptive", 2_700, 1_000, 30, Duration.ofSeconds(300)));
        SimulationResult.Interval late = r.between(30, 300);
        assertTrue(late.admitted() >= 270 * 1_980 && late.admitted() <= 270 * 2_020, "about 2,000/s admitted: " + late);
        assertTrue(r.reasonCounts().getOrDefault("TableWriteProvisionedThroughputExceeded", 0L) > 0, r.reasonCounts().toString());
    }
}
