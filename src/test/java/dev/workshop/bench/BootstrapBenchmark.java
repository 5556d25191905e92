package dev.workshop.bench;

import dev.workshop.TestSupport;
import dev.workshop.console.Console;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.KeyDesign;
import dev.workshop.model.SampleData;
import dev.workshop.model.Tables;
import dev.workshop.target.LocalTarget;
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
 * raw SDK loop (async BatchWriteItem, 8 in flight, straight to DynamoDB Local) writing the same items; and cleanup of
 * one attendee with 10 and with 100 attendees seeded. Run: mvn -o -Pbench test -Dtest=BootstrapBenchmark
 */
@Tag("bench")
class BootstrapBenchmark {
    private static final int ATTENDEES = 100;

    @Test
    void bootstrapAgainstRawSdkAndCleanupScaling() throws Exception {
        LocalTarget target = TestSupport.target();
        Console quiet = new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false, false, 100);
        String run = Long.toString(System.nanoTime() % 100000, 36);

        // Warm-up: JIT, connection pools and SQLite pages, on throwaway tables.
        ours(target, quiet, "ws-warm-" + run, ids("w" + run, 5));
        raw("ws-warmraw-" + run, ids("w" + run, 5), 8, TestSupport.server().backendEndpoint());

        List<AttendeeId> roster = ids("b" + run, ATTENDEES);
        int items = roster.stream().mapToInt(Workspace::seedSize).sum();
        // Interleaved so that neither side gets the warmer machine.
        double raw8 = raw("ws-raw8-" + run, roster, 8, TestSupport.server().backendEndpoint());
        double oursSec = ours(target, quiet, "ws-bench-" + run, roster);
        double raw16 = raw("ws-raw16-" + run, roster, 16, TestSupport.server().backendEndpoint());
        double rawGateway = raw("ws-rawgw-" + run, roster, 16, TestSupport.server().endpoint());
        double rawBest = Math.min(raw8, raw16);
        System.out.printf(Locale.ROOT, "%nBOOTSTRAP %d attendees, %d items (DynamoDB Local in-memory, one JVM, 2 cores)%n", ATTENDEES, items);
        System.out.printf(Locale.ROOT, "  ours (workspace bootstrap via gateway, tables + markers): %6.0f items/s (%.2f s)%n", items / oursSec, oursSec);
        System.out.printf(Locale.ROOT, "  raw SDK async BatchWriteItem, 8 in flight, direct:       %6.0f items/s (%.2f s)%n", items / raw8, raw8);
        System.out.printf(Locale.ROOT, "  raw SDK async BatchWriteItem, 16 in flight, direct:      %6.0f items/s (%.2f s)%n", items / raw16, raw16);
        System.out.printf(Locale.ROOT, "  raw SDK async BatchWriteItem, 16 in flight, via gateway: %6.0f items/s (%.2f s)%n", items / rawGateway, rawGateway);
        System.out.printf(Locale.ROOT, "  ratio ours / best raw direct: %.2fx; ours / raw via gateway: %.2fx%n", rawBest / oursSec, rawGateway / oursSec);

        // Cleanup of one attendee with 10 seeded, then with 100 seeded, on a fresh shared table.
        String shared = "ws-clean-" + run;
        List<AttendeeId> big = ids("c" + run, ATTENDEES);
        ours(target, quiet, shared, big.subList(0, 10));
        Workspace ws = new Workspace(target, shared, Clock.systemUTC());
        long[] small = cleanup(ws, target, big.get(0));
        bootstrapOnly(ws, target, big.subList(10, ATTENDEES));
        long[] large = cleanup(ws, target, big.get(1));
        System.out.printf(Locale.ROOT, "%nCLEANUP of one attendee (%d items)%n", Workspace.seedSize(big.get(0)) + 1);
        System.out.printf(Locale.ROOT, "  with  10 attendees seeded: %3d requests, %6.1f ms%n", small[0], small[1] / 1e6);
        System.out.printf(Locale.ROOT, "  with 100 attendees seeded: %3d requests, %6.1f ms%n", large[0], large[1] / 1e6);
        System.out.printf(Locale.ROOT, "  ratio 100/10: requests %.2fx, time %.2fx%n%n", (double) large[0] / small[0], (double) large[1] / small[1]);
    }

    private static List<AttendeeId> ids(String prefix, int n) {
        List<AttendeeId> out = new ArrayList<>();
        for (int i = 0; i < n; i++) out.add(AttendeeId.of(prefix + "-" + i));
        return out;
    }

    /** Our facilitator path: what `bootstrap --ids ...` runs (8 attendees at once, one budget of 16 requests). */
    private static double ours(LocalTarget target, Console quiet, String shared, List<AttendeeId> roster) throws Exception {
        long t0 = System.nanoTime();
        Workspace ws = new Workspace(target, shared, Clock.systemUTC());
        ws.ensureSharedTable(quiet);
        bootstrapOnly(ws, target, roster);
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void bootstrapOnly(Workspace ws, LocalTarget target, List<AttendeeId> roster) throws Exception {
        Semaphore budget = new Semaphore(16);
        var pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        try {
            List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
            for (AttendeeId id : roster) {
                fs.add(pool.submit(() -> ws.bootstrap(id, new BatchWriter(target.dynamoAsync(Principal.attendee(id)), budget), null)));
            }
            for (var f : fs) f.get();
        } finally {
            pool.shutdown();
        }
    }

    private static long[] cleanup(Workspace ws, LocalTarget target, AttendeeId id) {
        BatchWriter writer = new BatchWriter(target.dynamoAsync(Principal.attendee(id)), 16);
        long t0 = System.nanoTime();
        Workspace.CleanupResult r = ws.cleanup(id, writer);
        long ns = System.nanoTime() - t0;
        return new long[] {r.queryRequests() + writer.requests() + 1, ns};
    }

    /** The best raw loop: the same items, async BatchWriteItem, a fixed number in flight, straight to DynamoDB Local. */
    private static double raw(String table, List<AttendeeId> roster, int inFlight, java.net.URI endpoint) {
        try (DynamoDbAsyncClient c = DynamoDbAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("WSADMIN", "x")))
                .httpClient(NettyNioAsyncHttpClient.builder().maxConcurrency(64).build())
                .build()) {
            c.createTable(Tables.sharedTable(table)).join();
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            for (AttendeeId id : roster) items.addAll(KeyDesign.items(id, SampleData.generate(id), Instant.now()));
            long t0 = System.nanoTime();
            Semaphore sem = new Semaphore(inFlight);
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int i = 0; i < items.size(); i += 25) {
                List<WriteRequest> chunk = items.subList(i, Math.min(items.size(), i + 25)).stream()
                        .map(it -> WriteRequest.builder().putRequest(PutRequest.builder().item(it).build()).build()).toList();
                sem.acquireUninterruptibly();
                all.add(send(c, table, chunk).whenComplete((r, e) -> sem.release()));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            return (System.nanoTime() - t0) / 1e9;
        }
    }

    private static CompletableFuture<Void> send(DynamoDbAsyncClient c, String table, List<WriteRequest> chunk) {
        return c.batchWriteItem(BatchWriteItemRequest.builder().requestItems(Map.of(table, chunk)).build())
                .thenCompose(r -> {
                    List<WriteRequest> left = r.unprocessedItems().getOrDefault(table, List.of());
                    return left.isEmpty() ? CompletableFuture.completedFuture(null) : send(c, table, left);
                });
    }
}
