package dev.workshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import dev.workshop.TestSupport.Result;
import dev.workshop.target.Target;
import dev.workshop.target.TargetFactory;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Every kind of bad input a user can type, across every command: each must exit 2 (usage) or 3 (credentials) with
 * one error line and its fix, no stack trace and no Java class name, and must write nothing: the workshop home's
 * listing, the tables on the server and the items in an already bootstrapped workspace are the same afterwards,
 * and no target was even opened.
 *
 * <p>Placeholders in the cases: {S} is a shared table bootstrapped once for this class, {ID} a valid id that has no
 * workspace, {DIR} a folder of input files written below.
 */
class BadInputTest {
    @TempDir
    static Path files;

    static String shared;
    static String seeded;
    static final String ID = TestSupport.randomId("bad");

    @BeforeAll
    static void seedAWorkspaceAndWriteInputFiles() throws IOException {
        shared = TestSupport.randomTable();
        seeded = TestSupport.randomId("seed");
        Result boot = TestSupport.run("bootstrap", "--id", seeded, "--shared-table", shared);
        assertEquals(0, boot.exit(), boot.toString());
        write("roster-bad.txt", "alice\nBob\n");
        write("roster-comments.txt", "# nobody yet\n\n");
        write("malformed.json", "{bad\n");
        write("policy-not-json.json", "[1, 2");
        write("query.json", "{\"TableName\": \"ws-shared\", \"KeyConditionExpression\": \"PK = :p\"}");
        write("home-file", "not a folder");
        write("aws-malformed", "[profile ws\nregion = us-east-1\n");
        write("aws-ok", "[profile ws]\nregion = us-east-1\n"
                + "[profile sso]\nsso_start_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\n"
                + "sso_account_id = 123456789012\nsso_role_name = WorkshopAttendee\nregion = us-east-1\n");
        Files.createDirectories(files.resolve("a-folder"));
    }

    private static void write(String name, String content) throws IOException {
        Files.writeString(files.resolve(name), content, StandardCharsets.UTF_8);
    }

    /** One bad input: the arguments, the exit code it must give, a fragment of its error line, and its environment. */
    record Case(String name, int exit, String error, List<String> args, Map<String, String> vars, String home) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Case c(int exit, String error, String... args) {
        return new Case(String.join(" ", args), exit, error, List.of(args), Map.of(), null);
    }

    static Case withVars(Map<String, String> vars, int exit, String error, String... args) {
        return new Case(vars + " " + String.join(" ", args), exit, error, List.of(args), vars, null);
    }

    static Case withHome(String home, int exit, String error, String... args) {
        return new Case("WORKSHOP_HOME=" + home + " " + String.join(" ", args), exit, error, List.of(args), Map.of(), home);
    }

    static Stream<Arguments> cases() {
        String longId = "a".repeat(33);
        List<Case> all = List.of(
                // ids, on every command that takes one
                c(2, "Invalid attendee id 'Alice'", "bootstrap", "--id", "Alice", "--shared-table", "{S}"),
                c(2, "Invalid attendee id 'a#b'", "bootstrap", "--id", "a#b", "--shared-table", "{S}"),
                c(2, "Invalid attendee id '-a'", "bootstrap", "--id=-a", "--shared-table", "{S}"),
                c(2, "Invalid attendee id '" + longId + "'", "bootstrap", "--id", longId, "--shared-table", "{S}"),
                c(2, "No attendee id", "bootstrap", "--shared-table", "{S}"),
                c(2, "Invalid attendee ids", "bootstrap", "--ids", "{ID},B", "--shared-table", "{S}"),
                c(2, "Invalid attendee id 'A B'", "no-joins", "--id", "A B", "--shared-table", "{S}"),
                c(2, "Invalid attendee id 'x_y'", "single-table", "--id", "x_y", "--shared-table", "{S}"),
                c(2, "No attendee id", "abac", "--shared-table", "{S}"),
                c(2, "Invalid attendee id", "personal-gsis", "--id", "ab-", "--shared-table", "{S}"),
                c(2, "Invalid attendee id", "hot-partitions", "--id", "ÄBC", "--shared-table", "{S}"),
                c(2, "Invalid attendee id", "metrics", "--id", "a..b", "--shared-table", "{S}"),
                c(2, "Invalid attendee id", "cleanup", "--id", "ATT#x#", "--shared-table", "{S}"),
                c(2, "No attendee id", "status", "--shared-table", "{S}"),
                c(2, "Invalid attendee id", "shell", "--id", "Bad!", "--shared-table", "{S}"),
                c(2, "Invalid attendee id", "policy", "simulate", "--attendee", "Al", "--action", "GetItem"),
                // roster files
                c(2, "Cannot read the roster", "bootstrap", "--ids-file", "{DIR}/missing.txt", "--shared-table", "{S}"),
                c(2, "roster-bad.txt:2 'Bob'", "bootstrap", "--ids-file", "{DIR}/roster-bad.txt", "--shared-table", "{S}"),
                c(2, "Cannot read the roster", "bootstrap", "--ids-file", "{DIR}/a-folder", "--shared-table", "{S}"),
                c(2, "Invalid attendee id 'BAD'", "roster", "--ids", "BAD", "--shared-table", "{S}"),
                c(2, "Cannot read the roster", "roster", "--ids-file", "{DIR}/missing.txt", "--shared-table", "{S}"),
                c(2, "Invalid attendee id 'Bob'", "roster", "--ids-file", "{DIR}/roster-bad.txt", "--shared-table", "{S}"),
                c(2, "names no attendee", "roster", "--ids-file", "{DIR}/roster-comments.txt", "--shared-table", "{S}"),
                // option ranges and units
                c(2, "--parallel 0 is out of range", "bootstrap", "--id", "{ID}", "--parallel", "0", "--shared-table", "{S}"),
                c(2, "--parallel -4 is out of range", "bootstrap", "--id", "{ID}", "--parallel", "-4", "--shared-table", "{S}"),
                c(2, "--parallel 65 is out of range", "bootstrap", "--id", "{ID}", "--parallel", "65", "--shared-table", "{S}"),
                c(2, "'x' is not an int", "bootstrap", "--id", "{ID}", "--parallel", "x", "--shared-table", "{S}"),
                c(2, "--rate 0 is out of range", "hot-partitions", "--id", "{ID}", "--rate", "0", "--shared-table", "{S}"),
                c(2, "--rate -5 is out of range", "hot-partitions", "--id", "{ID}", "--rate", "-5", "--shared-table", "{S}"),
                c(2, "--rate 99,999,999,999 is out of range", "hot-partitions", "--id", "{ID}", "--rate", "99999999999", "--shared-table", "{S}"),
                c(2, "--rate 2,000,000,000 is out of range", "hot-partitions", "--id", "{ID}", "--simulate", "--rate", "2000000000", "--shared-table", "{S}"),
                c(2, "'fast' is not a double", "hot-partitions", "--id", "{ID}", "--rate", "fast", "--shared-table", "{S}"),
                c(2, "--shards 0 is out of range", "hot-partitions", "--id", "{ID}", "--shards", "0", "--shared-table", "{S}"),
                c(2, "--shards 1,001 is out of range", "hot-partitions", "--id", "{ID}", "--shards", "1001", "--shared-table", "{S}"),
                c(2, "--item-kb 401 is out of range", "hot-partitions", "--id", "{ID}", "--item-kb", "401", "--shared-table", "{S}"),
                c(2, "--item-kb 0 is out of range", "hot-partitions", "--id", "{ID}", "--item-kb", "0", "--shared-table", "{S}"),
                c(2, "--in-flight 0 is out of range", "hot-partitions", "--id", "{ID}", "--in-flight", "0", "--shared-table", "{S}"),
                c(2, "--in-flight 65 is out of range", "hot-partitions", "--id", "{ID}", "--in-flight", "65", "--shared-table", "{S}"),
                c(2, "--seconds 0 is out of range", "hot-partitions", "--id", "{ID}", "--seconds", "0", "--shared-table", "{S}"),
                c(2, "--items 0 is out of range", "hot-partitions", "--id", "{ID}", "--items", "0", "--shared-table", "{S}"),
                c(2, "asks 48,000 write units per second", "hot-partitions", "--id", "{ID}", "--rate", "3000", "--shared-table", "{S}"),
                c(2, "7,200,000 writes per run", "hot-partitions", "--id", "{ID}", "--rate", "2000", "--seconds", "3600", "--shared-table", "{S}"),
                c(2, "--index-timeout -1 is out of range", "personal-gsis", "--id", "{ID}", "--index-timeout", "-1", "--shared-table", "{S}"),
                c(2, "--index-timeout 0 is out of range", "personal-gsis", "--id", "{ID}", "--index-timeout", "0", "--shared-table", "{S}"),
                c(2, "--index-timeout 1,441 is out of range", "personal-gsis", "--id", "{ID}", "--index-timeout", "1441", "--shared-table", "{S}"),
                c(2, "--minutes 0 is out of range", "metrics", "--id", "{ID}", "--minutes", "0", "--shared-table", "{S}"),
                c(2, "--minutes 1,441 is out of range", "metrics", "--id", "{ID}", "--minutes", "1441", "--shared-table", "{S}"),
                c(2, "--interval 0 is out of range", "metrics", "--id", "{ID}", "--watch", "--interval", "0", "--shared-table", "{S}"),
                // lab steps and formats
                c(2, "step", "no-joins", "--id", "{ID}", "--step", "0", "--shared-table", "{S}"),
                c(2, "step", "no-joins", "--id", "{ID}", "--step", "99", "--shared-table", "{S}"),
                c(2, "step", "single-table", "--id", "{ID}", "--from", "0", "--shared-table", "{S}"),
                c(2, "--step runs one step and --from runs", "single-table", "--id", "{ID}", "--step", "2", "--from", "3", "--shared-table", "{S}"),
                c(2, "Invalid value for option '--output'", "abac", "--id", "{ID}", "--output", "xml", "--shared-table", "{S}"),
                c(2, "Unknown option: '--bogus'", "bootstrap", "--id", "{ID}", "--bogus", "--shared-table", "{S}"),
                // options that exclude each other
                c(2, "--all and --id exclude each other", "cleanup", "--all", "--id", "{ID}", "--shared-table", "{S}"),
                c(2, "--delete-shared only goes with --all", "cleanup", "--id", "{ID}", "--delete-shared", "--shared-table", "{S}"),
                c(2, "needs confirmation, but there is no terminal", "cleanup", "--all", "--shared-table", "{S}"),
                c(2, "cannot be combined with --create-table", "setup", "--files-only", "--create-table", "--shared-table", "{S}"),
                c(2, "--local cannot be combined with --endpoint-url", "status", "--id", "{ID}", "--local", "--endpoint-url", "http://127.0.0.1:8000"),
                // targets
                c(2, "Invalid --shared-table 'x'", "bootstrap", "--id", "{ID}", "--shared-table", "x"),
                c(2, "Invalid --shared-table 'bad name!'", "status", "--id", "{ID}", "--shared-table", "bad name!"),
                c(2, "Invalid --shared-table 'x'", "roster", "--shared-table", "x"),
                c(2, "Invalid --shared-table 'xy'", "setup", "--shared-table", "xy"),
                c(2, "Invalid --shared-table", "shell", "--id", "{ID}", "--shared-table", "a/b"),
                c(2, "port 99999 is out of range", "bootstrap", "--id", "{ID}", "--endpoint-url", "http://127.0.0.1:99999", "--shared-table", "{S}"),
                c(2, "expected http://HOST:PORT", "status", "--id", "{ID}", "--endpoint-url", "ftp://127.0.0.1:8000", "--shared-table", "{S}"),
                c(2, "not a URL", "status", "--id", "{ID}", "--endpoint-url", "http://local host:8000", "--shared-table", "{S}"),
                c(2, "only a scheme, host and port", "roster", "--endpoint-url", "http://127.0.0.1:8000/dynamodb", "--shared-table", "{S}"),
                c(2, "Invalid region in --region bogus", "status", "--id", "{ID}", "--region", "bogus", "--shared-table", "{S}"),
                c(2, "Invalid region in --region US-EAST-1", "bootstrap", "--id", "{ID}", "--profile", "ws", "--region", "US-EAST-1", "--shared-table", "{S}"),
                withVars(Map.of("AWS_REGION", "nowhere", "AWS_CONFIG_FILE", "{DIR}/aws-ok"), 2, "Invalid region in AWS_REGION=nowhere",
                        "status", "--id", "{ID}", "--profile", "ws", "--shared-table", "{S}"),
                withVars(Map.of("AWS_CONFIG_FILE", "{DIR}/aws-malformed"), 2, "Could not read the AWS config",
                        "status", "--id", "{ID}", "--profile", "ws", "--shared-table", "{S}"),
                withVars(Map.of("AWS_CONFIG_FILE", "{DIR}/aws-ok"), 2, "AWS profile nobody not found",
                        "status", "--id", "{ID}", "--profile", "nobody", "--shared-table", "{S}"),
                withVars(Map.of("AWS_CONFIG_FILE", "{DIR}/aws-ok"), 3, "SSO",
                        "status", "--id", "{ID}", "--profile", "sso", "--shared-table", "{S}"),
                // homes
                withHome("{DIR}/home-file", 2, "is a file, not a folder", "status", "--id", "{ID}", "--shared-table", "{S}"),
                withHome("{DIR}/home-file/sub", 2, "cannot be created", "bootstrap", "--id", "{ID}", "--shared-table", "{S}"),
                withHome("/proc/1/workshop", 2, "is not writable", "no-joins", "--id", "{ID}", "--shared-table", "{S}"),
                withHome("{DIR}/home-file", 2, "is a file, not a folder", "shell", "--id", "{ID}"),
                // policy files and requests
                c(2, "Unknown operation 'Qeury'", "policy", "simulate", "--attendee", "alice", "--request", "Qeury", "--body", "{DIR}/query.json"),
                c(2, "Unknown operation 'query'", "policy", "simulate", "--attendee", "alice", "--request", "query", "--body", "{DIR}/query.json"),
                c(2, "needs --body FILE", "policy", "simulate", "--attendee", "alice", "--request", "Query"),
                c(2, "Cannot read --body", "policy", "simulate", "--attendee", "alice", "--request", "Query", "--body", "{DIR}/missing.json"),
                c(2, "not valid JSON", "policy", "simulate", "--attendee", "alice", "--request", "Query", "--body", "{DIR}/malformed.json"),
                c(2, "not valid JSON", "policy", "simulate", "--policy", "{DIR}/policy-not-json.json", "--attendee", "alice", "--action", "GetItem"),
                c(2, "Cannot read --policy", "policy", "simulate", "--policy", "{DIR}/missing.json", "--attendee", "alice", "--action", "GetItem"),
                c(2, "Unknown action 'dynamodb:GetItm'", "policy", "simulate", "--attendee", "alice", "--action", "dynamodb:GetItm"),
                c(2, "Nothing to simulate", "policy", "simulate", "--attendee", "alice"),
                c(2, "is not NAME=VALUE", "policy", "simulate", "--attendee", "alice", "--action", "GetItem", "--key", "novalue"),
                c(2, "Give either --request", "policy", "simulate", "--attendee", "alice", "--request", "Query", "--action", "GetItem", "--body", "{DIR}/query.json"),
                c(2, "Invalid value for option '--variant'", "policy", "show", "--variant", "nope"),
                c(2, "Invalid --shared-table 'x'", "policy", "show", "--shared-table", "x"),
                c(2, "Invalid --shared-table", "policy", "simulate", "--shared-table", "no spaces", "--attendee", "alice", "--action", "GetItem"),
                // other commands
                c(2, "There is no lab 'nope'", "guide", "nope"),
                c(2, "expected one of [bash, zsh]", "completion", "tcsh"),
                c(2, "Unmatched argument", "nonsense"));
        return all.stream().map(Arguments::of);
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("cases")
    void refusedWithOneLineAndItsFixAndNothingWritten(Case c, @TempDir Path home) throws IOException {
        List<String> args = c.args().stream().map(BadInputTest::fill).toList();
        Map<String, String> vars = new HashMap<>();
        c.vars().forEach((k, v) -> vars.put(k, fill(v)));
        Path workshopHome = c.home() == null ? home.resolve("workshop") : Path.of(fill(c.home()));
        AtomicInteger opened = new AtomicInteger();
        Env env = counting(TestSupport.env(home, vars), workshopHome, opened);

        Map<String, Long> homeBefore = listing(home);
        Map<String, Long> itemsBefore = items();
        Result r = TestSupport.run(env, args.toArray(String[]::new));

        assertEquals(c.exit(), r.exit(), r.toString());
        List<String> err = r.err().lines().toList();
        assertFalse(err.isEmpty(), r.toString());
        assertTrue(err.get(0).startsWith("error: "), "the first line is the error: " + r);
        assertTrue(err.get(0).contains(c.error()), "says what happened (" + c.error() + "): " + r);
        assertEquals(1, err.stream().filter(l -> l.startsWith("error: ")).count(), "one error line: " + r);
        assertTrue(err.size() >= 2 && err.stream().skip(1).anyMatch(l -> l.startsWith("  Run: ") || l.startsWith("  fix: ")
                || l.startsWith("See: ")), "then its fix: " + r);
        assertTrue(err.size() <= 4, "short: " + r);
        assertFalse(r.err().contains("\tat ") || r.err().matches("(?s).*\\b(java|javax|software|picocli)\\.[a-z]+\\..*"),
                "no stack trace and no Java class name without -v: " + r);
        assertTrue(r.out().isBlank(), "nothing ran, so nothing was printed on stdout: " + r);

        assertEquals(0, opened.get(), "no target was opened");
        assertEquals(homeBefore, listing(home), "the home is as it was");
        assertEquals(itemsBefore, items(), "the tables and their items are as they were");
    }

    /** The home is checked only where it is used: setup --files-only touches no target and needs none. */
    @org.junit.jupiter.api.Test
    void setupFilesOnlyNeedsNoUsableHome(@TempDir Path out) {
        Path file = files.resolve("home-file");
        Env base = TestSupport.env(out, new HashMap<>());
        Env env = new Env(base.variables(), file, base.userHome(), base.targets(), Clock.systemUTC(), false);
        Result r = TestSupport.run(env, "setup", "--files-only", "--write", out.resolve("policy").toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(Files.exists(out.resolve("policy").resolve("workshop-attendee-policy.json")), r.toString());
    }

    private static String fill(String s) {
        return s.replace("{S}", shared).replace("{ID}", ID).replace("{DIR}", files.toString());
    }

    /** The test environment with a given workshop home, counting every target that opened successfully. */
    private static Env counting(Env base, Path workshopHome, AtomicInteger opened) {
        TargetFactory factory = (selection, progress) -> {
            Target t = base.targets().open(selection, progress);
            opened.incrementAndGet();
            return t;
        };
        return new Env(base.variables(), workshopHome, base.userHome(), factory, Clock.systemUTC(), false);
    }

    /** Every file and folder under the home, with its size: a written byte anywhere changes it. */
    private static Map<String, Long> listing(Path root) throws IOException {
        Map<String, Long> out = new TreeMap<>();
        try (Stream<Path> s = Files.walk(root)) {
            for (Path p : s.toList()) out.put(root.relativize(p).toString(), Files.isDirectory(p) ? -1 : Files.size(p));
        }
        return out;
    }

    /** The seeded workspace's items, the shared table's items, and whether the case's own id got a table. */
    private static Map<String, Long> items() {
        Map<String, Long> out = new TreeMap<>();
        var admin = TestSupport.admin();
        out.put(shared, (long) admin.scanPaginator(ScanRequest.builder().tableName(shared).select(Select.COUNT).build())
                .stream().mapToInt(p -> p.count()).sum());
        out.put("ws-att-" + seeded, (long) admin.scanPaginator(ScanRequest.builder().tableName("ws-att-" + seeded).select(Select.COUNT).build())
                .stream().mapToInt(p -> p.count()).sum());
        List<String> mine = new ArrayList<>();
        for (String t : admin.listTablesPaginator().tableNames()) if (t.contains(ID)) mine.add(t);
        out.put("tables named after " + ID, (long) mine.size());
        return out;
    }
}
