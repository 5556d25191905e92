package dev.workshop.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.Machine;
import dev.workshop.TestSupport;
import dev.workshop.TestSupport.Result;
import dev.workshop.cli.Env;
import dev.workshop.model.Tables;
import java.net.URI;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.api.parallel.Execution;
import org.junit.jupiter.api.parallel.ExecutionMode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * The {@code --endpoint-url} target on a plain DynamoDB Local, started as a user would start it themselves (no
 * gateway, so no tags), and both targets behind a {@link FaultProxy} that throttles, fails and loses answers after
 * the write was applied: every command lands exactly, and what the summaries say is the final state. The fault run on
 * the local target has a server of its own, so it runs beside the others (which share the plain DynamoDB Local, and
 * clean it up with --all, so they run one at a time): it waits on the proxy's throttling backoff more than it computes.
 */
@Machine(Machine.Use.SHARED)
class EndpointTargetTest {
    /** DynamoDB Local with -sharedDb, as the README tells users to start it. */
    static LocalServer plain;
    static LoopbackTarget direct;

    @TempDir
    Path home;

    @BeforeAll
    static void startPlainDynamoDbLocal() {
        plain = LocalServer.plain(true);
        direct = new LoopbackTarget(Target.Kind.ENDPOINT, plain.endpoint(), "direct", null);
    }

    @AfterAll
    static void stop() {
        direct.close();
        plain.close();
    }

    private Result run(String... args) {
        return TestSupport.run(TestSupport.env(home, new HashMap<>()), args);
    }

    @Test
    void plainDynamoDbLocalRunsBootstrapStatusRosterAndCleanupWithTagsReportedAsANote() {
        String url = plain.endpoint().toString();
        String shared = TestSupport.randomTable();
        String id = TestSupport.randomId("ep");

        Result first = run("bootstrap", "--id", id, "--endpoint-url", url, "--shared-table", shared);
        assertEquals(0, first.exit(), first.toString());
        assertTrue(first.out().contains("created personal table ws-att-" + id), first.out());
        assertFalse(first.out().contains("tags Owner="), "DynamoDB Local kept no tag, so none is claimed: " + first.out());
        assertEquals(1, count(first.out(), "does not support resource tags"), "the note, once: " + first.out());

        Result second = run("bootstrap", "--id", id, "--endpoint-url", url, "--shared-table", shared);
        assertEquals(0, second.exit(), second.toString());
        assertTrue(second.out().contains("[skip] personal table ws-att-" + id + " already exists"), second.out());
        assertEquals(1, count(second.out(), "does not support resource tags"), second.out());

        Result status = run("status", "--id", id, "--endpoint-url", url, "--shared-table", shared);
        assertEquals(0, status.exit(), status.toString());
        assertTrue(status.out().contains("Everything is in place"), status.out());
        assertTrue(status.out().contains("(no tags on this endpoint)"), status.out());
        assertEquals(1, count(status.out(), "does not support resource tags"), status.out());

        Result roster = run("roster", "--ids", id, "--endpoint-url", url, "--shared-table", shared);
        assertEquals(0, roster.exit(), roster.toString());
        assertTrue(roster.out().lines().anyMatch(l -> l.matches(id + "\\s+ACTIVE\\s+740\\s+0/5.*")), roster.out());

        Result lab = run("no-joins", "--id", id, "--no-pause", "--endpoint-url", url, "--shared-table", shared);
        assertEquals(0, lab.exit(), lab.toString());

        Result clean = run("cleanup", "--id", id, "--endpoint-url", url, "--shared-table", shared);
        assertEquals(0, clean.exit(), clean.toString());
        assertTrue(clean.out().contains("deleted personal table ws-att-" + id), clean.out());
        assertEquals(0, namespace(direct.dynamo(Principal.admin()), shared, id));

        assertEquals(0, run("bootstrap", "--id", id, "--endpoint-url", url, "--shared-table", shared).exit());
        Result all = run("cleanup", "--all", "--yes", "--endpoint-url", url, "--shared-table", shared);
        assertEquals(0, all.exit(), all.toString());
        assertTrue(all.out().contains("ws-att-" + id), "found by its name, without tags: " + all.out());
        assertFalse(tables(direct.dynamo(Principal.admin())).contains("ws-att-" + id));
        assertEquals(0, namespace(direct.dynamo(Principal.admin()), shared, id));
    }

    @Test
    void withoutSharedDbItSaysHowToStartDynamoDbLocalInsteadOfLooping() {
        try (LocalServer perKey = LocalServer.plain(false)) {
            String id = TestSupport.randomId("nosh");
            Result r = run("bootstrap", "--id", id, "--endpoint-url", perKey.endpoint().toString());
            assertEquals(2, r.exit(), r.toString());
            assertTrue(r.err().contains("separate database per access key"), r.err());
            assertTrue(r.err().contains("Run: java -Djava.library.path=./DynamoDBLocal_lib -jar DynamoDBLocal.jar -sharedDb"), r.err());
            assertFalse(r.out().contains("seeded"), "nothing was seeded under the wrong key: " + r.out());

            Result status = run("status", "--id", id, "--endpoint-url", perKey.endpoint().toString());
            assertEquals(2, status.exit(), "status says the same instead of 'run bootstrap': " + status);
            assertTrue(status.err().contains("-sharedDb"), status.err());
        }
    }

    /**
     * The SDK retries a call whose answer was lost; the retry then meets the table the first call created (or
     * deleted). The summary must say what happened, read from a Describe, not what the retry's answer implies.
     */
    @Test
    void aLostAnswerDoesNotTurnCreatedIntoExistedOrDeletedIntoMissing() throws Exception {
        String shared = TestSupport.randomTable();
        String id = TestSupport.randomId("lost");
        try (FaultProxy proxy = new FaultProxy(plain.endpoint(), 0, 0, 0, 1)) {
            String url = proxy.endpoint().toString();
            proxy.dropOnce("CreateTable", "ws-att-" + id);
            Result boot = run("bootstrap", "--id", id, "--endpoint-url", url, "--shared-table", shared);
            assertEquals(0, boot.exit(), boot + "\n" + stats(proxy));
            assertEquals(1, proxy.droppedByOperation.get("CreateTable").get(), "the answer was lost: " + stats(proxy));
            assertTrue(boot.out().contains("created personal table ws-att-" + id), boot.out());

            proxy.dropOnce("DeleteTable", "ws-att-" + id);
            Result clean = run("cleanup", "--id", id, "--endpoint-url", url, "--shared-table", shared);
            assertEquals(0, clean.exit(), clean + "\n" + stats(proxy));
            assertEquals(1, proxy.droppedByOperation.get("DeleteTable").get(), "the answer was lost: " + stats(proxy));
            assertTrue(clean.out().contains("deleted personal table ws-att-" + id), clean.out());
            assertFalse(tables(direct.dynamo(Principal.admin())).contains("ws-att-" + id));
        }
    }

    @Test
    void thirtyAttendeesLandExactlyThroughFaultsOnTheEndpointTarget() throws Exception {
        String shared = TestSupport.randomTable();
        try (FaultProxy proxy = new FaultProxy(plain.endpoint(), 0.20, 0.05, 0.05, 14)) {
            List<String> ids = ids("fe");
            String url = proxy.endpoint().toString();
            Result boot = run("bootstrap", "--ids", String.join(",", ids), "--endpoint-url", url, "--shared-table", shared);
            assertEquals(0, boot.exit(), boot + "\n" + stats(proxy));
            assertTrue(boot.out().lines().filter(l -> l.matches(".*\\s+created\\s+739 items seeded\\s+(\\d+\\s+)?ok")).count() == ids.size(),
                    "every table reported created, even where CreateTable's answer was lost: " + boot.out());
            DynamoDbClient admin = direct.dynamo(Principal.admin());
            landed(admin, shared, ids, proxy);

            Result clean = run("cleanup", "--all", "--yes", "--endpoint-url", url, "--shared-table", shared);
            assertEquals(0, clean.exit(), clean + "\n" + stats(proxy));
            assertTrue(clean.out().contains("deleted " + ids.size() * 740 + " ATT# items"), clean.out());
            cleaned(admin, shared, ids);
            faultsHappened(proxy);
        }
    }

    @Test
    @Execution(ExecutionMode.CONCURRENT) // its own server: nothing here touches it, and it touches nothing here
    void thirtyAttendeesLandExactlyThroughFaultsOnTheLocalTarget() throws Exception {
        String shared = TestSupport.randomTable();
        // A server of its own (gateway and all), so that cleanup --all touches no other test's tables.
        try (LocalServer server = LocalServer.inMemory();
             LoopbackTarget check = new LoopbackTarget(Target.Kind.LOCAL, server.endpoint(), "check", null);
             FaultProxy proxy = new FaultProxy(server.endpoint(), 0.20, 0.05, 0.05, 41)) {
            Env env = localThrough(proxy.endpoint(), server);
            List<String> ids = ids("fl");
            Result boot = TestSupport.run(env, "bootstrap", "--ids", String.join(",", ids), "--shared-table", shared);
            assertEquals(0, boot.exit(), boot + "\n" + stats(proxy));
            assertTrue(boot.out().lines().filter(l -> l.matches(".*\\s+created\\s+739 items seeded\\s+(\\d+\\s+)?ok")).count() == ids.size(),
                    "every table reported created, even where CreateTable's answer was lost: " + boot.out());
            DynamoDbClient admin = check.dynamo(Principal.admin());
            landed(admin, shared, ids, proxy);

            Result clean = TestSupport.run(env, "cleanup", "--all", "--yes", "--shared-table", shared);
            assertEquals(0, clean.exit(), clean + "\n" + stats(proxy));
            assertTrue(clean.out().contains("deleted " + ids.size() + " personal tables"), clean.out());
            assertTrue(clean.out().contains("deleted " + ids.size() * 740 + " ATT# items"), clean.out());
            cleaned(admin, shared, ids);
            faultsHappened(proxy);
        }
    }

    /** The local target with its gateway reached through the proxy. */
    private Env localThrough(URI endpoint, LocalServer server) {
        LocalHome.Lease lease = new LocalHome.Lease() {
            @Override
            public URI endpoint() {
                return endpoint;
            }

            @Override
            public boolean owner() {
                return true;
            }

            @Override
            public LocalServer server() {
                return server;
            }

            @Override
            public void close() {}
        };
        return new Env(Map.of(), home, home, (selection, progress) -> new LocalTarget(lease, home), Clock.systemUTC(), false);
    }

    private static List<String> ids(String prefix) {
        List<String> out = new ArrayList<>();
        String base = TestSupport.randomId(prefix);
        for (int i = 1; i <= 30; i++) out.add(base + "-" + i);
        return out;
    }

    /** Every attendee's table, and exactly the 739 sample items plus the seed marker in each namespace: none lost, none extra. */
    private static void landed(DynamoDbClient admin, String shared, List<String> ids, FaultProxy proxy) {
        List<String> tables = tables(admin);
        for (String id : ids) {
            assertTrue(tables.contains("ws-att-" + id), "table of " + id + "\n" + stats(proxy));
            assertEquals(740, namespace(admin, shared, id), "items of " + id + "\n" + stats(proxy));
        }
        int all = admin.scanPaginator(ScanRequest.builder().tableName(shared).select(Select.COUNT).build()).stream()
                .mapToInt(p -> p.count()).sum();
        assertEquals(ids.size() * 740, all, "nothing beyond the attendees' items in the shared table");
    }

    private static void cleaned(DynamoDbClient admin, String shared, List<String> ids) {
        List<String> tables = tables(admin);
        for (String id : ids) {
            assertFalse(tables.contains("ws-att-" + id), id);
            assertEquals(0, namespace(admin, shared, id), id);
        }
    }

    private static void faultsHappened(FaultProxy proxy) {
        String s = stats(proxy);
        System.out.println(s);
        assertTrue(proxy.throttled.get() > 0 && proxy.failed.get() > 0 && proxy.dropped.get() > 0, "the proxy injected every kind of fault: " + s);
    }

    private static String stats(FaultProxy p) {
        return "proxy: " + p.requests.get() + " requests, " + p.throttled.get() + " throttled, " + p.failed.get() + " HTTP 500, "
                + p.dropped.get() + " answers lost after forwarding " + p.droppedByOperation;
    }

    private static List<String> tables(DynamoDbClient admin) {
        return admin.listTablesPaginator().tableNames().stream().toList();
    }

    private static int namespace(DynamoDbClient admin, String shared, String id) {
        return admin.queryPaginator(QueryRequest.builder().tableName(shared).indexName(Tables.BY_OWNER.name())
                        .keyConditionExpression("OwnerPK = :p").expressionAttributeValues(Map.of(":p", AttributeValue.fromS("ATT#" + id + "#")))
                        .select(Select.COUNT).build())
                .stream().mapToInt(p -> p.count()).sum();
    }

    private static int count(String text, String needle) {
        int n = 0;
        for (int i = text.indexOf(needle); i >= 0; i = text.indexOf(needle, i + 1)) n++;
        return n;
    }
}
