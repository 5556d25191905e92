package dev.workshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import dev.workshop.target.TargetFactory;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ShellTest {
    @TempDir
    Path home;

    private Env env() {
        Map<String, String> vars = new HashMap<>();
        vars.put("NO_COLOR", "1");
        return TestSupport.env(home, vars);
    }

    private static Shell.Start local(String table) {
        return new Shell.Start(null, null, null, table, new TargetFactory.Selection(null, null, null, false));
    }

    @Test
    void runsACommandAndRemembersTheIdForTheNext() throws Exception {
        String id = TestSupport.randomId("sh");
        String table = TestSupport.randomTable();
        try (ShellHarness h = new ShellHarness(env()).start(local(table))) {
            h.awaitPrompts(1);
            h.type("status --id " + id + "\n");
            String first = h.awaitPrompts(2);
            assertTrue(first.contains("Items in your namespace ATT#" + id + "#: 0"), first);
            assertTrue(first.contains("workshop (" + id + " · table " + table + ")> "), "the prompt shows the id: " + first);

            h.type("status\n");
            String second = h.awaitPrompts(3);
            String after = second.substring(first.length());
            assertTrue(after.contains("Items in your namespace ATT#" + id + "#: 0"), "the second status used the remembered id:\n" + after);
            assertEquals(List.of(id), new KnownIds(home).list(), "remembered in the workshop home");
        }
    }

    @Test
    void errorsPrintAsOnTheCommandLineAndTheShellGoesOn() throws Exception {
        try (ShellHarness h = new ShellHarness(env()).start(local(TestSupport.randomTable()))) {
            h.awaitPrompts(1);
            h.type("status --id Not_Valid\n");
            String s = h.awaitPrompts(2);
            assertTrue(s.contains("error: Invalid attendee id 'Not_Valid'"), s);
            assertTrue(s.contains("Run: workshop status --id not-valid"), s);
            assertTrue(h.shell.remembered().get("--id") == null, "an invalid id is not remembered");
            h.type("statsu\n");
            s = h.awaitPrompts(3);
            assertTrue(s.contains("Did you mean"), s);
        }
    }

    @Test
    void ctrlCStopsARunningLabStepAndThePromptComesBack() throws Exception {
        String id = TestSupport.randomId("sh");
        String table = TestSupport.randomTable();
        try (ShellHarness h = new ShellHarness(env()).start(local(table))) {
            h.awaitPrompts(1);
            h.type("slow-test --id " + id + " --no-pause\n");
            assertTrue(h.slow.running.await(30, java.util.concurrent.TimeUnit.SECONDS), "the step started: " + h.screen());
            h.type("\u0003");
            String s = h.awaitPrompts(2);
            assertTrue(s.contains("Cancelled. What it finished is kept"), "the command stopped within the grace period: " + s);
            int callsAtStop = h.slow.calls.get();
            Thread.sleep(200);
            assertEquals(callsAtStop, h.slow.calls.get(), "no DynamoDB calls after the cancel");

            h.type("status\n");
            s = h.awaitPrompts(3);
            assertTrue(s.contains("Items in your namespace ATT#" + id + "#"), "the next command ran with the remembered id: " + s);
        }
    }

    @Test
    void ctrlDLeaves() throws Exception {
        try (ShellHarness h = new ShellHarness(env()).start(local(TestSupport.randomTable()))) {
            h.awaitPrompts(1);
            h.type("\u0004");
            assertTrue(h.awaitExit(), "the shell ended");
            assertEquals(0, h.exit);
        }
    }

    @Test
    void exitLeavesAndHistoryIsKeptInTheWorkshopHome() throws Exception {
        try (ShellHarness h = new ShellHarness(env()).start(local(TestSupport.randomTable()))) {
            h.awaitPrompts(1);
            h.type("guide\n");
            h.awaitPrompts(2);
            h.type("exit\n");
            assertTrue(h.awaitExit());
        }
        assertTrue(Files.readString(home.resolve("history")).contains("guide"), "history file");
    }

    @Test
    void theIdRememberedLastTimeIsTheSessionsAtStart() throws Exception {
        new KnownIds(home).remember("zed-before");
        try (ShellHarness h = new ShellHarness(env()).start(local(null))) {
            String s = h.awaitPrompts(1);
            assertTrue(s.contains("workshop (zed-before)> "), s);
            assertTrue(s.contains("Attendee: zed-before"), "the welcome screen greets them: " + s);
        }
    }

    @Test
    void rememberedOptionsGoOnlyWhereTheyFit() throws Exception {
        try (ShellHarness h = new ShellHarness(env())) {
            h.shell.remembered().put("--id", "ann");
            h.shell.remembered().put("--profile", "ws");
            assertEquals(List.of("status", "--id", "ann", "--profile", "ws", "-v"), h.shell.withRemembered(List.of("status", "-v")));
            assertEquals(List.of("status", "--profile", "ws", "--id", "bob"), h.shell.withRemembered(List.of("status", "--id", "bob")));
            assertEquals(List.of("cleanup", "--profile", "ws", "--all", "--yes"), h.shell.withRemembered(List.of("cleanup", "--all", "--yes")),
                    "no --id next to --all");
            assertEquals(List.of("status", "--id", "ann", "--local"), h.shell.withRemembered(List.of("status", "--local")),
                    "no --profile next to --local");
            assertEquals(List.of("guide", "abac"), h.shell.withRemembered(List.of("guide", "abac")), "guide takes neither");
            assertEquals(List.of("stauts"), h.shell.withRemembered(List.of("stauts")), "a line picocli rejects runs unchanged");
        }
    }
}
