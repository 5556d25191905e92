package dev.workshop.bench;

import dev.workshop.TestSupport;
import dev.workshop.console.Console;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.KeyDesign;
import dev.workshop.model.SampleData;
import dev.workshop.model.Tables;
import dev.workshop.target.LocalTarget;
import dev.workshop.target.LoopbackTarget;
import dev.workshop.target.Target;
import dev.workshop.target.Principal;
import dev.workshop.workspace.BatchWriter;
import dev.workshop.workspace.Workspace;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Instant;
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
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Issue 2's figures, side by side in one run on one in-memory DynamoDB Local:
 * our bootstrap of 100 attendees (through the gateway, personal tables and seed markers included) against the best
 * raw SDK loop (async BatchWriteItem, 16 in flight) writing the same items, once via the gateway (the server the
 * local target's clients talk to) and once straight to DynamoDB Local; and cleanup of one attendee with 10 and with
 * 100 attendees seeded. Run: mvn -o -Pbench test -Dtest=BootstrapBenchmark [-Dbench.rounds=3 -Dbench.attendees=100]
 */
@Tag("bench")
class BootstrapBenchmark {
    /** -Dbench.attendees and -Dbench.rounds shorten or lengthen a run; the figure is 100 attendees. */
    private static final int ATTENDEES = Integer.getInteger("bench.attendees", 100);
    private static final int ROUNDS = Integer.getInteger("bench.rounds", 3);
    private static final AtomicLong RAW_RETRIES = new AtomicLong();
    private static final AtomicLong SPREAD_RETRIES = new AtomicLong();

    @Test
    void bootstrapAgainstRawSdkAndCleanupScaling() throws Exception {
        LocalTarget target = TestSupport.target();
        Console quiet = new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false, false, 100);
        String run = Long.toString(System.nanoTime() % 100000, 36);

        // Warm-up: JIT, connection pools and SQLite pages, on throwaway tables.
        ours(target, quiet, "ws-warm-" + run, ids("w" + run, 20), new ArrayList<>());
        raw("ws-warmraw-" + run, ids("w" + run, 20), 16, TestSupport.server().backendEndpoint());
        raw("ws-warmgw-" + run, ids("w" + run, 20), 16, TestSupport.server().endpoint());

        // Rounds with the order rotated, so that no side always gets the warmer (or the more crowded) server;
        // each round writes to fresh tables. The medians are compared.
        List<Double> oursRuns = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        List<Double> gateway = new ArrayList<>();
        List<Double> spread = new ArrayList<>();
        List<BatchWriter> writers = new ArrayList<>();
        long gatewayRetries = 0;
        int items = 0;
        for (int round = 0; round < ROUNDS; round++) {
            List<AttendeeId> roster = ids("b" + round + run, ATTENDEES);
            items = roster.stream().mapToInt(Workspace::seedSize).sum();
            for (int k = 0; k < 4; k++) {
                switch ((round + k) % 4) {
                    case 0 -> oursRuns.add(ours(target, quiet, "ws-bench" + round + "-" + run, roster, writers));
                    case 1 -> direct.add(raw("ws-raw" + round + "-" + run, roster, 16, TestSupport.server().backendEndpoint()));
                    case 2 -> spread.add(raw("ws-rawsp" + round + "-" + run, roster, 16, TestSupport.server().endpoint(), true));
                    default -> {
                        long before = RAW_RETRIES.get();
                        gateway.add(raw("ws-rawgw" + round + "-" + run, roster, 16, TestSupport.server().endpoint()));
                        gatewayRetries += RAW_RETRIES.get() - before;
                    }
                }
            }
        }
        double oursSec = median(oursRuns);
        double rawSec = median(direct);
        double gwSec = median(gateway);
        double spreadSec = median(spread);
        System.out.printf(Locale.ROOT, "%nBOOTSTRAP %d attendees, %d items, %d rounds (DynamoDB Local in-memory, one JVM, %d cores); medians%n",
                ATTENDEES, items, ROUNDS, Runtime.getRuntime().availableProcessors());
        System.out.printf(Locale.ROOT, "  ours: bootstrap --ids (8 at once, 16 in flight, via gateway, tables + markers): %6.0f items/s %s%n",
                items / oursSec, rates(items, oursRuns));
        System.out.printf(Locale.ROOT, "  raw SDK async BatchWriteItem, 16 in flight, straight to DynamoDB Local:      %6.0f items/s %s%n",
                items / rawSec, rates(items, direct));
        System.out.printf(Locale.ROOT, "  raw SDK async BatchWriteItem, 16 in flight, via the gateway:                %6.0f items/s %s%n",
                items / gwSec, rates(items, gateway));
        System.out.printf(Locale.ROOT, "  raw, 16 in flight, via the gateway, batches round-robin over attendees, backoff: %6.0f items/s %s%n",
                items / spreadSec, rates(items, spread));
        System.out.printf(Locale.ROOT, "  throttled batch retries: ours %d, raw via gateway %d, raw round-robin with backoff %d%n",
                writers.stream().mapToLong(BatchWriter::retries).sum(), gatewayRetries, SPREAD_RETRIES.get());
        System.out.printf(Locale.ROOT, "  ratio ours / best raw via the gateway (same server): %.2fx; ours / raw straight to DynamoDB Local: %.2fx%n",
                Math.min(gwSec, spreadSec) / oursSec, rawSec / oursSec);

        // Cleanup of one attendee with 10 seeded, then with 100 seeded, on a fresh shared table: five times each
        // (the same attendee, bootstrapped again after each cleanup), medians compared. As a control, the same
        // cleanup straight to DynamoDB Local, alternating with ours: it tells our work from the storage engine's.
        String shared = "ws-clean-" + run;
        List<AttendeeId> big = ids("c" + run, 100);
        ours(target, quiet, shared, big.subList(0, 10), new ArrayList<>());
        Workspace ws = new Workspace(target, shared, Clock.systemUTC());
        try (LoopbackTarget straight = new LoopbackTarget(Target.Kind.ENDPOINT, TestSupport.server().backendEndpoint(), "direct", null)) {
            Workspace control = new Workspace(straight, shared, Clock.systemUTC());
            Cleanups small = cleanups(ws, control, big.get(0));
            bootstrapOnly(ws, target, big.subList(10, 100), new ArrayList<>());
            Cleanups large = cleanups(ws, control, big.get(1));
            System.out.printf(Locale.ROOT, "%nCLEANUP of one attendee (%d items), 5 times each, medians%n", Workspace.seedSize(big.get(0)) + 1);
            System.out.printf(Locale.ROOT, "  with  10 attendees seeded: %3d requests, %6.1f ms; straight to DynamoDB Local %6.1f ms%n",
                    small.requests, median(small.ours), median(small.direct));
            System.out.printf(Locale.ROOT, "  with 100 attendees seeded: %3d requests, %6.1f ms; straight to DynamoDB Local %6.1f ms%n",
                    large.requests, median(large.ours), median(large.direct));
            System.out.printf(Locale.ROOT, "  ratio 100/10: requests %.2fx, time %.2fx; DynamoDB Local alone, time %.2fx%n%n",
                    (double) large.requests / small.requests, median(large.ours) / median(small.ours),
                    median(large.direct) / median(small.direct));
        }
    }

    private record Cleanups(long requests, List<Double> ours, List<Double> direct) {}

    private static Cleanups cleanups(Workspace ws, Workspace control, AttendeeId id) {
        List<Double> ours = new ArrayList<>();
        List<Double> direct = new ArrayList<>();
        long requests = 0;
        for (int i = 0; i < 5; i++) {
            for (Workspace w : List.of(ws, control)) {
                BatchWriter writer = new BatchWriter(w.target().dynamoAsync(Principal.attendee(id)), 16);
                long t0 = System.nanoTime();
                Workspace.CleanupResult r = w.cleanup(id, writer);
                double ms = (System.nanoTime() - t0) / 1e6;
                if (w == ws) {
                    ours.add(ms);
                    requests = r.queryRequests() + writer.requests() + 1;
                } else {
                    direct.add(ms);
                }
                w.bootstrap(id, new BatchWriter(w.target().dynamoAsync(Principal.attendee(id)), 16), null);
            }
        }
        return new Cleanups(requests, ours, direct);
    }

    private static double median(List<Double> xs) {
        List<Double> sorted = xs.stream().sorted().toList();
        return sorted.get(sorted.size() / 2);
    }

    private static String rates(int items, List<Double> secs) {
        return secs.stream().map(x -> String.format(Locale.ROOT, "%.0f", items / x)).collect(java.util.stream.Collectors.joining(", ", "(rounds: ", ")"));
    }

    private static List<AttendeeId> ids(String prefix, int n) {
        List<AttendeeId> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(AttendeeId.of(prefix + "-" + i));
        return out;
    }

    /** Our facilitator path: what `bootstrap --ids ...` runs (8 attendees at once, one budget of 16 requests). */
    private static double ours(LocalTarget target, Console quiet, String shared, List<AttendeeId> roster, List<BatchWriter> writers)
            throws Exception {
        long t0 = System.nanoTime();
        Workspace ws = new Workspace(target, shared, Clock.systemUTC());
        ws.ensureSharedTable(quiet);
        bootstrapOnly(ws, target, roster, writers);
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void bootstrapOnly(Workspace ws, LocalTarget target, List<AttendeeId> roster, List<BatchWriter> writers)
            throws Exception {
        Semaphore budget = new Semaphore(16);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
            for (AttendeeId id : roster) {
                BatchWriter writer = new BatchWriter(target.dynamoAsync(Principal.attendee(id)), budget);
                writers.add(writer);
                fs.add(pool.submit(() -> ws.bootstrap(id, writer, null)));
            }
            for (var f : fs) f.get();
        } finally {
            pool.shutdown();
        }
    }

    /** The best raw loop: the same items, async BatchWriteItem, a fixed number in flight, straight to DynamoDB Local. */
    private static double raw(String table, List<AttendeeId> roster, int inFlight, java.net.URI endpoint) {
        return raw(table, roster, inFlight, endpoint, false);
    }

    /**
     * @param spread batches in round-robin order over the attendees (16 in flight touch 16 ByOwner keys, not one), and
     *     unprocessed items retried after a jittered exponential backoff: the best a raw loop can do against a server
     *     that throttles like DynamoDB
     */
    private static double raw(String table, List<AttendeeId> roster, int inFlight, java.net.URI endpoint, boolean spread) {
        try (DynamoDbAsyncClient c = DynamoDbAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("WSADMIN", "x")))
                .httpClient(NettyNioAsyncHttpClient.builder().maxConcurrency(64).build())
                .build()) {
            c.createTable(Tables.sharedTable(table)).join();
            List<List<List<WriteRequest>>> perAttendee = new ArrayList<>();
            for (AttendeeId id : roster) {
                List<Map<String, AttributeValue>> items = KeyDesign.items(id, SampleData.generate(id), Instant.now());
                List<List<WriteRequest>> chunks = new ArrayList<>();
                for (int i = 0; i < items.size(); i += 25) {
                    chunks.add(items.subList(i, Math.min(items.size(), i + 25)).stream()
                            .map(it -> WriteRequest.builder().putRequest(PutRequest.builder().item(it).build()).build()).toList());
                }
                perAttendee.add(chunks);
            }
            List<List<WriteRequest>> batches = new ArrayList<>();
            if (spread) {
                for (int k = 0; perAttendee.stream().anyMatch(cs -> !cs.isEmpty()); k++) {
                    boolean any = false;
                    for (List<List<WriteRequest>> cs : perAttendee) {
                        if (k < cs.size()) {
                            batches.add(cs.get(k));
                            any = true;
                        }
                    }
                    if (!any) break;
                }
            } else {
                perAttendee.forEach(batches::addAll);
            }
            long t0 = System.nanoTime();
            Semaphore sem = new Semaphore(inFlight);
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (List<WriteRequest> chunk : batches) {
                sem.acquireUninterruptibly();
                all.add((spread ? sendWithBackoff(c, table, chunk, 1) : send(c, table, chunk)).whenComplete((r, e) -> sem.release()));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private static CompletableFuture<Void> sendWithBackoff(DynamoDbAsyncClient c, String table, List<WriteRequest> chunk, int attempt) {
        return c.batchWriteItem(BatchWriteItemRequest.builder().requestItems(Map.of(table, chunk)).build())
                .thenCompose(r -> {
                    List<WriteRequest> left = r.unprocessedItems().getOrDefault(table, List.of());
                    if (left.isEmpty()) return CompletableFuture.completedFuture(null);
                    SPREAD_RETRIES.incrementAndGet();
                    long delay = java.util.concurrent.ThreadLocalRandom.current().nextLong(1, Math.min(2_000, 50L << attempt));
                    return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(delay, java.util.concurrent.TimeUnit.MILLISECONDS))
                            .thenCompose(x -> sendWithBackoff(c, table, left, attempt + 1));
                });
    }

    private static CompletableFuture<Void> send(DynamoDbAsyncClient c, String table, List<WriteRequest> chunk) {
        return c.batchWriteItem(BatchWriteItemRequest.builder().requestItems(Map.of(table, chunk)).build())
                .thenCompose(r -> {
                    List<WriteRequest> left = r.unprocessedItems().getOrDefault(table, List.of());
                    if (!left.isEmpty()) RAW_RETRIES.incrementAndGet();
                    return left.isEmpty() ? CompletableFuture.completedFuture(null) : send(c, table, left);
                });
    }
}
