package dev.workshop.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.Machine;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * The local target's SQLite journal (a write-ahead log, synchronous=NORMAL) is really set on DynamoDB Local's
 * connection, and what it promises holds: a workshop process killed mid-bootstrap (SIGKILL, as a crash or a closed
 * Codespace does) leaves a database that opens, and running the same bootstrap again completes every attendee.
 */
@Machine(Machine.Use.SHARED)
class LocalStorageTest {
    @TempDir Path home;

    @Test
    void aServerOnDiskRunsOnAWriteAheadLogAndKeepsItsData() {
        Path data = LocalHome.dataDir(home);
        try (LocalServer server = LocalServer.persistent(data);
             LoopbackTarget target = new LoopbackTarget(Target.Kind.ENDPOINT, server.endpoint(), "test", null)) {
            // Fails when a DynamoDB Local upgrade moves the internals LocalStorage reaches into (it then keeps SQLite's defaults).
            assertTrue(server.storage() != null && server.storage().is(LocalStorage.Mode.WAL_NORMAL), "storage " + server.storage());
            DynamoDbClient c = target.dynamo(Principal.admin());
            c.createTable(b -> b.tableName("wal-t").billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("PK").attributeType("S"))
                    .keySchema(k -> k.attributeName("PK").keyType("HASH")));
            c.putItem(b -> b.tableName("wal-t").item(Map.of("PK", AttributeValue.fromS("kept"))));
        }
        try (LocalServer server = LocalServer.persistent(data);
             LoopbackTarget target = new LoopbackTarget(Target.Kind.ENDPOINT, server.endpoint(), "test", null)) {
            assertTrue(server.storage().is(LocalStorage.Mode.WAL_NORMAL), "storage " + server.storage());
            assertTrue(target.dynamo(Principal.admin()).getItem(b -> b.tableName("wal-t").key(Map.of("PK", AttributeValue.fromS("kept"))))
                    .hasItem(), "the item written before the restart is there");
        }
    }

    @Test
    void aBootstrapKilledMidwayIsCompletedByRunningItAgain() throws Exception {
        List<String> ids = List.of("kill-a", "kill-b", "kill-c", "kill-d");
        Process first = start("bootstrap", "--ids", String.join(",", ids), "--parallel", "2");
        Path endpoint = home.resolve("local").resolve("endpoint");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!Files.exists(endpoint) && first.isAlive() && System.nanoTime() < deadline) Thread.sleep(50);
        // Killed while it writes (the server is up; four attendees take seconds): the JVM gets no chance to close anything.
        Thread.sleep(1_500);
        first.destroyForcibly();
        assertTrue(first.waitFor(30, TimeUnit.SECONDS));

        Process again = start("bootstrap", "--ids", String.join(",", ids));
        assertTrue(again.waitFor(180, TimeUnit.SECONDS), logs());
        assertEquals(0, again.exitValue(), logs());
        // The seed marker is written after an attendee's items are acknowledged, and a second run skips a namespace
        // that has it: all 740 items of every attendee prove that nothing acknowledged before the kill was lost.
        for (String id : ids) {
            Process status = start("status", "--id", id);
            assertTrue(status.waitFor(120, TimeUnit.SECONDS), logs());
            assertEquals(0, status.exitValue(), logs());
        }
        String logs = logs();
        for (String id : ids) assertTrue(logs.contains("Items in your namespace ATT#" + id + "#: 740"), logs);
    }

    /**
     * The killed process must be the one running DynamoDB Local, so each command runs it inside itself
     * (WORKSHOP_LOCAL_IDLE_MINUTES=0), not as the background server, which a killed command leaves running.
     */
    private Process start(String... args) throws Exception {
        return processes().start(args);
    }

    private WorkshopProcesses processes() {
        return new WorkshopProcesses(home, Map.of(BackgroundServer.IDLE_VARIABLE, "0"));
    }

    private String logs() {
        return processes().logs();
    }
}
