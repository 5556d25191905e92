package dev.workshop.bench;

import dev.workshop.TestSupport;
import dev.workshop.console.Console;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.KeyDesign;
import dev.workshop.model.SampleData;
import dev.workshop.model.Tables;
import dev.workshop.target.LocalHome;
import dev.workshop.target.LocalStorage;
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
    /**
     * -Dbench.sides=8,10 runs only those sides of {@link #whatUsersRun} (numbered from 0 in its table's order), e.g.
     * ours and the raw loop like for like, for a quicker look at one ratio; the ratios of sides not run print as "-".
     */
    private static final java.util.Set<Integer> ONLY = java.util.Arrays.stream(System.getProperty("bench.sides", "").split(","))
            .map(String::trim).filter(x -> !x.isEmpty()).map(Integer::valueOf).collect(java.util.stream.Collectors.toSet());
    private static final AtomicLong RAW_RETRIES = new AtomicLong();
    private static final AtomicLong SPREAD_RETRIES = new AtomicLong();
    private static final AtomicLong OURS_REQUESTS = new AtomicLong();
    private static final AtomicLong OURS_RETRIES = new AtomicLong();
    private static final AtomicLong OURS_THROTTLED = new AtomicLong();

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
        System.out.printf(Locale.ROOT, "  ours: bootstrap --ids (32 at once, 16 in flight, via gateway, tables + markers): %6.0f items/s %s%n",
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

    /**
     * Issue 15: the figures users see, side by side in one run, same roster, sides rotated round by round, medians.
     * Ours in memory (what the tests run), ours on disk under a workshop home as the local target runs it (with the
     * journal settings of {@link LocalStorage}, and with DynamoDB Local's own beside it: the before and after), the
     * best raw Java SDK loop through the same gateway, and boto3's batch_writer through the same gateway (when python3
     * and boto3 are installed). Per side: items/s, CPU seconds per 1,000 items (this JVM, which runs the server too;
     * plus the Python process's own for boto3) and the peak heap the side added.
     * Run: mvn -Pbench test -Dtest='BootstrapBenchmark#whatUsersRun' [-Dbench.attendees=20] [-Dbench.rounds=3]
     */
    @Test
    void whatUsersRun() throws Exception {
        int attendees = Integer.getInteger("bench.attendees", 20);
        Console quiet = new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false, false, 100);
        String run = Long.toString(System.nanoTime() % 100000, 36);
        java.nio.file.Path homeAfter = java.nio.file.Files.createTempDirectory("ws-bench-home-wal");
        java.nio.file.Path homeBefore = java.nio.file.Files.createTempDirectory("ws-bench-home-default");
        double load0 = loadAverage();
        String boto3 = boto3Missing();
        if (boto3 != null) System.out.println("NOTE boto3 side skipped: " + boto3);
        java.nio.file.Path script = java.nio.file.Path.of(BootstrapBenchmark.class.getResource("/bench/boto3_bootstrap.py").toURI());

        LocalTarget memory = TestSupport.target();
        LocalHome.Lease afterLease = LocalHome.open(homeAfter, m -> {});
        LocalHome.Lease beforeLease;
        System.setProperty("workshop.localStorage", LocalStorage.Mode.DYNAMODB_LOCAL_DEFAULT.name());
        try {
            beforeLease = LocalHome.open(homeBefore, m -> {});
        } finally {
            System.clearProperty("workshop.localStorage");
        }
        try (LocalTarget disk = new LocalTarget(afterLease, homeAfter); LocalTarget diskDefault = new LocalTarget(beforeLease, homeBefore)) {
            System.out.printf(Locale.ROOT, "%nSQLite on disk: local target %s; DynamoDB Local's own %s%n",
                    afterLease.server().storage(), beforeLease.server().storage());
            java.net.URI memEndpoint = TestSupport.server().endpoint();
            java.net.URI diskEndpoint = afterLease.endpoint();
            // Warm-up on each server: JIT, connection pools, SQLite pages.
            List<AttendeeId> warm = ids("w" + run, 4);
            ours(memory, quiet, "ws-uw-" + run, warm, new ArrayList<>());
            ours(disk, quiet, "ws-uw-" + run, warm, new ArrayList<>());
            ours(diskDefault, quiet, "ws-uw-" + run, warm, new ArrayList<>());
            raw("ws-uwr-" + run, warm, 16, memEndpoint, true);
            raw("ws-uwr-" + run, warm, 16, diskEndpoint, true);
            raw("ws-uwra-" + run, warm, 16, memEndpoint, true, true);
            if (boto3 == null) {
                boto3Side(script, memEndpoint, "ws-uwb-" + run, warm);
                boto3Side(script, diskEndpoint, "ws-uwb-" + run, warm);
            }

            String[] names = {"ours, in memory (the tests' server)", "raw SDK loop, in memory, same gateway", "boto3 batch_writer, in memory, same gateway",
                    "ours, on disk, local target (WAL, synchronous=NORMAL)", "raw SDK loop, on disk, same gateway",
                    "boto3 batch_writer, on disk, same gateway", "ours, on disk, DynamoDB Local's own journal (before)",
                    "ours as a command: own JVM, on disk, start included",
                    "ours, the writes alone, in memory (like for like)", "ours, the writes alone, on disk (like for like)",
                    "raw SDK loop signed as each attendee, in memory", "raw SDK loop signed as each attendee, on disk"};
            List<List<Side>> sides = new ArrayList<>();
            for (int i = 0; i < names.length; i++) sides.add(new ArrayList<>());
            int items = 0;
            for (int round = 0; round < ROUNDS; round++) {
                List<AttendeeId> roster = ids("u" + round + run, attendees);
                items = roster.stream().mapToInt(Workspace::seedSize).sum();
                String t = round + "-" + run;
                for (int k = 0; k < names.length; k++) {
                    int which = (round * 3 + k) % names.length;
                    if (!ONLY.isEmpty() && !ONLY.contains(which)) continue;
                    Side side = switch (which) {
                        case 0 -> measured(() -> ours(memory, quiet, "ws-um" + t, roster, new ArrayList<>()));
                        case 1 -> measured(() -> raw("ws-umr" + t, roster, 16, memEndpoint, true));
                        case 2 -> boto3 == null ? boto3Side(script, memEndpoint, "ws-umb" + t, roster) : null;
                        case 3 -> measured(() -> ours(disk, quiet, "ws-ud" + t, roster, new ArrayList<>()));
                        case 4 -> measured(() -> raw("ws-udr" + t, roster, 16, diskEndpoint, true));
                        case 5 -> boto3 == null ? boto3Side(script, diskEndpoint, "ws-udb" + t, roster) : null;
                        case 6 -> measured(() -> ours(diskDefault, quiet, "ws-uo" + t, roster, new ArrayList<>()));
                        case 7 -> command(roster);
                        case 8 -> measured(() -> oursWritesAlone(memory, quiet, "ws-uma" + t, roster));
                        case 9 -> measured(() -> oursWritesAlone(disk, quiet, "ws-uda" + t, roster));
                        case 10 -> measured(() -> raw("ws-umra" + t, roster, 16, memEndpoint, true, true));
                        default -> measured(() -> raw("ws-udra" + t, roster, 16, diskEndpoint, true, true));
                    };
                    if (side != null) sides.get(which).add(side);
                }
            }
            double load1 = loadAverage();
            System.out.printf(Locale.ROOT, "%nBOOTSTRAP as users run it: %d attendees, %d items, %d rounds rotated, medians; %d cores, "
                    + "one-minute load average %.2f before, %.2f after%n", attendees, items, ROUNDS, Runtime.getRuntime().availableProcessors(), load0, load1);
            System.out.printf(Locale.ROOT, "  %-55s %9s %14s %13s  %s%n", "side", "items/s", "CPU-s/1k items", "peak heap MB", "rounds (items/s)");
            double[] rate = new double[names.length];
            for (int i = 0; i < names.length; i++) {
                List<Side> xs = sides.get(i);
                if (xs.isEmpty()) {
                    System.out.printf(Locale.ROOT, "  %-55s %9s%n", names[i], "skipped");
                    continue;
                }
                int n = items;
                rate[i] = n / median(xs.stream().map(Side::seconds).toList());
                System.out.printf(Locale.ROOT, "  %-55s %9.0f %14.3f %13s  %s%n", names[i], rate[i],
                        median(xs.stream().map(x -> x.cpuSeconds() * 1000 / n).toList()),
                        xs.get(0).heapMb() < 0 ? "-" : String.format(Locale.ROOT, "%.0f", median(xs.stream().map(Side::heapMb).toList())),
                        rates(n, xs.stream().map(Side::seconds).toList()) + xs.stream().filter(x -> x.note() != null).findFirst().map(x -> " " + x.note()).orElse(""));
            }
            System.out.println("  ratios (targets: ours >= 1.0x raw, >= 1.3x boto3):");
            System.out.println("    like for like (the same items into the same existing table, built before the clock, as raw and boto3 do;");
            System.out.println("    ours signed as each attendee, so the gateway evaluates IAM on every batch, theirs as the administrator):");
            System.out.printf(Locale.ROOT, "      in memory: ours / raw %s, ours / boto3 %s%n", ratio(rate[8], rate[1]), ratio(rate[8], rate[2]));
            System.out.printf(Locale.ROOT, "      on disk:   ours / raw %s, ours / boto3 %s%n", ratio(rate[9], rate[4]), ratio(rate[9], rate[5]));
            System.out.println("    like for like, and both signed as each attendee (the raw loop pays the gateway's IAM too):");
            System.out.printf(Locale.ROOT, "      in memory: ours / raw %s; on disk: ours / raw %s%n", ratio(rate[8], rate[10]), ratio(rate[9], rate[11]));
            System.out.println("    the whole bootstrap (also the shared table, each personal table, the seed checks and markers, the items built");
            System.out.println("    inside the clock) against the same writes alone on their side:");
            System.out.printf(Locale.ROOT, "      in memory: ours / raw %s, ours / boto3 %s%n", ratio(rate[0], rate[1]), ratio(rate[0], rate[2]));
            System.out.printf(Locale.ROOT, "      on disk:   ours / raw %s, ours / boto3 %s%n", ratio(rate[3], rate[4]), ratio(rate[3], rate[5]));
            System.out.printf(Locale.ROOT, "    on disk / in memory: local target %s (DynamoDB Local's own journal: %s); local target / DynamoDB Local's own journal %s%n",
                    ratio(rate[3], rate[0]), ratio(rate[6], rate[0]), ratio(rate[3], rate[6]));
            System.out.printf(Locale.ROOT, "    as a command (JVM and DynamoDB Local start included) / in memory in this JVM: %s%n", ratio(rate[7], rate[0]));
            System.out.printf(Locale.ROOT, "  ours, the writes alone (all rounds, warm-up included): %d requests, %d batches sent again, %d throttled attempts;"
                    + " the raw loop sent %d batches again%n", OURS_REQUESTS.get(), OURS_RETRIES.get(), OURS_THROTTLED.get(), SPREAD_RETRIES.get());
            System.out.printf(Locale.ROOT, "  this JVM's peak resident memory (all sides, three servers): %s%n%n", peakRss());
        } finally {
            afterLease.close();
            beforeLease.close();
            deleteTree(homeAfter);
            deleteTree(homeBefore);
        }
    }

    private static void deleteTree(java.nio.file.Path dir) throws java.io.IOException {
        if (!java.nio.file.Files.exists(dir)) return;
        try (var paths = java.nio.file.Files.walk(dir)) {
            for (java.nio.file.Path p : paths.sorted(java.util.Comparator.reverseOrder()).toList()) java.nio.file.Files.deleteIfExists(p);
        }
    }

    /**
     * {@code workshop bootstrap --ids ...} as its own process on a fresh workshop home, with the JVM options of the
     * ./workshop launcher, timed by /usr/bin/time: wall seconds (start-up included), CPU seconds and peak RSS.
     */
    private static Side command(List<AttendeeId> roster) throws Exception {
        java.nio.file.Path time = java.nio.file.Path.of("/usr/bin/time");
        if (!java.nio.file.Files.isExecutable(time)) return null;
        java.nio.file.Path home = java.nio.file.Files.createTempDirectory("ws-bench-cmd");
        List<String> cmd = new ArrayList<>(List.of(time.toString(), "-f", "TIME %e %U %S %M",
                java.nio.file.Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-Xshare:auto", "-cp", System.getProperty("java.class.path"), "dev.workshop.Main",
                "bootstrap", "--ids", String.join(",", roster.stream().map(AttendeeId::value).toList())));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectOutput(ProcessBuilder.Redirect.DISCARD);
        pb.environment().put("WORKSHOP_HOME", home.toString());
        pb.environment().remove("AWS_PROFILE");
        // The whole command in one process, DynamoDB Local included (as the issue measured it), and nothing left running.
        pb.environment().put("WORKSHOP_LOCAL_IDLE_MINUTES", "0");
        Process p = pb.start();
        String err = new String(p.getErrorStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        int exit = p.waitFor();
        deleteTree(home);
        String line = err.lines().filter(l -> l.startsWith("TIME ")).reduce((a, b) -> b).orElse(null);
        if (exit != 0 || line == null) throw new IllegalStateException("bootstrap as a command failed (exit " + exit + "): " + err);
        String[] f = line.split(" ");
        return new Side(Double.parseDouble(f[1]), Double.parseDouble(f[2]) + Double.parseDouble(f[3]), -1,
                String.format(Locale.ROOT, "[peak RSS %.0f MB]", Long.parseLong(f[4]) / 1024.0));
    }

    /** One side's round: wall seconds, CPU seconds, the heap it added at its peak (MB; -1 when not measured). */
    private record Side(double seconds, double cpuSeconds, double heapMb, String note) {}

    private interface Timed {
        double run() throws Exception;
    }

    private static Side measured(Timed body) throws Exception {
        System.gc();
        List<java.lang.management.MemoryPoolMXBean> heap = java.lang.management.ManagementFactory.getMemoryPoolMXBeans().stream()
                .filter(p -> p.getType() == java.lang.management.MemoryType.HEAP).toList();
        long base = heap.stream().mapToLong(p -> p.getUsage().getUsed()).sum();
        heap.forEach(java.lang.management.MemoryPoolMXBean::resetPeakUsage);
        long cpu0 = processCpuNanos();
        double secs = body.run();
        double cpu = (processCpuNanos() - cpu0) / 1e9;
        long peak = heap.stream().mapToLong(p -> p.getPeakUsage().getUsed()).sum();
        return new Side(secs, cpu, Math.max(0, peak - base) / 1e6, null);
    }

    private static long processCpuNanos() {
        return ((com.sun.management.OperatingSystemMXBean) java.lang.management.ManagementFactory.getOperatingSystemMXBean()).getProcessCpuTime();
    }

    private static double loadAverage() {
        return java.lang.management.ManagementFactory.getOperatingSystemMXBean().getSystemLoadAverage();
    }

    private static String peakRss() {
        try {
            return java.nio.file.Files.readAllLines(java.nio.file.Path.of("/proc/self/status")).stream()
                    .filter(l -> l.startsWith("VmHWM:")).map(l -> l.substring(6).trim()).findFirst().orElse("unknown");
        } catch (java.io.IOException e) {
            return "unknown";
        }
    }

    private static String ratio(double a, double b) {
        return a == 0 || b == 0 ? "-" : String.format(Locale.ROOT, "%.2fx", a / b);
    }

    /** Null when python3 with boto3 can run here, else why not. */
    private static String boto3Missing() {
        try {
            Process p = new ProcessBuilder("python3", "-c", "import boto3").redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            return p.waitFor() == 0 ? null : "python3 -c 'import boto3' failed: " + out.lines().reduce((a, b) -> b).orElse("");
        } catch (java.io.IOException | InterruptedException e) {
            return "python3 is not installed (" + e.getMessage() + ")";
        }
    }

    /** boto3's batch_writer writing the roster's items into a new shared table at the endpoint, in its own process. */
    private static Side boto3Side(java.nio.file.Path script, java.net.URI endpoint, String table, List<AttendeeId> roster) throws Exception {
        java.nio.file.Path file = java.nio.file.Files.createTempFile("ws-bench-items", ".jsonl");
        try {
            try (java.io.BufferedWriter w = java.nio.file.Files.newBufferedWriter(file)) {
                for (AttendeeId id : roster) {
                    for (Map<String, AttributeValue> item : KeyDesign.items(id, SampleData.generate(id), Instant.now())) {
                        w.write(wireJson(item));
                        w.newLine();
                    }
                }
            }
            try (DynamoDbAsyncClient c = DynamoDbAsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                    .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("WSADMIN", "x"))).build()) {
                c.createTable(Tables.sharedTable(table)).join();
            }
            long cpu0 = processCpuNanos();
            Process p = new ProcessBuilder("python3", script.toString(), endpoint.toString(), table, file.toString())
                    .redirectError(ProcessBuilder.Redirect.INHERIT).start();
            String out = new String(p.getInputStream().readAllBytes(), java.nio.charset.StandardCharsets.UTF_8).trim();
            if (p.waitFor() != 0) throw new IllegalStateException("boto3 script failed: " + out);
            double serverCpu = (processCpuNanos() - cpu0) / 1e9;
            String last = out.lines().reduce((a, b) -> b).orElse("");
            double secs = number(last, "seconds");
            double cpu = number(last, "cpu");
            double rssMb = number(last, "maxrss_kb") / 1024;
            return new Side(secs, serverCpu + cpu, -1, String.format(Locale.ROOT, "[python: %.1f CPU-s, peak RSS %.0f MB]", cpu, rssMb));
        } finally {
            java.nio.file.Files.deleteIfExists(file);
        }
    }

    private static double number(String json, String key) {
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("\"" + key + "\":\\s*([0-9.eE+-]+)").matcher(json);
        if (!m.find()) throw new IllegalStateException("no " + key + " in " + json);
        return Double.parseDouble(m.group(1));
    }

    /** An item in DynamoDB's wire JSON, the format boto3's TypeDeserializer reads. */
    private static String wireJson(Map<String, AttributeValue> item) {
        StringBuilder b = new StringBuilder("{");
        item.forEach((k, v) -> {
            if (b.length() > 1) b.append(',');
            b.append(dev.workshop.console.Json.quote(k)).append(':');
            wireJson(v, b);
        });
        return b.append('}').toString();
    }

    private static void wireJson(AttributeValue v, StringBuilder b) {
        switch (v.type()) {
            case S -> b.append("{\"S\":").append(dev.workshop.console.Json.quote(v.s())).append('}');
            case N -> b.append("{\"N\":").append(dev.workshop.console.Json.quote(v.n())).append('}');
            case BOOL -> b.append("{\"BOOL\":").append(v.bool()).append('}');
            case NUL -> b.append("{\"NULL\":true}");
            case SS -> b.append("{\"SS\":[").append(String.join(",", v.ss().stream().map(dev.workshop.console.Json::quote).toList())).append("]}");
            case NS -> b.append("{\"NS\":[").append(String.join(",", v.ns().stream().map(dev.workshop.console.Json::quote).toList())).append("]}");
            case L -> {
                b.append("{\"L\":[");
                for (int i = 0; i < v.l().size(); i++) {
                    if (i > 0) b.append(',');
                    wireJson(v.l().get(i), b);
                }
                b.append("]}");
            }
            case M -> b.append("{\"M\":").append(wireJson(v.m())).append('}');
            default -> throw new IllegalArgumentException("the bootstrap items have no " + v.type() + " attribute");
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

    /**
     * Ours doing what the raw loop and boto3 do, no more: the shared table made and every attendee's items built before
     * the clock starts, then the same writers as {@link #bootstrapOnly} ({@link #eachAttendee}).
     */
    private static double oursWritesAlone(LocalTarget target, Console quiet, String shared, List<AttendeeId> roster) throws Exception {
        Workspace ws = new Workspace(target, shared, Clock.systemUTC());
        ws.ensureSharedTable(quiet);
        Instant now = Instant.now();
        Map<AttendeeId, List<Map<String, AttributeValue>>> items = new java.util.LinkedHashMap<>();
        for (AttendeeId id : roster) items.put(id, KeyDesign.items(id, SampleData.generate(id), now));
        long t0 = System.nanoTime();
        List<BatchWriter> writers = new ArrayList<>();
        eachAttendee(target, roster, writers, (id, writer) -> writer.putAll(shared, items.get(id), n -> {}));
        for (BatchWriter w : writers) {
            OURS_REQUESTS.addAndGet(w.requests());
            OURS_RETRIES.addAndGet(w.retries());
            OURS_THROTTLED.addAndGet(w.throttledRetries());
        }
        return (System.nanoTime() - t0) / 1e9;
    }

    private static void bootstrapOnly(Workspace ws, LocalTarget target, List<AttendeeId> roster, List<BatchWriter> writers)
            throws Exception {
        eachAttendee(target, roster, writers, (id, writer) -> ws.bootstrap(id, writer, null));
    }

    /**
     * As `bootstrap --ids` runs its attendees: the roster up to {@link BatchWriter#ATTENDEES_AT_ONCE} at once (or
     * -Dbench.parallel), one fair budget of {@link BatchWriter#COMMAND_IN_FLIGHT} requests, each writer its share of
     * it ({@link BatchWriter#perWriter}) and signed as its attendee.
     */
    private static void eachAttendee(LocalTarget target, List<AttendeeId> roster, List<BatchWriter> writers,
                                     java.util.function.BiConsumer<AttendeeId, BatchWriter> work) throws Exception {
        Semaphore budget = BatchWriter.commandBudget();
        int atOnce = Math.min(roster.size(), Integer.getInteger("bench.parallel", BatchWriter.ATTENDEES_AT_ONCE));
        var pool = java.util.concurrent.Executors.newFixedThreadPool(atOnce);
        try {
            List<java.util.concurrent.Future<?>> fs = new ArrayList<>();
            for (AttendeeId id : roster) {
                BatchWriter writer = new BatchWriter(target.dynamoAsync(Principal.attendee(id)), budget).atMostInFlight(BatchWriter.perWriter(atOnce));
                writers.add(writer);
                fs.add(pool.submit(() -> work.accept(id, writer)));
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
        return raw(table, roster, inFlight, endpoint, spread, false);
    }

    /**
     * @param asAttendees each attendee's batches signed as that attendee (one client each, one HTTP client for all), so
     *     the gateway evaluates the attendee policy as it does for ours; otherwise all signed as the administrator
     */
    private static double raw(String table, List<AttendeeId> roster, int inFlight, java.net.URI endpoint, boolean spread, boolean asAttendees) {
        software.amazon.awssdk.http.async.SdkAsyncHttpClient http = NettyNioAsyncHttpClient.builder().maxConcurrency(64).build();
        List<DynamoDbAsyncClient> clients = new ArrayList<>();
        try {
            DynamoDbAsyncClient admin = client(endpoint, "WSADMIN", http);
            clients.add(admin);
            admin.createTable(Tables.sharedTable(table)).join();
            List<List<List<WriteRequest>>> perAttendee = new ArrayList<>();
            List<DynamoDbAsyncClient> signers = new ArrayList<>();
            for (AttendeeId id : roster) {
                List<Map<String, AttributeValue>> items = KeyDesign.items(id, SampleData.generate(id), Instant.now());
                List<List<WriteRequest>> chunks = new ArrayList<>();
                for (int i = 0; i < items.size(); i += 25) {
                    chunks.add(items.subList(i, Math.min(items.size(), i + 25)).stream()
                            .map(it -> WriteRequest.builder().putRequest(PutRequest.builder().item(it).build()).build()).toList());
                }
                perAttendee.add(chunks);
                DynamoDbAsyncClient signer = asAttendees ? client(endpoint, Principal.attendee(id).localAccessKeyId(), http) : admin;
                if (asAttendees) clients.add(signer);
                signers.add(signer);
            }
            List<List<WriteRequest>> batches = new ArrayList<>();
            List<DynamoDbAsyncClient> batchSigners = new ArrayList<>();
            if (spread) {
                for (int k = 0; perAttendee.stream().anyMatch(cs -> !cs.isEmpty()); k++) {
                    boolean any = false;
                    for (int a = 0; a < perAttendee.size(); a++) {
                        if (k < perAttendee.get(a).size()) {
                            batches.add(perAttendee.get(a).get(k));
                            batchSigners.add(signers.get(a));
                            any = true;
                        }
                    }
                    if (!any) break;
                }
            } else {
                for (int a = 0; a < perAttendee.size(); a++) {
                    batches.addAll(perAttendee.get(a));
                    for (int k = 0; k < perAttendee.get(a).size(); k++) batchSigners.add(signers.get(a));
                }
            }
            long t0 = System.nanoTime();
            Semaphore sem = new Semaphore(inFlight);
            List<CompletableFuture<?>> all = new ArrayList<>();
            for (int b = 0; b < batches.size(); b++) {
                List<WriteRequest> chunk = batches.get(b);
                DynamoDbAsyncClient c = batchSigners.get(b);
                sem.acquireUninterruptibly();
                all.add((spread ? sendWithBackoff(c, table, chunk, 1) : send(c, table, chunk)).whenComplete((r, e) -> sem.release()));
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
            return (System.nanoTime() - t0) / 1e9;
        } finally {
            clients.forEach(DynamoDbAsyncClient::close);
            http.close();
        }
    }

    private static DynamoDbAsyncClient client(java.net.URI endpoint, String accessKey, software.amazon.awssdk.http.async.SdkAsyncHttpClient http) {
        return DynamoDbAsyncClient.builder().endpointOverride(endpoint).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(accessKey, "x")))
                .httpClient(http).build();
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
