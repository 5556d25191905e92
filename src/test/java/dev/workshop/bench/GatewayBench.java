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
 * all on one in-memory server, and through the local target's filters but access, in many short slices taken in
 * turn, with the median of each cycle's ratio. Then, in a pass of its own, where each side's server-thread CPU goes
 * stage by stage ({@link dev.workshop.gateway.GatewayProfile}): the steadier figure on two shared cores. Printed,
 * never asserted.
 * Run: mvn -Pbench test -Dtest=GatewayBench [-Dbench.cycles=40 -Dbench.slice=1000]
 */
@Tag("bench")
class GatewayBench {
    private static final int ITEMS = Integer.getInteger("bench.items", 6_000);
    private static final int IN_FLIGHT = 32;

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
            List<Side> sides = new ArrayList<>();
            try {
                for (int i = 0; i < names.length; i++) sides.add(new Side(endpoints[i], keys[i]));
                // Warm-up: the JIT compiles every side's path before anything is measured.
                for (int w = 0; w < 2; w++) for (Side side : sides) side.slice(ITEMS);
                // Many short slices, the sides taking turns in a rotated order: a slow moment of the machine (another
                // process, a GC, the JIT) falls on every side alike, and each cycle's ratios compare runs seconds apart.
                // Whole rounds of 6,000 a side swung by a quarter from one run of the bench to the next.
                double[][] rate = new double[names.length][CYCLES];
                double[][] cpu = new double[names.length][CYCLES];
                long[] failed = new long[names.length];
                for (int cycle = 0; cycle < CYCLES; cycle++) {
                    for (int k = 0; k < names.length; k++) {
                        int i = (cycle + k) % names.length;
                        long cpu0 = cpuNanos();
                        double[] x = sides.get(i).slice(SLICE);
                        cpu[i][cycle] = (cpuNanos() - cpu0) / 1e9 * 1000 / SLICE;
                        rate[i][cycle] = x[0];
                        failed[i] += (long) x[1];
                    }
                }
                double load1 = java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
                System.out.printf(Locale.ROOT, "%nGATEWAY PutItems of ~250 B, %d in flight, %d cycles of %d requests a side, rotated; medians of each"
                        + " cycle's ratio to direct; %d cores, one-minute load %.2f before, %.2f after%n",
                        IN_FLIGHT, CYCLES, SLICE, Runtime.getRuntime().availableProcessors(), load0, load1);
                for (int i = 0; i < names.length; i++) {
                    List<Double> paired = new ArrayList<>();
                    List<Double> pairedCpu = new ArrayList<>();
                    for (int c = 0; c < CYCLES; c++) {
                        paired.add(rate[i][c] / rate[0][c]);
                        pairedCpu.add(cpu[0][c] / cpu[i][c]);
                    }
                    List<Double> sorted = paired.stream().sorted().toList();
                    System.out.printf(Locale.ROOT, "  %-46s %5.0f writes/s  %.2fx (middle half of cycles %.2f-%.2fx)  JVM CPU %.3f s/1k requests (%.2fx)  failed %d%n",
                            names[i], median(java.util.Arrays.stream(rate[i]).boxed().toList()), median(paired),
                            sorted.get(CYCLES / 4), sorted.get(CYCLES * 3 / 4), median(java.util.Arrays.stream(cpu[i]).boxed().toList()),
                            median(pairedCpu), failed[i]);
                }
                System.out.println("  target: the attendee's path >= 0.95x of DynamoDB Local alone. JVM CPU is this process's (the SDK client,");
                System.out.println("  the server, GC and JIT); (x) is direct's CPU per request over this side's, cycle by cycle.");
                profile(names, sides, server, new dev.workshop.gateway.Gateway[] {null, server.gateway(), server.gateway(), bare.gateway(), noAccess.gateway()});
            } finally {
                for (Side side : sides) side.close();
            }
        }
    }

    /**
     * Where each gateway side's server-thread CPU goes, stage by stage, in a pass of its own after the timed cycles (the
     * probes cost a few microseconds a request, which the ratios above must not pay).
     */
    private static void profile(String[] names, List<Side> sides, LocalServer direct, dev.workshop.gateway.Gateway[] gateways) throws Exception {
        int rounds = 6;
        List<Map<String, Long>> totals = new ArrayList<>();
        long[] requests = new long[names.length];
        for (int i = 0; i < names.length; i++) totals.add(new java.util.LinkedHashMap<>());
        for (int r = 0; r < rounds; r++) {
            for (int k = 0; k < names.length; k++) {
                int i = (r + k) % names.length;
                dev.workshop.gateway.GatewayProfile p = gateways[i] == null ? direct.startDirectProfile() : gateways[i].startProfile();
                sides.get(i).slice(SLICE);
                requests[i] += p.requests();
                p.nanosByStage().forEach((stage, ns) -> totals.get(i).merge(stage, ns, Long::sum));
            }
        }
        System.out.printf(Locale.ROOT, "%nGATEWAY STAGES: server-thread CPU, microseconds per request (%d slices of %d a side, probes on)%n", rounds, SLICE);
        double directUs = -1;
        for (int i = 0; i < names.length; i++) {
            long n = Math.max(1, requests[i]);
            double all = 0;
            StringBuilder line = new StringBuilder();
            for (Map.Entry<String, Long> e : totals.get(i).entrySet()) {
                double us = e.getValue() / 1e3 / n;
                all += us;
                line.append(String.format(Locale.ROOT, "%n    %-40s %7.1f", e.getKey(), us));
            }
            if (gateways[i] == null) directUs = all;
            System.out.printf(Locale.ROOT, "  %s: %.1f us%s%s%n", names[i], all,
                    gateways[i] == null || directUs < 0 ? "" : String.format(Locale.ROOT, ", %+.1f us against direct", all - directUs), line);
        }
        System.out.println("  Each stage's probe costs about 0.5-1 us of these figures (a read of the thread's CPU clock): direct has");
        System.out.println("  2 stages, the attendee's gateway path 13.");
    }

    private static final int SLICE = Integer.getInteger("bench.slice", 1_000);
    private static final int CYCLES = Integer.getInteger("bench.cycles", 40);

    /** One side: its clients, made once, and the attendee's personal table (the one table it may write), made if missing. */
    private static final class Side implements AutoCloseable {
        // The attendee's own personal table, the one table the policy lets them write outside the shared one.
        private static final String TABLE = "ws-att-gwbench";
        private final NettyNioAsyncHttpClient http = (NettyNioAsyncHttpClient) NettyNioAsyncHttpClient.builder().maxConcurrency(64).build();
        private final DynamoDbAsyncClient client;
        private final String payload = "p".repeat(200);
        private int next;

        Side(URI endpoint, String accessKey) throws Exception {
            try (DynamoDbAsyncClient setup = DynamoDbAsyncClient.builder().endpointOverride(endpoint).region(LoopbackTarget.LOCAL_REGION)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("WSADMIN", "x"))).httpClient(http).build()) {
                createPersonalTable(setup);
            }
            client = DynamoDbAsyncClient.builder().endpointOverride(endpoint).region(LoopbackTarget.LOCAL_REGION)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "x"))).httpClient(http).build();
        }

        /** Writes n items, IN_FLIGHT at a time; returns {writes/s, failed requests}. */
        double[] slice(int n) throws Exception {
            AtomicLong failed = new AtomicLong();
            Semaphore slots = new Semaphore(IN_FLIGHT);
            List<CompletableFuture<?>> all = new ArrayList<>(n);
            long t0 = System.nanoTime();
            for (int i = 0; i < n; i++) {
                slots.acquire();
                String key = "k" + (next++ % ITEMS);
                all.add(client.putItem(b -> b.tableName(TABLE).item(Map.of("PK", AttributeValue.fromS(key), "D", AttributeValue.fromS(payload))))
                        .whenComplete((r, e) -> {
                            if (e != null) failed.incrementAndGet();
                            slots.release();
                        }));
            }
            CompletableFuture.allOf(all.toArray(new CompletableFuture[0])).exceptionally(e -> null).get();
            return new double[] {n / ((System.nanoTime() - t0) / 1e9), failed.get()};
        }

        @Override
        public void close() {
            client.close();
            http.close();
        }
    }

    /** The attendee's personal table, the one table the policy lets them write outside the shared one; made if missing. */
    private static void createPersonalTable(DynamoDbAsyncClient admin) throws Exception {
        try {
            admin.createTable(b -> b.tableName(Side.TABLE).billingMode("PAY_PER_REQUEST")
                    .attributeDefinitions(a -> a.attributeName("PK").attributeType("S"))
                    .keySchema(k -> k.attributeName("PK").keyType("HASH"))).get();
        } catch (java.util.concurrent.ExecutionException e) {
            // Sides on one DynamoDB Local (directly and through its gateway), and this class's two benchmarks, share it.
            if (!(e.getCause() instanceof software.amazon.awssdk.services.dynamodb.model.ResourceInUseException)) throw e;
        }
    }

    /**
     * The access filter's own cost, without HTTP or DynamoDB Local: the decision for the load above (a PutItem in the
     * attendee's personal table) and for a bootstrap batch (a BatchWriteItem of 25 puts in the shared table: one
     * authorization request, its dynamodb:LeadingKeys the 25 items' keys), in microseconds of one thread. Pure CPU on
     * one core, so it barely moves with the machine's load: the steady figure of what IAM adds per request. Printed,
     * never asserted.
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
            createPersonalTable(admin);
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
            admin.deleteTable(b -> b.tableName(Side.TABLE)).get();
        }
    }

    private static void decide(dev.workshop.gateway.AccessFilter filter, String op, dev.workshop.target.Principal who, byte[] body) {
        var answer = filter.before(new dev.workshop.gateway.GatewayExchange(op, who, body, 0));
        if (answer != null) throw new AssertionError(op + " was denied: " + new String(answer.body(), java.nio.charset.StandardCharsets.UTF_8));
    }

    private static long cpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double median(List<Double> xs) {
        List<Double> s = xs.stream().sorted().toList();
        return s.get(s.size() / 2);
    }
}
