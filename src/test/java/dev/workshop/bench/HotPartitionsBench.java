package dev.workshop.bench;

import dev.workshop.TestSupport;
import dev.workshop.capacity.Simulation;
import dev.workshop.capacity.SimulationResult;
import dev.workshop.capacity.TableSpec;
import dev.workshop.capacity.Workload;
import dev.workshop.target.LocalServer;
import dev.workshop.target.LoopbackTarget;
import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Figures for issue 4, printed, never asserted: the gateway's overhead (the same write workload through the gateway
 * with the capacity model on, and straight to DynamoDB Local, alternated in one run), the lab's default run on the
 * local target, and the simulation's speed. Run: mvn -o -Pbench test -Dtest=HotPartitionsBench
 */
@Tag("bench")
class HotPartitionsBench {
    private static final int ITEMS = 6_000;
    private static final int IN_FLIGHT = 32;

    @Test
    void gatewayOverhead() throws Exception {
        LocalServer server = TestSupport.server();
        double[] direct = new double[3];
        double[] gateway = new double[3];
        long throttledViaGateway = 0;
        round(server.backendEndpoint(), 2_000);
        round(server.endpoint(), 2_000);
        for (int i = 0; i < 3; i++) {
            direct[i] = round(server.backendEndpoint(), ITEMS)[0];
            double[] g = round(server.endpoint(), ITEMS);
            gateway[i] = g[0];
            throttledViaGateway += (long) g[1];
        }
        double d = median(direct);
        double g = median(gateway);
        System.out.printf(Locale.ROOT, "BENCH gateway overhead: %d PutItems of ~250 B, %d in flight, median of 3 alternated rounds%n", ITEMS, IN_FLIGHT);
        System.out.printf(Locale.ROOT, "BENCH   DynamoDB Local directly: %.0f writes/s %s%n", d, java.util.Arrays.toString(direct));
        System.out.printf(Locale.ROOT, "BENCH   through the gateway (capacity model on): %.0f writes/s %s, throttled attempts %d%n", g,
                java.util.Arrays.toString(gateway), throttledViaGateway);
        System.out.printf(Locale.ROOT, "BENCH   ratio gateway/direct: %.2fx (target >= 0.9x)%n", g / d);
        // The hop alone: a gateway with no filter at all, to tell the transport's cost from the capacity model's.
        try (LocalServer bare = LocalServer.inMemory(tables -> java.util.List.of())) {
            round(bare.endpoint(), 2_000);
            double[] b = new double[3];
            for (int i = 0; i < 3; i++) b[i] = round(bare.endpoint(), ITEMS)[0];
            System.out.printf(Locale.ROOT, "BENCH   a bare gateway hop (no filters): %.0f writes/s %s: %.2fx of direct; the capacity filter costs %.2fx of the hop%n",
                    median(b), java.util.Arrays.toString(b), median(b) / d, g / median(b));
        }
    }

    /** Writes n items to a new table at the endpoint; returns {writes/s, throttled attempts}. */
    private static double[] round(URI endpoint, int n) throws Exception {
        String table = TestSupport.randomId("bench-t");
        NettyNioAsyncHttpClient http = (NettyNioAsyncHttpClient) NettyNioAsyncHttpClient.builder().maxConcurrency(64).build();
        AtomicLong throttled = new AtomicLong();
        try (DynamoDbAsyncClient c = DynamoDbAsyncClient.builder().endpointOverride(endpoint).region(LoopbackTarget.LOCAL_REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("WSADMIN", "x")))
                .httpClient(http).build()) {
            c.createTable(b -> b.tableName(table).billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("PK").attributeType("S"))
                    .keySchema(k -> k.attributeName("PK").keyType("HASH"))).get();
            String payload = "p".repeat(200);
            Semaphore slots = new Semaphore(IN_FLIGHT);
            List<CompletableFuture<?>> all = new ArrayList<>();
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                slots.acquire();
                int k = i;
                all.add(c.putItem(b -> b.tableName(table).item(Map.of("PK", AttributeValue.fromS("k" + k), "D", AttributeValue.fromS(payload))))
                        .whenComplete((r, e) -> {
                            if (e != null) throttled.incrementAndGet();
                            slots.release();
                        }));
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).exceptionally(e -> null).get();
            double secs = (System.nanoTime() - t0) / 1e9;
            c.deleteTable(b -> b.tableName(table)).get();
            return new double[] {n / secs, throttled.get()};
        } finally {
            http.close();
        }
    }

    private static double median(double[] v) {
        double[] s = v.clone();
        java.util.Arrays.sort(s);
        return s[s.length / 2];
    }

    @Test
    void labDefaultRunOnTheLocalTarget() {
        String id = TestSupport.randomId("bench");
        String shared = TestSupport.randomTable();
        // Workspace first, so the timing is the lab's own.
        TestSupport.run("bootstrap", "--id", id, "--shared-table", shared);
        long t0 = System.nanoTime();
        TestSupport.Result r = TestSupport.run("hot-partitions", "--id", id, "--shared-table", shared, "--no-pause");
        double secs = (System.nanoTime() - t0) / 1e9;
        Matcher m = Pattern.compile("first attempts throttled\\s+([0-9.]+)%\\s+([0-9.]+)%").matcher(r.out());
        Matcher w = Pattern.compile("writes/s\\s+(\\d+)\\s+(\\d+)").matcher(r.out());
        System.out.printf(Locale.ROOT, "BENCH lab hot-partitions default run (local target): exit %d in %.1f s (target < 120 s)%n", r.exit(), secs);
        if (m.find()) {
            System.out.printf(Locale.ROOT, "BENCH   first attempts throttled: single key %s%% (target >= 20%%), sharded %s%% (target < 1%%)%n", m.group(1), m.group(2));
        }
        if (w.find()) System.out.printf(Locale.ROOT, "BENCH   writes/s: single key %s, sharded %s%n", w.group(1), w.group(2));
        if (r.exit() != 0) System.out.println(r);
    }

    @Test
    void simulateTenMinutesAtTenThousandPerSecond() {
        // Once to warm up the JIT, then timed: what `--simulate` costs an attendee.
        Simulation.run(TableSpec.onDemand("t"), Workload.writes("t", 10_000, 1024, 10, Duration.ofMinutes(10)));
        long t0 = System.nanoTime();
        SimulationResult r = Simulation.run(TableSpec.onDemand("t"), Workload.writes("t", 10_000, 1024, 10, Duration.ofMinutes(10)));
        double ms = (System.nanoTime() - t0) / 1e6;
        System.out.printf(Locale.ROOT, "BENCH simulate 10 min at 10,000 writes/s (6,000,000 requests): %.0f ms (target < 1,000 ms); throttled %d%n",
                ms, r.total().throttled());
        TestSupport.Result cli = TestSupport.run("hot-partitions", "--id", TestSupport.randomId("sim"), "--shared-table", TestSupport.randomTable(),
                "--no-pause", "--simulate", "--rate", "10000", "--item-kb", "1", "--seconds", "600");
        Matcher m = Pattern.compile("\\((\\d+) ms of").matcher(cli.out());
        List<String> times = new ArrayList<>();
        while (m.find()) times.add(m.group(1) + " ms");
        System.out.println("BENCH   through the lab's --simulate (one key, then sharded): " + times + " (exit " + cli.exit() + ")");
        // At 10,000 WCU/s even ten shards overrun a new table's four partitions, so the sharded check fails: the model is right.
    }
}
