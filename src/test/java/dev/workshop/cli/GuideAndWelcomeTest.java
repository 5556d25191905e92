package dev.workshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import dev.workshop.console.Console;
import dev.workshop.labs.LabRunner;
import dev.workshop.labs.Syllabus;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.KeyDesign;
import dev.workshop.target.TargetFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Optional;
import dev.workshop.model.Tables;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

class GuideAndWelcomeTest {
    @TempDir
    Path home;

    private Env terminalEnv(Map<String, String> vars) {
        vars.put("NO_COLOR", "1");
        Env e = TestSupport.env(home, vars);
        return new Env(e.variables(), e.workshopHome(), e.userHome(), e.targets(), e.clock(), true);
    }

    @Test
    void unknownLabIsAUsageErrorListingTheLabs() {
        TestSupport.Result r = TestSupport.run("guide", "no-such-lab");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("There is no lab 'no-such-lab'. The labs are: no-joins, single-table, hot-partitions, abac, personal-gsis"), r.err());
        assertTrue(r.err().contains("Run: workshop guide no-joins"), r.err());
        assertEquals("", r.out());
    }

    @Test
    void withoutALabItListsTheFive() {
        TestSupport.Result r = TestSupport.run("guide");
        assertEquals(0, r.exit(), r.toString());
        for (String name : Syllabus.NAMES) assertTrue(r.out().contains(name), name + " in " + r.out());
        assertTrue(r.out().contains("labs/01-no-joins.md"), r.out());
    }

    @Test
    void everyLabsGuideRendersOrIsComing() {
        for (Syllabus.Entry e : Syllabus.entries()) {
            TestSupport.Result r = TestSupport.run("guide", e.name());
            String source = GuideCommand.read(e.guideFile());
            if (source != null) {
                assertEquals(0, r.exit(), r.toString());
                String title = source.lines().filter(l -> l.startsWith("# ")).findFirst().orElseThrow().substring(2).replaceAll("[`*]", "").strip();
                assertTrue(r.out().startsWith(title), "starts with its title '" + title + "': " + r.out());
                assertTrue(r.out().lines().allMatch(l -> l.length() <= 100 || l.startsWith("    ")), "wrapped to 100 columns");
            } else {
                assertEquals(1, r.exit(), r.toString());
                assertTrue(r.err().contains("The " + e.name() + " lab is coming"), r.err());
            }
        }
    }

    @Test
    void bareWorkshopWithoutATerminalPrintsHelp() {
        TestSupport.Result r = TestSupport.run();
        assertEquals(0, r.exit());
        assertTrue(r.out().contains("Usage: workshop"), r.out());
    }

    @Test
    void bareWorkshopOnATerminalIsTheWelcomeScreen() {
        String id = TestSupport.randomId("wel");
        TestSupport.Result r = TestSupport.run(terminalEnv(new HashMap<>(Map.of("ATTENDEE_ID", id))));
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Target: local"), r.out());
        assertTrue(r.out().contains("Attendee: " + id + "  (from ATTENDEE_ID)"), r.out());
        for (Syllabus.Entry e : Syllabus.entries()) {
            String row = r.out().lines().filter(l -> l.matches("^" + e.number() + "\\s+" + e.name() + "\\s.*")).findFirst().orElseThrow(() -> new AssertionError(e.name() + " row: " + r.out()));
            assertTrue(row.contains(e.available() ? "not yet" : "coming"), row);
        }
        assertTrue(r.out().contains("Next: workshop bootstrap --id " + id), "not bootstrapped yet: " + r.out());
        assertTrue(r.out().contains("workshop shell"), r.out());
    }

    @Test
    void welcomeWithoutAnyIdSaysHowToChooseOne() {
        // two personal tables of our own: the local target never has exactly one owner to guess from
        List<String> owners = List.of(TestSupport.randomId("own"), TestSupport.randomId("own"));
        owners.forEach(o -> TestSupport.admin().createTable(Tables.personalTable(AttendeeId.of(o))));
        try {
            TestSupport.Result r = TestSupport.run(terminalEnv(new HashMap<>()));
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("Attendee: not set yet"), r.out());
            assertTrue(r.out().contains("Next: workshop bootstrap --id <your-id>"), r.out());
        } finally {
            owners.forEach(o -> TestSupport.admin().deleteTable(DeleteTableRequest.builder().tableName("ws-att-" + o).build()));
        }
    }

    @Test
    void personalTablesOnTheLocalTargetNameTheirOwners() {
        String owner = TestSupport.randomId("own");
        assertEquals(Optional.empty(), new KnownIds(home).last());
        TestSupport.admin().createTable(Tables.personalTable(AttendeeId.of(owner)));
        try {
            assertTrue(KnownIds.personalTables(TestSupport.target()).contains(owner));
        } finally {
            TestSupport.admin().deleteTable(DeleteTableRequest.builder().tableName("ws-att-" + owner).build());
        }
    }

    @Test
    void welcomeShowsProgressAndTheNextLab() {
        String id = TestSupport.randomId("wel");
        String table = TestSupport.randomTable();
        AttendeeId att = bootstrapWithProgress(id, table, "PASSED", null);
        assertEquals(Map.of("no-joins", "PASSED"), WelcomeScreen.progress(TestSupport.target(), table, att).entrySet().stream()
                .collect(java.util.stream.Collectors.toMap(Map.Entry::getKey, e -> e.getValue().result())));

        StringWriter out = new StringWriter();
        Env env = terminalEnv(new HashMap<>());
        PrintWriter w = new PrintWriter(out, true);
        new WelcomeScreen(env, new Console(w, w, false, true, 100), true)
                .show(new TargetFactory.Selection(null, null, null, false), TestSupport.target(), table, id);
        String s = out.toString();
        String row = s.lines().filter(l -> l.startsWith("1  no-joins")).findFirst().orElseThrow();
        boolean registered = Syllabus.find("no-joins").orElseThrow().available();
        assertTrue(row.contains(registered ? "✔ done" : "coming"), row);
        String next = Syllabus.entries().stream().filter(e -> e.available() && !e.name().equals("no-joins")).map(Syllabus.Entry::name)
                .findFirst().orElse(null);
        if (next != null) assertTrue(s.contains("Next: " + next + "\n"), "in the shell the id is implicit: " + s);
        else assertTrue(s.contains("Next: "), s);
        assertTrue(s.contains("Attendee: " + id + "  (this session)"), s);
    }

    @Test
    void aLabStoppedHalfWayIsSuggestedFromWhereItStopped() {
        String id = TestSupport.randomId("wel");
        String table = TestSupport.randomTable();
        bootstrapWithProgress(id, table, "PARTIAL", 2);

        StringWriter out = new StringWriter();
        PrintWriter w = new PrintWriter(out, true);
        new WelcomeScreen(terminalEnv(new HashMap<>()), new Console(w, w, false, true, 100), true)
                .show(new TargetFactory.Selection(null, null, null, false), TestSupport.target(), table, id);
        String s = out.toString();
        assertTrue(s.lines().anyMatch(l -> l.startsWith("1  no-joins") && l.contains("started (steps 1-2 done)")), s);
        assertTrue(s.contains("Next: no-joins --from 3\n"), s);
    }

    /** The launcher exports the terminal's width as COLUMNS and the shell passes its own: a Codespaces panel is narrow. */
    @Test
    void guidesWrapToANarrowTerminal() {
        Map<String, String> vars = new HashMap<>();
        vars.put("COLUMNS", "64");
        Env narrow = TestSupport.env(home, vars);
        for (String lab : List.of("no-joins", "abac")) {
            TestSupport.Result r = TestSupport.run(narrow, "guide", lab);
            assertEquals(0, r.exit(), r.toString());
            List<String> wide = r.out().lines().filter(l -> l.length() > 64 && !l.startsWith("    ") && !l.startsWith("│")).toList();
            assertTrue(wide.isEmpty(), "wrapped to 64 columns: " + wide);
        }
        assertEquals(64, narrow.width());
        assertEquals(100, TestSupport.env(home, new HashMap<>()).width());
        assertEquals(80, TestSupport.env(home, new HashMap<>()).withColumns(80).width());
    }

    @Test
    void helpForTheNewCommands() {
        for (String c : new String[] {"shell", "guide", "completion"}) {
            TestSupport.Result r = TestSupport.run(c, "--help");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().startsWith("Usage: workshop " + c), r.out());
            assertTrue(r.out().contains("Example"), r.out());
        }
        assertTrue(TestSupport.run("--help").out().contains("shell"), "listed in the root help");
    }

    /** Bootstraps {@code id} and writes the progress record the lab runner would have written for no-joins. */
    private static AttendeeId bootstrapWithProgress(String id, String table, String result, Integer through) {
        TestSupport.Result boot = TestSupport.run("bootstrap", "--id", id, "--shared-table", table);
        assertEquals(0, boot.exit(), boot.toString());
        AttendeeId att = AttendeeId.of(id);
        Map<String, AttributeValue> item = KeyDesign.item(att, KeyDesign.expiresFrom(java.time.Instant.now()),
                LabRunner.progressKey(att, "no-joins").get("PK").s(), LabRunner.progressKey(att, "no-joins").get("SK").s(), "Progress",
                "Lab", "no-joins", "Result", result, "At", java.time.Instant.now().toString());
        if (through != null) item.put("Through", AttributeValue.fromN(Integer.toString(through)));
        TestSupport.admin().putItem(PutItemRequest.builder().tableName(table).item(item).build());
        return att;
    }

    @Test
    void onATerminalEachCommandsSilenceWatchdogEndsWithItAndOptionsAreStillCheckedFirst() throws Exception {
        Env env = terminalEnv(new HashMap<>());
        for (int i = 0; i < 3; i++) assertEquals(0, TestSupport.run(env, "guide").exit());
        TestSupport.Result bad = TestSupport.run(env, "hot-partitions", "--id", "wd-test", "--rate", "0");
        assertEquals(2, bad.exit(), bad.toString());
        long deadline = System.nanoTime() + 3_000_000_000L;
        while (watchdogs() > 0 && System.nanoTime() < deadline) Thread.sleep(50);
        assertEquals(0, watchdogs(), "a watchdog left running would draw its spinner over the shell's next prompt");
    }

    private static long watchdogs() {
        return Thread.getAllStackTraces().keySet().stream().filter(t -> t.getName().equals("watchdog") && t.isAlive()).count();
    }
}
