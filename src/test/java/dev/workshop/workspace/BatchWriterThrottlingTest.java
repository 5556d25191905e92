package dev.workshop.workspace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.Machine;
import dev.workshop.TestSupport;
import dev.workshop.WorkshopException;
import dev.workshop.target.Principal;
import dev.workshop.target.Target;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * BatchWriter against a table that throttles: DynamoDB Local behind the gateway's capacity model, the table capped
 * with an on-demand maximum (OnDemandThroughput MaxWriteRequestUnits) so the model refuses most writes, as a
 * shared table does when a room seeds at once. The writer rides it out on a time budget and says what is
 * happening; when the budget runs out it stops with exit 1 and "run the same command again", never exit 4.
 */
@Machine(Machine.Use.SHARED)
class BatchWriterThrottlingTest {
    private static String cappedTable(long maxWriteUnits) {
        String table = TestSupport.randomTable();
        DynamoDbClient admin = TestSupport.admin();
        admin.createTable(b -> b.tableName(table).billingMode("PAY_PER_REQUEST")
                .onDemandThroughput(o -> o.maxWriteRequestUnits(maxWriteUnits).maxReadRequestUnits(1000L))
                .attributeDefinitions(a -> a.attributeName("PK").attributeType("S"), a -> a.attributeName("SK").attributeType("S"))
                .keySchema(k -> k.attributeName("PK").keyType("HASH"), k -> k.attributeName("SK").keyType("RANGE")));
        return table;
    }

    private static List<Map<String, AttributeValue>> items(int n, int bytes) {
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            out.add(Map.of("PK", AttributeValue.fromS("ATT#t#" + (i % 7)), "SK", AttributeValue.fromS("i" + i),
                    "Data", AttributeValue.fromS("x".repeat(bytes))));
        }
        return out;
    }

    @Test
    void ridesOutThrottlingAndReportsTheThrottledRetriesAsTheyHappen() {
        String table = cappedTable(100);
        List<Long> seen = new CopyOnWriteArrayList<>();
        AtomicLong written = new AtomicLong();
        try (Target t = TestSupport.target()) {
            BatchWriter w = new BatchWriter(t.dynamoAsync(Principal.admin()), new Semaphore(8), Duration.ofMinutes(1))
                    .onThrottled(seen::add);
            w.putAll(table, items(300, 900), written::addAndGet);
            assertEquals(300, written.get());
            assertTrue(w.throttledRetries() > 0, "the capped table throttled");
            assertTrue(!seen.isEmpty() && seen.get(seen.size() - 1) == w.throttledRetries(), seen.toString());
        }
        assertEquals(300, TestSupport.admin().scan(b -> b.tableName(table).select("COUNT")).count(), "no item lost");
    }

    /**
     * A writer keeps to its share of a command's budget ({@link BatchWriter#atMostInFlight}): one attendee's batches
     * all go to one ByOwner key, so a facilitator's bootstrap gives each attendee about one request in flight rather
     * than letting the last few take the whole budget. Counted at the SDK, from the first byte sent to the answer.
     */
    @Test
    void aWriterKeepsToItsShareOfTheBudget() throws Exception {
        String table = TestSupport.randomTable();
        TestSupport.admin().createTable(b -> b.tableName(table).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("PK").attributeType("S"), a -> a.attributeName("SK").attributeType("S"))
                .keySchema(k -> k.attributeName("PK").keyType("HASH"), k -> k.attributeName("SK").keyType("RANGE")));
        for (int share : new int[] {2, 16}) {
            java.util.concurrent.atomic.AtomicInteger now = new java.util.concurrent.atomic.AtomicInteger();
            java.util.concurrent.atomic.AtomicInteger most = new java.util.concurrent.atomic.AtomicInteger();
            software.amazon.awssdk.core.interceptor.ExecutionInterceptor counter = new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                @Override
                public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution c,
                                            software.amazon.awssdk.core.interceptor.ExecutionAttributes a) {
                    most.accumulateAndGet(now.incrementAndGet(), Math::max);
                }

                @Override
                public void afterExecution(software.amazon.awssdk.core.interceptor.Context.AfterExecution c,
                                           software.amazon.awssdk.core.interceptor.ExecutionAttributes a) {
                    now.decrementAndGet();
                }
            };
            try (Target t = TestSupport.target()) {
                BatchWriter w = new BatchWriter(t.dynamoAsync(Principal.admin(), counter), new Semaphore(16), Duration.ofMinutes(1))
                        .atMostInFlight(share);
                AtomicLong written = new AtomicLong();
                w.putAll(table, items(800, 100), written::addAndGet);
                assertEquals(800, written.get());
            }
            if (share == 2) assertEquals(2, most.get(), "at most its share, and all of it");
            else assertTrue(most.get() > 2, "with the whole budget as its share it used more: " + most.get());
        }
    }

    /**
     * A throttled batch backing off gives its permit back: with a budget of one request in flight, a writer on a free
     * table finishes while a writer on a table capped at 5 write units a second is still backing off (before, the
     * throttled batch held the only permit through every backoff, and the free writer finished after it).
     */
    @Test
    void aBatchBackingOffLendsItsPermitToOtherBatches() throws Exception {
        String capped = cappedTable(5);
        String free = TestSupport.randomTable();
        TestSupport.admin().createTable(b -> b.tableName(free).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(a -> a.attributeName("PK").attributeType("S"), a -> a.attributeName("SK").attributeType("S"))
                .keySchema(k -> k.attributeName("PK").keyType("HASH"), k -> k.attributeName("SK").keyType("RANGE")));
        Semaphore one = new Semaphore(1);
        try (Target t = TestSupport.target()) {
            BatchWriter slow = new BatchWriter(t.dynamoAsync(Principal.admin()), one, Duration.ofMinutes(1));
            BatchWriter quick = new BatchWriter(t.dynamoAsync(Principal.admin()), one, Duration.ofMinutes(1));
            AtomicLong slowDone = new AtomicLong();
            Thread throttled = new Thread(() -> {
                slow.putAll(capped, items(25, 900), n -> { });
                slowDone.set(System.nanoTime());
            });
            throttled.start();
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (slow.retries() == 0 && System.nanoTime() < deadline) Thread.sleep(5);
            assertTrue(slow.retries() > 0, "the capped table left items unprocessed");
            quick.putAll(free, items(250, 100), n -> { });
            long quickDone = System.nanoTime();
            throttled.join(60_000);
            assertTrue(slowDone.get() != 0, "the throttled writer finished");
            assertTrue(quickDone < slowDone.get(), "the free table's 10 batches waited for the throttled batch's backoffs");
        }
        assertEquals(25, TestSupport.admin().scan(b -> b.tableName(capped).select("COUNT")).count(), "no item lost");
        assertEquals(250, TestSupport.admin().scan(b -> b.tableName(free).select("COUNT")).count(), "no item lost");
    }

    @Test
    void whenTheBudgetRunsOutItSaysToRunTheSameCommandAgainWithExitOne() {
        String table = cappedTable(1);
        // The SDK's own retries run before the budget is looked at; two attempts keep this test short.
        try (DynamoDbAsyncClient c = DynamoDbAsyncClient.builder().endpointOverride(TestSupport.server().endpoint())
                .region(dev.workshop.target.LoopbackTarget.LOCAL_REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("WSADMIN", "x")))
                .overrideConfiguration(o -> o.retryStrategy(b -> b.maxAttempts(2))).build()) {
            BatchWriter w = new BatchWriter(c, new Semaphore(4), Duration.ofSeconds(2));
            WorkshopException e = assertThrows(WorkshopException.class, () -> w.putAll(table, items(50, 4000), n -> { }));
            assertEquals(1, e.exitCode());
            assertTrue(e.getMessage().startsWith("DynamoDB is throttling the shared table; run the same command again (it continues where it stopped)."),
                    e.getMessage());
            assertTrue(w.throttledRetries() > 0);
        }
    }

    @Test
    void aFacilitatorsBootstrapOnAThrottlingSharedTableShowsTheThrottledRetriesPerAttendeeAndLosesNothing() {
        String shared = TestSupport.randomTable();
        TestSupport.admin().createTable(dev.workshop.model.Tables.sharedTable(shared).toBuilder()
                .onDemandThroughput(o -> o.maxWriteRequestUnits(100L).maxReadRequestUnits(4000L)).build());
        String a = TestSupport.randomId("bt");
        String b = TestSupport.randomId("bt");
        // 16 batches of 25 in flight offer 400 items at once against 100 write units/s: throttled from the start.
        TestSupport.Result r = TestSupport.run("bootstrap", "--ids", a + "," + b, "--shared-table", shared);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("throttled retries"), r.err());
        assertTrue(r.out().contains("throttled retries"), r.out());
        assertTrue(r.out().contains("2 attendees ready"), r.out());
        for (String id : List.of(a, b)) {
            dev.workshop.model.AttendeeId att = dev.workshop.model.AttendeeId.of(id);
            int expected = Workspace.seedSize(att) + 1; // and the seed marker
            int found = TestSupport.admin().queryPaginator(q -> q.tableName(shared).indexName(dev.workshop.model.Tables.BY_OWNER.name())
                    .keyConditionExpression("OwnerPK = :p").expressionAttributeValues(Map.of(":p", AttributeValue.fromS(att.prefix()))))
                    .stream().mapToInt(x -> x.count()).sum();
            assertEquals(expected, found, id + ": every seeded item and the seed marker");
        }
    }
}
