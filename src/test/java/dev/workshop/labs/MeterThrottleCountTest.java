package dev.workshop.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import dev.workshop.target.Principal;
import dev.workshop.target.Target;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.core.internal.metrics.SdkErrorType;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * The lab's Meter counts throttles per attempt from DynamoDB's error body, as it must on AWS (which names the error
 * in the body's __type and sends no x-amzn-ErrorType header; the gateway now answers the same way). Through the
 * gateway's capacity model, on a table capped at 5 write units/s, the Meter's count equals the SDK's own count of
 * throttled attempts (its per-attempt metrics), for the sync and the async client, and it carries the
 * ThrottlingReasons of attempts that succeeded on a retry.
 */
class MeterThrottleCountTest {
    static final class SdkCount implements MetricPublisher {
        final AtomicLong throttledAttempts = new AtomicLong();

        @Override
        public void publish(MetricCollection call) {
            for (MetricCollection c : call.children()) {
                if (c.name().equals("ApiCallAttempt") && c.metricValues(CoreMetric.ERROR_TYPE).contains(SdkErrorType.THROTTLING.toString())) {
                    throttledAttempts.incrementAndGet();
                }
            }
        }

        @Override
        public void close() {}
    }

    private static String cappedTable() {
        String table = TestSupport.randomTable();
        TestSupport.admin().createTable(b -> b.tableName(table).billingMode("PAY_PER_REQUEST")
                .onDemandThroughput(o -> o.maxWriteRequestUnits(5L).maxReadRequestUnits(100L))
                .attributeDefinitions(a -> a.attributeName("PK").attributeType("S"), a -> a.attributeName("SK").attributeType("S"))
                .keySchema(k -> k.attributeName("PK").keyType("HASH"), k -> k.attributeName("SK").keyType("RANGE")));
        return table;
    }

    private static PutItemRequest put(String table, int i, SdkCount sdk) {
        return PutItemRequest.builder().tableName(table)
                .item(Map.of("PK", AttributeValue.fromS("k" + i), "SK", AttributeValue.fromS("s"), "D", AttributeValue.fromS("x".repeat(900))))
                .overrideConfiguration(o -> o.addMetricPublisher(sdk)).build();
    }

    @Test
    void syncAndAsyncClientsCountEveryThrottledAttemptWithItsReason() {
        String table = cappedTable();
        try (Target t = TestSupport.target()) {
            Meter meter = new Meter();
            DynamoDbClient sync = t.dynamo(Principal.admin(), meter);
            DynamoDbAsyncClient async = t.dynamoAsync(Principal.admin(), meter);
            SdkCount sdk = new SdkCount();
            Meter.Measured<Void> m = meter.measure("puts", () -> {
                for (int i = 0; i < 6; i++) sync.putItem(put(table, i, sdk));
                List<CompletableFuture<?>> all = new ArrayList<>();
                for (int i = 6; i < 14; i++) all.add(async.putItem(put(table, i, sdk)));
                CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
                return null;
            });
            assertTrue(sdk.throttledAttempts.get() > 0, "the capped table throttled");
            assertEquals(sdk.throttledAttempts.get(), m.measurement().throttled(), "the Meter counts what the SDK saw, attempt by attempt");
            assertEquals(Map.of("TableWriteMaxOnDemandThroughputExceeded", sdk.throttledAttempts.get()), m.throttlingReasons());
        }
        assertEquals(14, TestSupport.admin().scan(b -> b.tableName(table).select("COUNT")).count(), "every put succeeded on a retry");
    }
}
