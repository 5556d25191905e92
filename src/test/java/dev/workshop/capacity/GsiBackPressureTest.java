package dev.workshop.capacity;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/**
 * "If a GSI doesn't have sufficient capacity to handle these updates, DynamoDB throttles writes to the base
 * table"; each GSI has its own partitions; the exception's ResourceArn points at the GSI. Hot GSI partition:
 * ThrottlingException with IndexWriteKeyRangeThroughputExceeded; under-provisioned GSI:
 * ProvisionedThroughputExceededException with IndexWriteProvisionedThroughputExceeded.
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/gsi-throttling.html
 */
class GsiBackPressureTest {
    private static final String NAME = "ws-shared";
    private static final TableSpec TABLE = TableSpec.onDemand(NAME, "byStatus");

    @Test
    void aHotGsiPartitionThrottlesWellSpreadBaseTableWrites() {
        // 1,000 base keys (spread), all with the same GSI key (status = OPEN): the GSI partition is the limit.
        SimulationResult result = Simulation.run(TABLE,
                Workload.writes(NAME, 2_000, 500, 1_000, Duration.ofSeconds(60)).alsoWriting("byStatus", 1));

        SimulationResult.Interval steady = result.between(2, 60);
        assertEquals(1_000, steady.admitted() / 58.0, 10);
        assertEquals(Map.of("IndexWriteKeyRangeThroughputExceeded", result.total().throttled()), result.reasonCounts());

        SimulationResult withoutGsi = Simulation.run(TABLE, Workload.writes(NAME, 2_000, 500, 1_000, Duration.ofSeconds(60)));
        assertEquals(0, withoutGsi.total().throttled());
    }

    @Test
    void theThrottleNamesTheIndexAndIsAThrottlingException() {
        CapacityModel model = new CapacityModel(new SimulatedClock());
        model.defineTable(TABLE);
        // One earlier write used up the GSI partition of ATT#a#OPEN for this second.
        assertTrue(model.admit(Access.write(NAME, "ATT#a#y", 1, new IndexWrite("byStatus", "ATT#a#OPEN", 1_000))).admitted());
        Decision refused = model.admit(Access.write(NAME, "ATT#a#x", 1, new IndexWrite("byStatus", "ATT#a#OPEN", 1)));

        assertEquals(ErrorType.THROTTLING, refused.errorType());
        assertEquals(List.of(new ThrottlingReason("IndexWriteKeyRangeThroughputExceeded",
                "arn:aws:dynamodb:ddblocal:000000000000:table/ws-shared/index/byStatus")), refused.reasons());
        // The refused write consumed nothing on the base table: its partition still has all but (at most) y's unit.
        assertTrue(model.admit(Access.write(NAME, "ATT#a#x", 999)).admitted());
    }

    @Test
    void anUnderProvisionedGsiThrottlesBaseWritesAsProvisionedThroughput() {
        TableSpec table = new TableSpec("ws-prov", BillingMode.PROVISIONED, 1_000, 1_000,
                DynamoDbLimits.NO_MAXIMUM, DynamoDbLimits.NO_MAXIMUM, List.of(IndexSpec.provisioned("byOwner", 100, 100)));
        SimulationResult result = Simulation.run(table,
                Workload.writes("ws-prov", 500, 1_000, 1_000, Duration.ofSeconds(60)).alsoWriting("byOwner", 1_000));

        SimulationResult.Interval steady = result.between(2, 60);
        assertEquals(100, steady.admitted() / 58.0, 2);
        assertEquals(Map.of("IndexWriteProvisionedThroughputExceeded", result.total().throttled()), result.reasonCounts());

        CapacityModel model = new CapacityModel(new SimulatedClock());
        model.defineTable(table);
        assertTrue(model.admit(Access.write("ws-prov", "k", 1, new IndexWrite("byOwner", "o", 100))).admitted());
        Decision refused = model.admit(Access.write("ws-prov", "k", 1, new IndexWrite("byOwner", "o", 1)));
        assertEquals(ErrorType.PROVISIONED_THROUGHPUT_EXCEEDED, refused.errorType());
    }

    @Test
    void gsiReadsUseTheGsiPartitionsOnly() {
        CapacityModel model = new CapacityModel(new SimulatedClock());
        model.defineTable(TABLE);
        assertTrue(model.admit(Access.readIndex(NAME, "byStatus", "ATT#a#OPEN", 3_000)).admitted());
        Decision refused = model.admit(Access.readIndex(NAME, "byStatus", "ATT#a#OPEN", 1));

        assertEquals("IndexReadKeyRangeThroughputExceeded", refused.reasons().get(0).reason());
        assertTrue(refused.resource().endsWith("table/ws-shared/index/byStatus"));
        // The base table's partitions were not touched.
        assertTrue(model.admit(Access.read(NAME, "ATT#a#OPEN", 3_000, Consistency.STRONG)).admitted());
    }
}
