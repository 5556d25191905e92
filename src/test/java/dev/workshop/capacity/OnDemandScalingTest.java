package dev.workshop.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * "New on-demand tables will be able to sustain up to 4,000 writes per second and 12,000 reads per second",
 * "throttling can still occur if throughput exceeds double the previous peak within the same 30 minutes."
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/pre-warming-on-demand-capacity-mode.html
 * "On-demand capacity mode instantly accommodates up to double the previous peak traffic on a table."
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode.html
 */
class OnDemandScalingTest {
    private static final String NAME = "ws-att-bob";
    private static final TableSpec TABLE = TableSpec.onDemand(NAME);
    // Many keys, so that what limits the table is its partitions and not one hot key.
    private static final int KEYS = 10_000;

    @Test
    void aNewTableHasPartitionsForFourThousandWritesAndTwelveThousandReads() {
        CapacityModel model = new CapacityModel(new SimulatedClock());
        model.defineTable(TABLE);

        assertEquals(4, model.partitionCount(NAME, null)); // 4,000 / 1,000 = 12,000 / 3,000 = 4

        SimulationResult writes = Simulation.run(TABLE, Workload.writes(NAME, 3_500, 1_000, KEYS, Duration.ofSeconds(60)));
        assertEquals(0, writes.total().throttled());
        SimulationResult reads = Simulation.run(TABLE,
                Workload.reads(NAME, 10_000, 4_000, Consistency.STRONG, KEYS, Duration.ofSeconds(60)));
        assertEquals(0, reads.total().throttled());
    }

    @Test
    void aNewTableThrottlesWellAboveFourThousandWrites() {
        SimulationResult result = Simulation.run(TABLE, Workload.writes(NAME, 6_000, 1_000, KEYS, Duration.ofSeconds(60)));

        SimulationResult.Interval steady = result.between(2, 60);
        double perSecond = steady.consumedUnits() / 58;
        // About the four partitions' 4,000 (a little over while lightly loaded partitions spend their saved
        // second, a little under because keys never spread perfectly evenly); far below the 6,000 offered.
        assertTrue(perSecond > 3_500 && perSecond <= 4_050, "consumed per second " + perSecond);
        assertEquals(Map.of("TableWriteKeyRangeThroughputExceeded", result.total().throttled()), result.reasonCounts());
    }

    @Test
    void afterThirtyMinutesThePreviousPeakCanBeDoubled() {
        SimulatedClock clock = new SimulatedClock();
        CapacityModel model = new CapacityModel(clock);
        model.defineTable(TABLE);

        SimulationResult warmUp = Simulation.run(model, clock, Workload.writes(NAME, 3_500, 1_000, KEYS, Duration.ofMinutes(29)));
        assertEquals(0, warmUp.total().throttled());
        assertEquals(4, model.partitionCount(NAME, null), "still within the same 30 minutes");

        Simulation.run(model, clock, Workload.writes(NAME, 3_500, 1_000, KEYS, Duration.ofMinutes(3)));
        assertEquals(3_500, model.previousPeak(NAME, null, Operation.WRITE), 1);
        assertEquals(7, model.partitionCount(NAME, null)); // double 3,500 at 1,000 per partition

        SimulationResult doubled = Simulation.run(model, clock, Workload.writes(NAME, 6_000, 1_000, KEYS, Duration.ofSeconds(60)));
        assertEquals(0, doubled.total().throttled());
    }

    @Test
    void scaledOutCapacityStaysAfterTrafficStops() {
        SimulatedClock clock = new SimulatedClock();
        CapacityModel model = new CapacityModel(clock);
        model.defineTable(TABLE);
        Simulation.run(model, clock, Workload.writes(NAME, 3_500, 1_000, KEYS, Duration.ofMinutes(1)));
        clock.advance(Duration.ofDays(3));

        // "Once your on-demand table is scaled out, you can instantly achieve the same throughput again"
        assertEquals(7, model.partitionCount(NAME, null));
        SimulationResult again = Simulation.run(model, clock, Workload.writes(NAME, 6_000, 1_000, KEYS, Duration.ofSeconds(30)));
        assertEquals(0, again.total().throttled());
    }

    @Test
    void maximumOnDemandThroughputThrottlesWithThrottlingException() {
        // "throughput requests that exceed the maximum amount specified will be throttled"
        // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/on-demand-capacity-mode-max-throughput.html
        TableSpec capped = TableSpec.onDemand("ws-capped").withMaxOnDemand(DynamoDbLimits.NO_MAXIMUM, 500);
        SimulationResult result = Simulation.run(capped, Workload.writes("ws-capped", 800, 1_000, 100, Duration.ofSeconds(60)));

        SimulationResult.Interval steady = result.between(2, 60);
        assertEquals(500, steady.consumedUnits() / 58, 5);
        assertEquals(Map.of("TableWriteMaxOnDemandThroughputExceeded", result.total().throttled()), result.reasonCounts());

        CapacityModel model = new CapacityModel(new SimulatedClock());
        model.defineTable(capped);
        assertTrue(model.admit(Access.write("ws-capped", "a", 500)).admitted());
        Decision refused = model.admit(Access.write("ws-capped", "b", 1));
        // Example 2 of https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/throttling-diagnosing-workflow.html
        assertEquals(ErrorType.THROTTLING, refused.errorType());
        // Reads have no maximum here.
        assertTrue(model.admit(Access.read("ws-capped", "b", 2_000, Consistency.STRONG)).admitted());
    }
}
