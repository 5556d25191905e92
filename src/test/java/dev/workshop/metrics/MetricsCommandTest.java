package dev.workshop.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import dev.workshop.gateway.CapacityFilterTest;
import dev.workshop.model.AttendeeId;
import dev.workshop.target.LocalHome;
import dev.workshop.target.LocalServer;
import dev.workshop.target.LocalTarget;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;

class MetricsCommandTest {
    @Test
    void showsThePersonalTablesThrottlesAndConsumptionPerMinute() {
        AttendeeId id = AttendeeId.of(TestSupport.randomId("m"));
        String table = id.personalTable();
        try (DynamoDbClient c = CapacityFilterTest.client(TestSupport.server().endpoint(), false, null)) {
            c.createTable(b -> b.tableName(table).billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("PK").attributeType("S"), a -> a.attributeName("SK").attributeType("S"))
                    .keySchema(k -> k.attributeName("PK").keyType("HASH"), k -> k.attributeName("SK").keyType("RANGE")));
            // 350 KB items: a partition's second holds two or three, so this loop meets a throttle within a few puts.
            assertThrows(ProvisionedThroughputExceededException.class, () -> {
                for (int i = 0; i < 50; i++) c.putItem(b -> b.tableName(table).item(CapacityFilterTest.bigItem("hot", 0)));
            });
        }
        TestSupport.Result r = TestSupport.run("metrics", "--id", id.value(), "--shared-table", TestSupport.randomTable(), "--minutes", "5");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("Target: local"), r.out());
        assertTrue(r.out().contains("Metrics from local gateway (this process), last 5 minute(s)"), r.out());
        assertTrue(r.out().contains(table), r.out());
        assertTrue(r.out().contains("ThrottledRequests") && r.out().contains("WriteKeyRangeThroughputThrottleEvents") && r.out().contains("ConsumedRead/WriteCapacityUnits"), r.out());
        assertTrue(r.out().contains("# ConsumedWriteCapacityUnits (full bar = "), r.out());
        assertTrue(r.out().contains("! WriteThrottleEvents (full bar = 1)"), r.out());
        assertTrue(r.out().contains("on demand (us-east-1 on-demand"), r.out());
        assertEquals("", r.err());
    }

    @Test
    void aClientOfAnotherProcesssServerReadsTheStoreFile() throws Exception {
        Path home = Files.createTempDirectory("ws-home");
        Path file = LocalHome.dataDir(home).resolve(LocalServer.METRICS_FILE);
        Instant now = Instant.now();
        try (MetricsStore owner = MetricsStore.persistent(file)) {
            owner.add(now, "ws-att-zed", null, "PutItem", MetricNames.WRITE_THROTTLE_EVENTS, 7);
        }
        LocalHome.Lease clientLease = new LocalHome.Lease() {
            @Override
            public URI endpoint() {
                return URI.create("http://127.0.0.1:1");
            }

            @Override
            public boolean owner() {
                return false;
            }

            @Override
            public LocalServer server() {
                return null;
            }

            @Override
            public void close() {}
        };
        try (LocalTarget client = new LocalTarget(clientLease, home)) {
            MetricsSource source = MetricsSources.forTarget(client, home);
            assertTrue(source.describe().contains(file.toString()), source.describe());
            assertEquals(7.0, source.series("ws-att-zed", null, MetricNames.WRITE_THROTTLE_EVENTS, now.minusSeconds(60), now.plusSeconds(60))
                    .values().stream().mapToDouble(Double::doubleValue).sum());
        }
    }

    @Test
    void rejectsAWindowOutOfRange() {
        TestSupport.Result r = TestSupport.run("metrics", "--id", "alice", "--minutes", "0", "--shared-table", TestSupport.randomTable());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--minutes 0 is out of range: minutes from 1 to 1,440"), r.err());
    }
}
