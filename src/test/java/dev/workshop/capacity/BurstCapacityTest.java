package dev.workshop.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * "DynamoDB currently retains up to five minutes (300 seconds) of unused read and write capacity."
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/burst-adaptive-capacity.html
 * Worked example (150 RCU idle for 5 minutes: 45,000 units of burst; 200 RCU then lasts 900 s):
 * https://repost.aws/knowledge-center/dynamodb-spiky-workloads-short-intervals
 */
class BurstCapacityTest {
    private static final TableSpec TABLE = TableSpec.provisioned("ws-prov", 100, 100);

    @Test
    void burstAbsorbsAShortSpikeAfterIdleTime() {
        SimulatedClock clock = new SimulatedClock();
        CapacityModel model = new CapacityModel(clock);
        model.defineTable(TABLE);
        clock.advance(Duration.ofSeconds(300));

        // 200 WCU/s for 60 s is 6,000 units over the provisioned 100/s: well inside 30,000 saved units.
        SimulationResult spike = Simulation.run(model, clock, Workload.writes("ws-prov", 200, 1_000, 50, Duration.ofSeconds(60)));

        assertEquals(12_000, spike.total().admitted());
        assertEquals(0, spike.total().throttled());
    }

    @Test
    void burstRunsOutDuringALongSpike() {
        SimulatedClock clock = new SimulatedClock();
        CapacityModel model = new CapacityModel(clock);
        model.defineTable(TABLE);
        clock.advance(Duration.ofSeconds(300));

        SimulationResult spike = Simulation.run(model, clock, Workload.writes("ws-prov", 200, 1_000, 50, Duration.ofSeconds(600)));

        // 100/s for 600 s plus the 30,000 saved units (100 WCU x 300 s); the saving lasts 30,000 / (200 - 100) = 300 s.
        SimulationResult.Interval total = spike.total();
        assertTrue(total.admitted() >= 89_500 && total.admitted() <= 90_500, "admitted " + total.admitted());
        assertEquals(0, spike.between(0, 295).throttled());
        SimulationResult.Interval late = spike.between(310, 600);
        assertTrue(late.admitted() >= 290 * 99 && late.admitted() <= 290 * 101, "late " + late);
        assertEquals(Map.of("TableWriteProvisionedThroughputExceeded", total.throttled()), spike.reasonCounts());
    }

    @Test
    void withoutIdleTimeThereIsNoBurstToSpend() {
        SimulationResult spike = Simulation.run(TABLE, Workload.writes("ws-prov", 200, 1_000, 50, Duration.ofSeconds(60)));

        assertTrue(spike.total().admitted() <= 100 * 60 + 100, "admitted " + spike.total().admitted());
    }

    @Test
    void savedCapacityIsCappedAtThreeHundredSeconds() {
        SimulatedClock clock = new SimulatedClock();
        CapacityModel model = new CapacityModel(clock);
        model.defineTable(TABLE);
        clock.advance(Duration.ofHours(2));

        SimulationResult spike = Simulation.run(model, clock, Workload.writes("ws-prov", 400, 1_000, 50, Duration.ofSeconds(200)));

        // 100/s x 200 s + 30,000 saved, not two hours' worth.
        assertTrue(spike.total().admitted() >= 49_500 && spike.total().admitted() <= 50_500, "admitted " + spike.total());
    }

    @Test
    void provisionedThrottlingIsAProvisionedThroughputExceededException() {
        SimulatedClock clock = new SimulatedClock();
        CapacityModel model = new CapacityModel(clock);
        model.defineTable(TABLE);
        assertTrue(model.admit(Access.write("ws-prov", "a", 100)).admitted());
        Decision refused = model.admit(Access.write("ws-prov", "b", 1));

        assertEquals(ErrorType.PROVISIONED_THROUGHPUT_EXCEEDED, refused.errorType());
        assertEquals("TableWriteProvisionedThroughputExceeded", refused.reasons().get(0).reason());
        assertEquals("arn:aws:dynamodb:ddblocal:000000000000:table/ws-prov", refused.resource());
    }
}
