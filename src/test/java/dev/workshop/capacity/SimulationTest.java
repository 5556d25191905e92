package dev.workshop.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

class SimulationTest {

    @Test
    void tenMinutesAtTenThousandRequestsPerSecondGivesAPerMinuteSeries() {
        // The --simulate case. Its speed is measured apart from the tests; here, the shape and the numbers.
        SimulationResult result = Simulation.run(TableSpec.onDemand("ws-sim"),
                Workload.writes("ws-sim", 10_000, 1_000, 8, Duration.ofMinutes(10)));

        List<SimulationResult.Interval> minutes = result.perMinute();
        assertEquals(10, minutes.size());
        assertEquals(600, result.perSecond().size());
        for (SimulationResult.Interval minute : minutes) {
            assertEquals(600_000, minute.attempted());
            assertEquals(minute.attempted(), minute.admitted() + minute.throttled());
            assertEquals(minute.admitted(), minute.consumedUnits(), 1e-6);
        }
        // 8 keys on a new table's 4 partitions can never take more than 4,000 units a second.
        SimulationResult.Interval last = minutes.get(9);
        assertTrue(last.admitted() <= 60 * 4_000, "admitted " + last.admitted());
        assertTrue(last.throttled() >= 600_000 - 60 * 4_000, "throttled " + last.throttled());
    }

    @Test
    void requestsAreEvenlySpacedAndTheClockEndsAtTheDuration() {
        SimulatedClock clock = new SimulatedClock(5_000_000_000L);
        CapacityModel model = new CapacityModel(clock);
        model.defineTable(TableSpec.onDemand("ws-sim"));

        SimulationResult result = Simulation.run(model, clock, Workload.writes("ws-sim", 3, 100, 1, Duration.ofSeconds(4)));

        assertEquals(9_000_000_000L, clock.getAsLong());
        for (SimulationResult.Interval second : result.perSecond()) {
            assertEquals(3, second.attempted());
        }
    }
}
