package dev.workshop.bench;

import dev.workshop.TestSupport;
import dev.workshop.target.LocalServer;
import dev.workshop.target.LoopbackTarget;
import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.http.nio.netty.NettyNioAsyncHttpClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * Issue 15: the gateway's cost on the issue's load (6,000 PutItems of ~250 B, 32 in flight), as an attendee's requests
 * pass it (signed as an attendee, so the access filter evaluates the policy, then tags, then the capacity model), as
 * the administrator's (no policy), through a gateway with no filter (the hop alone), and straight to DynamoDB Local,
 * all on one in-memory server, the sides rotated round by round, medians. Printed, never asserted.
 * Run: mvn -Pbench test -Dtest=GatewayBench [-Dbench.rounds=5]
 */
@Tag("bench")
class GatewayBench {
    private static final int ITEMS = Integer.getInteger("bench.items", 6_000);
    private static final int IN_FLIGHT = 32;
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 5);

    @Test
    void gatewayAgainstDynamoDbLocalAlone() throws Exception {
        LocalServer server = TestSupport.server();
        double load0 = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
        try (LocalServer bare = LocalServer.inMemory(tables -> List.of());
             // The local target's filters but the access filter: the attendee's path without IAM, to isolate its cost.
             LocalServer noAccess = LocalServer.inMemory(tables -> List.of(new dev.workshop.gateway.TagFilter(null),
                     dev.workshop.gateway.CapacityFilter.forCatalogue(tables, dev.workshop.metrics.MetricsStore.inMemory()),
                     new dev.workshop.gateway.IndexDeletionFilter(tables.backend())))) {
            String attendee = dev.workshop.target.Principal.attendee(dev.workshop.model.AttendeeId.of("gwbench")).localAccessKeyId();
            String[] names = {"DynamoDB Local alone (direct connector)", "gateway, attendee (access + tags + capacity)",
                    "gateway, administrator (tags + capacity)", "gateway with no filter (the hop alone)",
                    "gateway, attendee, all filters but access"};
            URI[] endpoints = {server.backendEndpoint(), server.endpoint(), server.endpoint(), bare.endpoint(), noAccess.endpoint()};
            String[] keys = {"WSADMIN", attendee, "WSADMIN", "WSADMIN", attendee};
            // Warm-up: two full rounds a side. With 2,000 requests a side the first measured rounds still ran at a third
            // of the later ones' rate while the JIT compiled, and their ratios swung with the rotation.
            for (int w = 0; w < 2; w++) for (int i = 0; i < names.length; i++) round(endpoints[i], keys[i], ITEMS);
            List<List<Double>> rates = new ArrayList<>();
            List<List<Double>> cpu = new ArrayList<>();
            List<List<Double>> serverCpu = new ArrayList<>();
            for (int i = 0; i < names.length; i++) {
                rates.add(new ArrayList<>());
                cpu.add(new ArrayList<>());
                serverCpu.add(new ArrayList<>());
            }
            long[] failed = new long[names.length];
            for (int r = 0; r < ROUNDS; r++) {
                for (int k = 0; k < names.length; k++) {
                    int i = (r + k) % names.length;
                    long cpu0 = cpuNanos();
                    long server0 = serverCpuNanos();
                    double[] x = round(endpoints[i], keys[i], ITEMS);
                    cpu.get(i).add((cpuNanos() - cpu0) / 1e9 * 1000 / ITEMS);
                    serverCpu.get(i).add((serverCpuNanos() - server0) / 1e9 * 1000 / ITEMS);
                    rates.get(i).add(x[0]);
                    failed[i] += (long) x[1];
                }
            }
            double load1 = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
            double direct = median(rates.get(0));
            double directCpu = median(cpu.get(0));
            double directServerCpu = median(serverCpu.get(0));
            System.out.printf(Locale.ROOT, "%nGATEWAY %d PutItems of ~250 B, %d in flight, %d rounds rotated, medians; %d cores, one-minute load %.2f before, %.2f after%n",
                    ITEMS, IN_FLIGHT, ROUNDS, Runtime.getRuntime().availableProcessors(), load0, load1);
            for (int i = 0; i < names.length; i++) {
                double m = median(rates.get(i));
                double c = median(cpu.get(i));
                // Each round's ratio to direct's run in the same round (minutes apart at most): the load of the
                // moment weighs on both, where the ratio of two medians mixes rounds run under different loads.
                List<Double> paired = new ArrayList<>();
                for (int r = 0; r < ROUNDS; r++) paired.add(rates.get(i).get(r) / rates.get(0).get(r));
                double sc = median(serverCpu.get(i));
                System.out.printf(Locale.ROOT, "  %-46s %5.0f writes/s %.2fx (per-round ratios' median %.2fx)  CPU s/1k requests: JVM %.3f (%.2fx)  server threads %.3f (%.2fx)  failed %d  %s%n",
                        names[i], m, m / direct, median(paired), c, directCpu / c, sc, directServerCpu / sc, failed[i],
                        rates.get(i).stream().map(v -> String.format(Locale.ROOT, "%.0f", v)).toList());
            }
            System.out.println("  target: the attendee's path >= 0.95x of DynamoDB Local alone. CPU per request: the whole JVM's (the SDK client too),");
            System.out.println("  and the server's threads' alone (Jetty's, where DynamoDB Local and the gateway run); (x) is direct's CPU / this side's.");
            System.out.println("  On a shared machine the CPU ratios are the steadier figures of what the gateway adds.");
        }
    }

    /**
     * The access filter's own cost, without HTTP or DynamoDB Local: the decision for the load above (a PutItem in the
     * attendee's personal table) and for a bootstrap batch (a BatchWriteItem of 25 puts in the shared table, one
     * authorization request per item), in microseconds of one thread. Pure CPU on one core, so it barely moves with the
     * machine's load: the steady figure of what IAM adds per request. Printed, never asserted.
     */
    @Test
    void accessDecisionCost() throws Exception {
        LocalServer server = TestSupport.server();
        dev.workshop.target.Principal attendee = dev.workshop.target.Principal.attendee(dev.workshop.model.AttendeeId.of("gwbench"));
        String shared = "ws-shared-gwbench";
        try (var admin = DynamoDbAsyncClient.builder().endpointOverride(server.backendEndpoint()).region(LoopbackTarget.LOCAL_REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("WSADMIN", "x"))).build()) {
            admin.createTable(dev.workshop.model.Tables.sharedTable(shared)).get();
            // The personal table exists, as in the load above: the filter then reads its description from the catalogue.
            admin.createTable(b -> b.tableName("ws-att-gwbench").billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("PK").attributeType("S"))
                    .keySchema(k -> k.attributeName("PK").keyType("HASH"))).get();
            dev.workshop.gateway.AccessFilter filter = dev.workshop.gateway.AccessFilter.forBackend(server.backendEndpoint());
            String payload = "p".repeat(200);
            byte[] put = ("{\"TableName\":\"ws-att-gwbench\",\"Item\":{\"PK\":{\"S\":\"k1\"},\"D\":{\"S\":\"" + payload + "\"}}}")
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            StringBuilder batch = new StringBuilder("{\"RequestItems\":{\"" + shared + "\":[");
            for (int i = 0; i < 25; i++) {
                if (i > 0) batch.append(',');
                batch.append("{\"PutRequest\":{\"Item\":{\"PK\":{\"S\":\"ATT#gwbench#CUST#").append(i)
                        .append("\"},\"SK\":{\"S\":\"PROFILE\"},\"OwnerPK\":{\"S\":\"ATT#gwbench#\"},\"D\":{\"S\":\"").append(payload).append("\"}}}}");
            }
            batch.append("]}}");
            byte[] batchBody = batch.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8);
            String[][] cases = {{"PutItem, personal table (the load above)", "PutItem"}, {"BatchWriteItem, 25 puts, shared table", "BatchWriteItem"}};
            byte[][] bodies = {put, batchBody};
            System.out.printf(Locale.ROOT, "%nACCESS DECISION, one thread, after 200,000 warm-up decisions; one-minute load %.2f%n",
                    java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage());
            for (int c = 0; c < cases.length; c++) {
                for (int i = 0; i < 200_000 / (c == 0 ? 1 : 25); i++) decide(filter, cases[c][1], attendee, bodies[c]);
                List<Double> micros = new ArrayList<>();
                for (int r = 0; r < 5; r++) {
                    int n = c == 0 ? 100_000 : 4_000;
                    long t0 = System.nanoTime();
                    for (int i = 0; i < n; i++) decide(filter, cases[c][1], attendee, bodies[c]);
                    micros.add((System.nanoTime() - t0) / 1e3 / n);
                }
                System.out.printf(Locale.ROOT, "  %-42s %8.2f us per request (median of 5), per item %.2f us%n",
                        cases[c][0], median(micros), median(micros) / (c == 0 ? 1 : 25));
            }
            admin.deleteTable(b -> b.tableName(shared)).get();
            admin.deleteTable(b -> b.tableName("ws-att-gwbench")).get();
        }
    }

    private static void decide(dev.workshop.gateway.AccessFilter filter, String op, dev.workshop.target.Principal who, byte[] body) {
        var answer = filter.before(new dev.workshop.gateway.GatewayExchange(op, who, body, 0));
        if (answer != null) throw new AssertionError(op + " was denied: " + new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8));
    }

    /** Writes n items to a new table at the endpoint, signed with the access key; returns {writes/s, failed requests}. */
    private static double[] round(URI endpoint, String accessKey, int n) throws Exception {
        // The attendee's own personal table, the one table the policy lets them write outside the shared one.
        String table = "ws-att-gwbench";
        NettyNioAsyncHttpClient http = (NettyNioAsyncHttpClient) NettyNioAsyncHttpClient.builder().maxConcurrency(64).build();
        AtomicLong failed = new AtomicLong();
        StaticCredentialsProvider admin = StaticCredentialsProvider.create(AwsBasicCredentials.create("WSADMIN", "x"));
        try (DynamoDbAsyncClient setup = DynamoDbAsyncClient.builder().endpointOverride(endpoint).region(LoopbackTarget.LOCAL_REGION)
                .credentialsProvider(admin).httpClient(http).build();
             DynamoDbAsyncClient c = DynamoDbAsyncClient.builder().endpointOverride(endpoint).region(LoopbackTarget.LOCAL_REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "x"))).httpClient(http).build()) {
            setup.createTable(b -> b.tableName(table).billingMode("PAY_PER_REQUEST")
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
                            if (e != null) failed.incrementAndGet();
                            slots.release();
                        }));
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).exceptionally(e -> null).get();
            double secs = (System.nanoTime() - t0) / 1e9;
            setup.deleteTable(b -> b.tableName(table)).get();
            return new double[] {n / secs, failed.get()};
        } finally {
            http.close();
        }
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    /** CPU time of the server's request threads (Jetty's pool, named qtp...): DynamoDB Local's work and the gateway's. */
    private static long serverCpuNanos() {
        java.lang.management.ThreadMXBean threads = java.lang.management.ManagementFactory.getThreadMXBean();
        long sum = 0;
        for (java.lang.management.ThreadInfo t : threads.getThreadInfo(threads.getAllThreadIds())) {
            if (t == null || !t.getThreadName().startsWith("qtp")) continue;
            long n = threads.getThreadCpuTime(t.getThreadId());
            if (n > 0) sum += n;
        }
        return sum;
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.get(s.size() / 2);
    }
}
