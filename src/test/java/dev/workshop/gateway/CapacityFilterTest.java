package dev.workshop.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import java.net.URI;
import dev.workshop.metrics.MetricNames;
import dev.workshop.metrics.MetricsStore;
import dev.workshop.target.LocalServer;
import dev.workshop.target.LoopbackTarget;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.retries.DefaultRetryStrategy;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingReason;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The capacity filter seen through real SDK clients: a hot key over the 1,000 WCU/s partition limit is throttled
 * with DynamoDB's exception and ThrottlingReasons, the SDK retries it, batches come back with UnprocessedItems,
 * and the gateway counts CloudWatch's metrics. Items of ~350 KB cost ~342 WCU each, so three fill a partition's
 * second and the fourth is throttled at once: no timing assumptions.
 */
public class CapacityFilterTest {
    private static final String BIG = "x".repeat(350_000);

    static String newTable(DynamoDbClient admin) {
        String table = TestSupport.randomId("hot-t");
        admin.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(AttributeDefinition.builder().attributeName("PK").attributeType(ScalarAttributeType.S).build(),
                        AttributeDefinition.builder().attributeName("SK").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("PK").keyType(KeyType.HASH).build(),
                        KeySchemaElement.builder().attributeName("SK").keyType(KeyType.RANGE).build()));
        return table;
    }

    public static Map<String, AttributeValue> bigItem(String pk, int n) {
        return Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS("n" + n), "Data", AttributeValue.fromS(BIG));
    }

    public static DynamoDbClient client(java.net.URI endpoint, boolean retries, ExecutionInterceptor observer) {
        return DynamoDbClient.builder().endpointOverride(endpoint).region(LoopbackTarget.LOCAL_REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("WSADMIN", "x")))
                .overrideConfiguration(o -> {
                    if (!retries) o.retryStrategy(DefaultRetryStrategy.doNotRetry());
                    if (observer != null) o.addExecutionInterceptor(observer);
                })
                .build();
    }

    /**
     * A gateway of its own over the shared DynamoDB Local, whose capacity model runs on a clock only the test moves:
     * buckets refill exactly when the test says, however slow the machine is.
     */
    static final class ModelGateway implements AutoCloseable {
        final java.util.concurrent.atomic.AtomicLong nanos = new java.util.concurrent.atomic.AtomicLong();
        final MetricsStore metrics = MetricsStore.inMemory();
        final CapacityFilter[] made = new CapacityFilter[1];
        final LocalServer server = LocalServer.inMemory(tables -> {
            made[0] = new CapacityFilter(new dev.workshop.capacity.CapacityModel(nanos::get), metrics, tables, java.time.Clock.systemUTC());
            return java.util.List.of(made[0]);
        });
        final CapacityFilter filter = made[0];
        final Gateway gateway = server.gateway();

        void advanceSeconds(double s) {
            nanos.addAndGet((long) (s * 1e9));
        }

        URI endpoint() {
            return server.endpoint();
        }

        @Override
        public void close() {
            server.close();
        }
    }

    private static CapacityFilter filter(LocalServer server) {
        return server.gateway().filters().stream().filter(CapacityFilter.class::isInstance).map(CapacityFilter.class::cast)
                .findFirst().orElseThrow();
    }

    @Test
    void hotKeyIsThrottledWithDynamoDbsExceptionAndReasons() {
        try (ModelGateway gw = new ModelGateway(); DynamoDbClient noRetry = client(gw.endpoint(), false, null)) {
            String table = newTable(noRetry);
            for (int i = 0; i < 2; i++) noRetry.putItem(b -> b.tableName(table).item(bigItem("hot", 0)));
            ProvisionedThroughputExceededException e = assertThrows(ProvisionedThroughputExceededException.class,
                    () -> noRetry.putItem(b -> b.tableName(table).item(bigItem("hot", 0))));
            assertEquals(400, e.statusCode());
            assertEquals("ProvisionedThroughputExceededException", e.awsErrorDetails().errorCode());
            List<ThrottlingReason> reasons = e.throttlingReasons();
            assertEquals(1, reasons.size(), reasons.toString());
            assertEquals("TableWriteKeyRangeThroughputExceeded", reasons.get(0).reason());
            assertTrue(reasons.get(0).resource().endsWith(":table/" + table), reasons.get(0).resource());
            // A second later the partition has refilled: the limit is a rate, not a quota.
            gw.advanceSeconds(1);
            noRetry.putItem(b -> b.tableName(table).item(bigItem("hot", 1)));

            MetricsStore m = gw.metrics;
            Instant from = Instant.now().minusSeconds(120);
            Instant to = Instant.now().plusSeconds(60);
            assertEquals(1.0, sum(m, table, MetricNames.THROTTLED_REQUESTS, from, to));
            assertEquals(1.0, sum(m, table, MetricNames.WRITE_THROTTLE_EVENTS, from, to));
            assertEquals(1.0, sum(m, table, MetricNames.WRITE_KEY_RANGE_THROTTLE_EVENTS, from, to));
            // Three admitted puts of 350,000 bytes of value plus names and keys: 342 WCU each (rounded up to 1 KB).
            assertEquals(3 * 342.0, sum(m, table, MetricNames.CONSUMED_WRITE, from, to));
            assertEquals(Map.of("PutItem", 3 * 342.0), m.byOperation(table, null, MetricNames.CONSUMED_WRITE, from, to));
        }
    }

    @Test
    void theSdkRetriesAThrottledWriteWithItsOwnBackoffAndSucceeds() {
        ModelGateway gw = new ModelGateway();
        AtomicInteger attempts = new AtomicInteger();
        AtomicInteger throttledAttempts = new AtomicInteger();
        ExecutionInterceptor count = new ExecutionInterceptor() {
            @Override
            public void beforeTransmission(Context.BeforeTransmission c, ExecutionAttributes a) {
                attempts.incrementAndGet();
            }

            @Override
            public void afterTransmission(Context.AfterTransmission c, ExecutionAttributes a) {
                if (c.httpResponse().statusCode() == 400) {
                    throttledAttempts.incrementAndGet();
                    // The partition refills while the SDK backs off.
                    gw.advanceSeconds(1);
                }
            }
        };
        String table;
        long items;
        try (gw; DynamoDbClient retrying = client(gw.endpoint(), true, count)) {
            table = newTable(retrying);
            attempts.set(0);
            for (int i = 0; i < 6; i++) {
                int n = i;
                retrying.putItem(b -> b.tableName(table).item(bigItem("hot", n)));
            }
            items = count(gw, table);
        }
        assertTrue(throttledAttempts.get() >= 1, "some attempts throttled: " + throttledAttempts);
        assertTrue(throttledAttempts.get() <= 3, "each throttled put went through on its retry: " + throttledAttempts);
        assertEquals(6 + throttledAttempts.get(), attempts.get(), "every throttled attempt was retried");
        assertEquals(6, items);
    }

    @Test
    void batchWriteReturnsThrottledItemsAsUnprocessedAndFailsOnlyWhenAllAre() {
        ModelGateway gw = new ModelGateway();
        // Provisioned at 1 WCU: a new table starts with one second's worth, so one 1 KB put fits and no more.
        String table = TestSupport.randomId("prov-t");
        DynamoDbClient noRetry = client(gw.endpoint(), false, null);
        noRetry.createTable(b -> b.tableName(table).billingMode(BillingMode.PROVISIONED)
                .provisionedThroughput(p -> p.readCapacityUnits(1L).writeCapacityUnits(1L))
                .attributeDefinitions(AttributeDefinition.builder().attributeName("PK").attributeType(ScalarAttributeType.S).build())
                .keySchema(KeySchemaElement.builder().attributeName("PK").keyType(KeyType.HASH).build()));
        List<WriteRequest> puts = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            puts.add(WriteRequest.builder().putRequest(PutRequest.builder().item(Map.of("PK", AttributeValue.fromS("k" + i),
                    "Data", AttributeValue.fromS("y".repeat(900)))).build()).build());
        }
        try (gw; noRetry) {
            BatchWriteItemResponse r = noRetry.batchWriteItem(b -> b.requestItems(Map.of(table, puts)));
            // Nothing left in this second: the whole batch is throttled now.
            ProvisionedThroughputExceededException e = assertThrows(ProvisionedThroughputExceededException.class,
                    () -> noRetry.batchWriteItem(b -> b.requestItems(Map.of(table, puts.subList(0, 3)))));
            assertEquals("TableWriteProvisionedThroughputExceeded", e.throttlingReasons().get(0).reason());
            int unprocessed = r.unprocessedItems().getOrDefault(table, List.of()).size();
            assertEquals(5, unprocessed, r.toString());
            assertEquals(1, count(gw, table), "the admitted item was written");
        }
        MetricsStore m = gw.metrics;
        Instant from = Instant.now().minusSeconds(120);
        Instant to = Instant.now().plusSeconds(60);
        assertEquals(1.0, sum(m, table, MetricNames.THROTTLED_REQUESTS, from, to), "only the all-throttled batch counts as a request");
        assertEquals(5.0 + 3.0, sum(m, table, MetricNames.WRITE_THROTTLE_EVENTS, from, to), "one event per throttled item");
        assertEquals(0.0, sum(m, table, MetricNames.WRITE_KEY_RANGE_THROTTLE_EVENTS, from, to), "the table's budget, not a partition's");
    }

    @Test
    void metricsPersistAndATableIsLearnedFromDescribeTableAfterARestart() throws Exception {
        Path dir = Files.createTempDirectory("ws-capacity");
        String table;
        try (LocalServer first = LocalServer.persistent(dir); DynamoDbClient c = client(first.endpoint(), false, null)) {
            table = newTable(c);
            c.putItem(b -> b.tableName(table).item(bigItem("k", 1)));
        }
        assertTrue(Files.readString(dir.resolve(LocalServer.METRICS_FILE)).contains(table + "\t\tPutItem\t" + MetricNames.CONSUMED_WRITE));
        try (LocalServer second = LocalServer.persistent(dir); DynamoDbClient c = client(second.endpoint(), false, null)) {
            // This gateway never saw CreateTable: it describes the table on first sight, then throttles the hot key.
            int[] accepted = {0};
            assertThrows(ProvisionedThroughputExceededException.class, () -> {
                for (int i = 0; i < 10; i++) {
                    c.putItem(b -> b.tableName(table).item(bigItem("k", 1)));
                    accepted[0]++;
                }
            });
            MetricsStore m = filter(second).metrics();
            Instant from = Instant.now().minusSeconds(300);
            Instant to = Instant.now().plusSeconds(60);
            // How many puts pass before the throttle depends on how fast they come (the bucket refills in real time):
            // the sum is this server's accepted puts plus the one put the first server saved.
            assertEquals((accepted[0] + 1) * 342.0, sum(m, table, MetricNames.CONSUMED_WRITE, from, to), 1e-6,
                    "earlier consumption was loaded too (" + accepted[0] + " puts accepted after the restart)");
        }
        MetricsStore reread = MetricsStore.readOnly(dir.resolve(LocalServer.METRICS_FILE));
        assertEquals(1.0, sum(reread, table, MetricNames.THROTTLED_REQUESTS, Instant.now().minusSeconds(300), Instant.now().plusSeconds(60)));
    }

    // ------------------------------------------------------------------ issue 13 point 8: every operation is throttled

    /**
     * "Transactional write requests require two write capacity units per 1 KB", and a transaction is all or nothing:
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-capacity-handling
     * and TransactionCanceledException with a ThrottlingError reason, API_TransactWriteItems.html.
     */
    @Test
    void aTransactionIsThrottledWholeAtDoubleCost() {
        try (ModelGateway gw = new ModelGateway(); DynamoDbClient c = client(gw.endpoint(), false, null)) {
            String table = newTable(c);
            // two 342-WCU items in one transaction: 2 x 684 = 1,368 WCU on one partition, over its 1,000 WCU/s
            var e = assertThrows(software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException.class,
                    () -> c.transactWriteItems(b -> b.transactItems(
                            t -> t.put(pt -> pt.tableName(table).item(bigItem("hot", 1))),
                            t -> t.put(pt -> pt.tableName(table).item(bigItem("hot", 2))))));
            assertEquals(List.of("None", "ThrottlingError"), e.cancellationReasons().stream().map(r -> r.code()).toList(), e.toString());
            assertEquals(0, count(gw, table), "nothing of a cancelled transaction is written");
            // the first item's 684 WCU were handed back: one such transaction fits in the same second
            c.transactWriteItems(b -> b.transactItems(t -> t.put(pt -> pt.tableName(table).item(bigItem("hot", 1)))));
            assertEquals(1, count(gw, table));
            // and the same item outside a transaction costs half: 684 + 342 = 1,026 > 1,000, so it is throttled now
            assertThrows(ProvisionedThroughputExceededException.class, () -> c.putItem(b -> b.tableName(table).item(bigItem("hot", 3))));
            Instant from = Instant.now().minusSeconds(120);
            Instant to = Instant.now().plusSeconds(60);
            assertEquals(2.0, sum(gw.metrics, table, MetricNames.THROTTLED_REQUESTS, from, to));
            assertEquals(684.0, sum(gw.metrics, table, MetricNames.CONSUMED_WRITE, from, to), "only the admitted transaction is consumed");
        }
    }

    @Test
    void transactGetItemsIsThrottledWithTheSameCancellation() {
        try (ModelGateway gw = new ModelGateway(); DynamoDbClient c = client(gw.endpoint(), false, null)) {
            String table = newTable(c);
            c.putItem(b -> b.tableName(table).item(Map.of("PK", AttributeValue.fromS("hot"), "SK", AttributeValue.fromS("a"))));
            // the hot partition's read second is used up but for one unit: a transactional read needs two
            gw.filter.model().charge(dev.workshop.capacity.Access.read(table, "S:hot", 2999, dev.workshop.capacity.Consistency.STRONG));
            var e = assertThrows(software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException.class,
                    () -> c.transactGetItems(b -> b.transactItems(t -> t.get(g -> g.tableName(table)
                            .key(Map.of("PK", AttributeValue.fromS("hot"), "SK", AttributeValue.fromS("a")))))));
            assertEquals(List.of("ThrottlingError"), e.cancellationReasons().stream().map(r -> r.code()).toList());
            // a plain strongly consistent GetItem needs one unit: it fits
            assertTrue(c.getItem(b -> b.tableName(table).consistentRead(true)
                    .key(Map.of("PK", AttributeValue.fromS("hot"), "SK", AttributeValue.fromS("a")))).hasItem());
        }
    }

    /** "If DynamoDB returns any unprocessed items ... UnprocessedKeys": API_BatchGetItem.html. */
    @Test
    void batchGetItemReturnsThrottledKeysAsUnprocessedKeys() {
        try (ModelGateway gw = new ModelGateway(); DynamoDbClient c = client(gw.endpoint(), false, null)) {
            String table = newTable(c);
            String cold = coldKey(gw, table, "hot");
            for (String pk : List.of("hot", cold)) {
                c.putItem(b -> b.tableName(table).item(Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS("a"))));
            }
            gw.filter.model().charge(dev.workshop.capacity.Access.read(table, "S:hot", 3000, dev.workshop.capacity.Consistency.STRONG));
            var r = c.batchGetItem(b -> b.requestItems(Map.of(table, software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                    .consistentRead(true).projectionExpression("PK, SK")
                    .keys(Map.of("PK", AttributeValue.fromS("hot"), "SK", AttributeValue.fromS("a")),
                            Map.of("PK", AttributeValue.fromS(cold), "SK", AttributeValue.fromS("a"))).build())));
            assertEquals(List.of(cold), r.responses().get(table).stream().map(i -> i.get("PK").s()).toList(), r.toString());
            var left = r.unprocessedKeys().get(table);
            assertEquals(List.of("hot"), left.keys().stream().map(k -> k.get("PK").s()).toList());
            assertEquals(Boolean.TRUE, left.consistentRead(), "the unprocessed keys keep their table's options");
            assertEquals("PK, SK", left.projectionExpression());
            // every key throttled: the whole call fails
            assertThrows(ProvisionedThroughputExceededException.class, () -> c.batchGetItem(b -> b.requestItems(Map.of(table,
                    software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder().consistentRead(true)
                            .keys(Map.of("PK", AttributeValue.fromS("hot"), "SK", AttributeValue.fromS("a"))).build()))));
        }
    }

    /** What a BatchGetItem admitted at its minimum really cost is charged afterwards, from the items it returned. */
    @Test
    void batchGetItemIsChargedWhatItsItemsCost() {
        try (ModelGateway gw = new ModelGateway(); DynamoDbClient c = client(gw.endpoint(), false, null)) {
            String table = newTable(c);
            c.putItem(b -> b.tableName(table).item(bigItem("a", 1)));
            gw.advanceSeconds(1);
            var keys = software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes.builder()
                    .keys(Map.of("PK", AttributeValue.fromS("a"), "SK", AttributeValue.fromS("n1"))).build();
            Instant from = Instant.now().minusSeconds(120);
            Instant to = Instant.now().plusSeconds(60);
            c.batchGetItem(b -> b.requestItems(Map.of(table, keys)));
            double without = gw.metrics.series(table, null, MetricNames.CONSUMED_READ, from, to).values().stream().mapToDouble(Double::doubleValue).sum();
            // a ~342 KB item read eventually consistent: ceil(342 KB / 4 KB) = 86 blocks x 0.5 = 43 units, not the 0.5 admitted
            assertEquals(43.0, without);
            var r = c.batchGetItem(b -> b.requestItems(Map.of(table, keys)).returnConsumedCapacity("TOTAL"));
            double reported = r.consumedCapacity().stream().mapToDouble(x -> x.capacityUnits()).sum();
            double with = gw.metrics.series(table, null, MetricNames.CONSUMED_READ, from, to).values().stream().mapToDouble(Double::doubleValue).sum();
            assertEquals(without + reported, with, "the reported ConsumedCapacity is what is counted");
        }
    }

    /** PartiQL like its twin: ExecuteStatement throttles as Query/PutItem/UpdateItem would, ExecuteTransaction as a transaction. */
    @Test
    void partiqlIsThrottledLikeItsTwin() {
        try (ModelGateway gw = new ModelGateway(); DynamoDbClient c = client(gw.endpoint(), false, null)) {
            String table = newTable(c);
            gw.filter.model().charge(dev.workshop.capacity.Access.write(table, "S:hot", 1000));
            gw.filter.model().charge(dev.workshop.capacity.Access.read(table, "S:hot", 3000, dev.workshop.capacity.Consistency.STRONG));
            for (String sql : List.of("INSERT INTO \"" + table + "\" VALUE {'PK': 'hot', 'SK': 'x'}",
                    "UPDATE \"" + table + "\" SET N = 1 WHERE PK = 'hot' AND SK = 'x'",
                    "SELECT * FROM \"" + table + "\" WHERE PK = 'hot'")) {
                var e = assertThrows(ProvisionedThroughputExceededException.class, () -> c.executeStatement(b -> b.statement(sql)), sql);
                assertTrue(e.throttlingReasons().get(0).reason().endsWith("KeyRangeThroughputExceeded"), sql + ": " + e.throttlingReasons());
            }
            String cold = coldKey(gw, table, "hot");
            c.executeStatement(b -> b.statement("INSERT INTO \"" + table + "\" VALUE {'PK': '" + cold + "', 'SK': 'x'}"));
            var t = assertThrows(software.amazon.awssdk.services.dynamodb.model.TransactionCanceledException.class,
                    () -> c.executeTransaction(b -> b.transactStatements(
                            st -> st.statement("UPDATE \"" + table + "\" SET N = 1 WHERE PK = '" + cold + "' AND SK = 'x'"),
                            st -> st.statement("INSERT INTO \"" + table + "\" VALUE {'PK': 'hot', 'SK': 'y'}"))));
            assertEquals(List.of("None", "ThrottlingError"), t.cancellationReasons().stream().map(r -> r.code()).toList());
            assertEquals(1, count(gw, table), "only the cold INSERT outside the transaction was written");
        }
    }

    /**
     * BatchExecuteStatement statement by statement: HTTP 200, the throttled statement's Error in its place
     * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchStatementError.html).
     */
    @Test
    void batchExecuteStatementThrottlesStatementByStatement() {
        try (ModelGateway gw = new ModelGateway(); DynamoDbClient c = client(gw.endpoint(), false, null)) {
            String table = newTable(c);
            String cold = coldKey(gw, table, "hot");
            gw.filter.model().charge(dev.workshop.capacity.Access.write(table, "S:hot", 1000));
            var r = c.batchExecuteStatement(b -> b.statements(
                    st -> st.statement("INSERT INTO \"" + table + "\" VALUE {'PK': 'hot', 'SK': 'x'}"),
                    st -> st.statement("INSERT INTO \"" + table + "\" VALUE {'PK': '" + cold + "', 'SK': 'x'}")));
            assertEquals(200, r.sdkHttpResponse().statusCode());
            assertEquals(2, r.responses().size());
            assertNotNull(r.responses().get(0).error(), r.toString());
            assertEquals("ProvisionedThroughputExceeded", r.responses().get(0).error().codeAsString());
            assertEquals(null, r.responses().get(1).error(), r.toString());
            assertEquals(1, count(gw, table), "only the cold statement was written");
            var all = c.batchExecuteStatement(b -> b.statements(st -> st.statement("INSERT INTO \"" + table + "\" VALUE {'PK': 'hot', 'SK': 'y'}")));
            assertEquals("ProvisionedThroughputExceeded", all.responses().get(0).error().codeAsString());
        }
    }

    /** A Scan page is read from the partition holding its ExclusiveStartKey, not from a pseudo key of its own. */
    @Test
    void aScanPageIsChargedToThePartitionItReads() {
        try (ModelGateway gw = new ModelGateway(); DynamoDbClient c = client(gw.endpoint(), false, null)) {
            String table = newTable(c);
            String cold = coldKey(gw, table, "hot");
            gw.filter.model().charge(dev.workshop.capacity.Access.read(table, "S:hot", 3000, dev.workshop.capacity.Consistency.STRONG));
            assertThrows(ProvisionedThroughputExceededException.class, () -> c.scan(b -> b.tableName(table)
                    .exclusiveStartKey(Map.of("PK", AttributeValue.fromS("hot"), "SK", AttributeValue.fromS("a")))));
            c.scan(b -> b.tableName(table).exclusiveStartKey(Map.of("PK", AttributeValue.fromS(cold), "SK", AttributeValue.fromS("a"))));
        }
    }

    /** A partition key that hashes to another partition than {@code hot} in the model. */
    static String coldKey(ModelGateway gw, String table, String hot) {
        int h = gw.filter.model().partitionOf(table, null, "S:" + hot);
        for (int i = 0; ; i++) if (gw.filter.model().partitionOf(table, null, "S:cold" + i) != h) return "cold" + i;
    }

    /** Counted on the test gateway's own DynamoDB Local, directly (the count must not pass the capacity model). */
    static long count(ModelGateway gw, String table) {
        try (DynamoDbClient direct = client(gw.server.backendEndpoint(), false, null)) {
            // Scan pages stop at 1 MB, i.e. every two or three of these items.
            return direct.scanPaginator(b -> b.tableName(table).select("COUNT")).stream().mapToLong(p -> p.count()).sum();
        }
    }

    static double sum(MetricsStore m, String table, String metric, Instant from, Instant to) {
        return m.series(table, null, metric, from, to).values().stream().mapToDouble(Double::doubleValue).sum();
    }
}
