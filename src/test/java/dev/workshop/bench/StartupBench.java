package dev.workshop.bench;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * Each command as its own process, the way a person runs it (through {@code ./workshop}), side by side with the AWS
 * CLI on the same machine, in interleaved rounds, medians: issue 15's first table.
 *
 * <ul>
 *   <li>{@code --help} against {@code aws --version};
 *   <li>{@code status} as a client of the background server against {@code aws dynamodb list-tables --endpoint-url}
 *       of that same server; and the same {@code status} as it ran before (DynamoDB Local started inside the command,
 *       {@code WORKSHOP_LOCAL_IDLE_MINUTES=0}, no start-up archive);
 *   <li>each with and without the launcher's class-data-sharing archive ({@code WORKSHOP_CDS=0});
 *   <li>{@code hot-partitions --simulate} as a whole command.
 * </ul>
 * Wall time, time to the first byte of output (stdout or stderr, a pipe), and peak resident memory (GNU time's
 * maximum RSS when /usr/bin/time exists). Run after a package: {@code mvn -DskipTests package && mvn -Pbench test
 * -Dtest=StartupBench}. Needs the AWS CLI for its reference rows (skipped with a note otherwise). It measures; it never
 * fails on a figure.
 */
@Tag("bench")
class StartupBench {
    static final int ROUNDS = Integer.getInteger("rounds", 7);

    record Variant(String name, List<String> command, Map<String, String> env) {}

    record Sample(long wallMs, long firstMs, long peakKb, int exit) {}

    @Test
    void commandsAgainstTheAwsCli() throws Exception {
        Path root = Path.of(System.getProperty("user.dir"));
        Path home = Files.createTempDirectory("startup-bench");
        Path before = Files.createTempDirectory("startup-bench-before");
        Map<String, String> env = Map.of("HOME", home.toString(), "WORKSHOP_HOME", home.resolve(".workshop").toString(),
                "WORKSHOP_SKIP_BUILD", "1");
        Map<String, String> old = Map.of("HOME", before.toString(), "WORKSHOP_HOME", before.resolve(".workshop").toString(),
                "WORKSHOP_SKIP_BUILD", "1", "WORKSHOP_LOCAL_IDLE_MINUTES", "0", "WORKSHOP_CDS", "0");
        boolean aws = run(root, List.of("aws", "--version"), Map.of()).exit() == 0;
        try {
            // The start-up archive is made on first use; bootstrap starts the background server.
            System.out.println("BENCH setup: bootstrap (background server, archive) " + run(root, List.of("./workshop", "bootstrap", "--id", "bench"), env));
            System.out.println("BENCH setup: bootstrap (in-process, as before) " + run(root, List.of("./workshop", "bootstrap", "--id", "bench"), old));
            String endpoint = Files.readString(home.resolve(".workshop/local/endpoint")).trim();
            Map<String, String> noCds = with(env, "WORKSHOP_CDS", "0");
            Map<String, String> awsEnv = Map.of("AWS_ACCESS_KEY_ID", "WSADMIN", "AWS_SECRET_ACCESS_KEY", "local",
                    "AWS_DEFAULT_REGION", "us-east-1", "HOME", home.toString());
            List<Variant> variants = new ArrayList<>(List.of(
                    new Variant("--help", List.of("./workshop", "--help"), env),
                    new Variant("--help, no archive", List.of("./workshop", "--help"), noCds),
                    new Variant("status, background server", List.of("./workshop", "status", "--id", "bench"), env),
                    new Variant("status, background, no archive", List.of("./workshop", "status", "--id", "bench"), noCds),
                    new Variant("status as before (in-process)", List.of("./workshop", "status", "--id", "bench"), old),
                    new Variant("hot-partitions --simulate", List.of("./workshop", "hot-partitions", "--id", "bench", "--simulate", "--no-pause"), env)));
            if (aws) {
                variants.add(new Variant("aws --version", List.of("aws", "--version"), awsEnv));
                variants.add(new Variant("aws dynamodb list-tables", List.of("aws", "dynamodb", "list-tables", "--endpoint-url", endpoint), awsEnv));
            } else {
                System.out.println("BENCH note: no AWS CLI on the PATH; the reference rows are skipped");
            }
            Map<String, List<Sample>> samples = new LinkedHashMap<>();
            for (Variant v : variants) run(root, v.command(), v.env()); // one warm-up each (page cache)
            for (int r = 0; r < ROUNDS; r++) {
                // Rotated so that no variant always follows the same one.
                for (int i = 0; i < variants.size(); i++) {
                    Variant v = variants.get((i + r) % variants.size());
                    samples.computeIfAbsent(v.name(), k -> new ArrayList<>()).add(run(root, v.command(), v.env()));
                }
            }
            System.out.printf(Locale.ROOT, "BENCH startup, %d rounds, medians; one-minute load %.2f at the end%n", ROUNDS, load());
            System.out.printf(Locale.ROOT, "BENCH   %-34s %8s %8s %9s %5s%n", "command", "wall ms", "first ms", "peak MB", "exit");
            Map<String, Sample> med = new LinkedHashMap<>();
            for (var e : samples.entrySet()) {
                Sample m = median(e.getValue());
                med.put(e.getKey(), m);
                System.out.printf(Locale.ROOT, "BENCH   %-34s %8d %8d %9s %5d%n", e.getKey(), m.wallMs(), m.firstMs(),
                        m.peakKb() < 0 ? "-" : String.format(Locale.ROOT, "%.0f", m.peakKb() / 1024.0), m.exit());
            }
            ratio(med, "status, background server", "status as before (in-process)", "status now / status before");
            ratio(med, "--help", "--help, no archive", "--help with / without the archive");
            ratio(med, "status, background server", "status, background, no archive", "status with / without the archive");
            if (aws) {
                ratio(med, "--help", "aws --version", "--help / aws --version (target <= 0.7)");
                ratio(med, "status, background server", "aws dynamodb list-tables", "status / aws list-tables (target <= 1.5)");
                ratio(med, "status as before (in-process)", "aws dynamodb list-tables", "status before / aws list-tables");
            }
            serverMemory(home.resolve(".workshop"));
        } finally {
            run(root, List.of("./workshop", "local", "stop"), env);
        }
    }

    private static void ratio(Map<String, Sample> med, String a, String b, String label) {
        if (!med.containsKey(a) || !med.containsKey(b)) return;
        System.out.printf(Locale.ROOT, "BENCH ratio %-44s %.2f%n", label, (double) med.get(a).wallMs() / med.get(b).wallMs());
    }

    private static void serverMemory(Path workshopHome) throws Exception {
        Path info = workshopHome.resolve("local/server.info");
        if (!Files.exists(info)) return;
        java.util.Properties p = new java.util.Properties();
        try (var in = Files.newBufferedReader(info)) {
            p.load(in);
        }
        Path status = Path.of("/proc", p.getProperty("pid"), "status");
        if (!Files.exists(status)) return;
        for (String line : Files.readAllLines(status)) {
            if (line.startsWith("VmRSS") || line.startsWith("VmHWM")) System.out.println("BENCH background server " + line.replaceAll("\\s+", " "));
        }
    }

    private static Map<String, String> with(Map<String, String> env, String k, String v) {
        Map<String, String> m = new LinkedHashMap<>(env);
        m.put(k, v);
        return m;
    }

    private static Sample median(List<Sample> s) {
        List<Long> wall = s.stream().map(Sample::wallMs).sorted().toList();
        List<Long> first = s.stream().map(Sample::firstMs).sorted().toList();
        List<Long> peak = s.stream().map(Sample::peakKb).sorted().toList();
        return new Sample(wall.get(wall.size() / 2), first.get(first.size() / 2), peak.get(peak.size() / 2), s.get(s.size() - 1).exit());
    }

    /** Runs one command; the first byte on either stream is the first output a person would see. */
    static Sample run(Path root, List<String> command, Map<String, String> env) throws Exception {
        Path timeOut = Files.createTempFile("bench-time", ".txt");
        boolean gnuTime = Files.isExecutable(Path.of("/usr/bin/time"));
        List<String> cmd = new ArrayList<>();
        if (gnuTime) cmd.addAll(List.of("/usr/bin/time", "-f", "%M", "-o", timeOut.toString()));
        cmd.addAll(command);
        ProcessBuilder pb = new ProcessBuilder(cmd).directory(root.toFile()).redirectErrorStream(true);
        pb.environment().remove("COLUMNS");
        pb.environment().remove("AWS_PROFILE");
        pb.environment().putAll(env);
        long start = System.nanoTime();
        Process p = pb.start();
        long first = -1;
        try (InputStream in = p.getInputStream()) {
            byte[] buf = new byte[8192];
            for (int n; (n = in.read(buf)) >= 0; ) {
                if (n > 0 && first < 0) first = System.nanoTime();
            }
        }
        if (!p.waitFor(5, TimeUnit.MINUTES)) p.destroyForcibly();
        long end = System.nanoTime();
        long peak = -1;
        if (gnuTime) {
            String t = Files.readString(timeOut, StandardCharsets.UTF_8).trim();
            String last = t.isEmpty() ? "" : t.substring(t.lastIndexOf('\n') + 1).trim();
            if (last.matches("\\d+")) peak = Long.parseLong(last);
        }
        Files.deleteIfExists(timeOut);
        return new Sample((end - start) / 1_000_000, first < 0 ? -1 : (first - start) / 1_000_000, peak, p.exitValue());
    }

    static double load() {
        try {
            return Double.parseDouble(Files.readString(Path.of("/proc/loadavg")).split(" ")[0]);
        } catch (Exception e) {
            return -1;
        }
    }
}
