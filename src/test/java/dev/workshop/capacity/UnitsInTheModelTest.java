package dev.workshop.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Item size and transactions change how many requests one partition key can take.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
 * "if the table has an item size of 20 KB, a single consistent read operation will consume 5 read units ...
 * 600 consistent read operations per second on that single item before reaching the partition limits."
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/bp-partition-key-design.html
 */
class UnitsInTheModelTest {
    private static final TableSpec TABLE = TableSpec.onDemand("ws-units");

    @Test
    void transactionalWritesDoubleTheCostSoOneKeyTakesHalfAsMany() {
        Workload plain = Workload.writes("ws-units", 600, 1_000, 1, Duration.ofSeconds(60));

        assertEquals(0, Simulation.run(TABLE, plain).total().throttled());
        SimulationResult transactional = Simulation.run(TABLE, plain.asTransactional());
        // 2 units each against 1,000 per second: 500 requests per second, once the partition's saved second
        // (spent at 200 units/s over the limit) is gone after 5 s.
        assertEquals(500, transactional.between(6, 60).admitted() / 54.0, 2);
    }

    @Test
    void aTwentyKilobyteItemAllowsSixHundredStrongReadsPerSecondOnOneKey() {
        SimulationResult result = Simulation.run(TABLE,
                Workload.reads("ws-units", 800, 20 * 1024, Consistency.STRONG, 1, Duration.ofSeconds(60)));

        assertEquals(600, result.between(3, 60).admitted() / 57.0, 6);
    }

    @Test
    void aByteOverFourKilobytesDoublesTheReadCost() {
        SimulationResult small = Simulation.run(TABLE,
                Workload.reads("ws-units", 2_800, 4_096, Consistency.STRONG, 1, Duration.ofSeconds(30)));
        SimulationResult large = Simulation.run(TABLE,
                Workload.reads("ws-units", 2_800, 4_097, Consistency.STRONG, 1, Duration.ofSeconds(30)));

        assertEquals(0, small.total().throttled());
        assertEquals(1_500, large.between(3, 30).admitted() / 27.0, 15);
    }

    @Test
    void eventuallyConsistentReadsGoTwiceAsFar() {
        SimulationResult result = Simulation.run(TABLE,
                Workload.reads("ws-units", 5_800, 4_000, Consistency.EVENTUAL, 1, Duration.ofSeconds(30)));

        assertEquals(0, result.total().throttled());
        assertTrue(result.total().consumedUnits() <= 30 * 2_900 + 1);
    }
}
