package dev.workshop.bench;

import dev.workshop.TestSupport;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The cost of the gateway hop alone: the same PutItem workload (16 in flight) straight to DynamoDB Local and through
 * the gateway, alternated three times in one run. Run: mvn -o -Pbench test -Dtest=GatewayHopBenchmark
 */
@Tag("bench")
class GatewayHopBenchmark {
    @Test
    void putItemThroughputWithAndWithoutTheGateway() {
        URI direct = TestSupport.server().backendEndpoint();
        URI gateway = TestSupport.server().endpoint();
        String table = "ws-hop-" + System.nanoTime();
        try (DynamoDbAsyncClient admin = client(direct)) {
            admin.createTable(b -> b.tableName(table).billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(a -> a.attributeName("PK").attributeType(ScalarAttributeType.S))
                    .keySchema(k -> k.attributeName("PK").keyType(KeyType.HASH))).join();
        }
        run(direct, table, 2000, "warm");
        run(gateway, table, 2000, "warm");
        double d = 0;
        double g = 0;
        for (int round = 0; round < 3; round++) {
            d += run(direct, table, 5000, "d" + round);
            g += run(gateway, table, 5000, "g" + round);
        }
        System.out.printf(Locale.ROOT, "%nGATEWAY HOP, PutItem of ~200 B, 16 in flight, 3 x 5000 each, alternated%n");
        System.out.printf(Locale.ROOT, "  direct:  %6.0f req/s%n  gateway: %6.0f req/s%n  ratio gateway/direct: %.2fx%n%n", d / 3, g / 3, g / d);
    }

    private static DynamoDbAsyncClient client(URI endpoint) {
        return DynamoDbAsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("WSADMIN", "x")))
                .httpClient(NettyNioAsyncHttpClient.builder().maxConcurrency(64).build()).build();
    }

    private static double run(URI endpoint, String table, int n, String tag) {
        try (DynamoDbAsyncClient c = client(endpoint)) {
            Semaphore sem = new Semaphore(16);
            List<CompletableFuture<?>> all = new ArrayList<>();
            String pad = "x".repeat(150);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                String key = tag + "-" + i;
                sem.acquireUninterruptibly();
                all.add(c.putItem(b -> b.tableName(table).item(Map.of("PK", AttributeValue.fromS(key),
                        "Pad", AttributeValue.fromS(pad)))).whenComplete((r, e) -> sem.release()));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            return n / ((System.nanoTime() - t0) / 1e9);
        }
    }
}
