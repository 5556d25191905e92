package dev.workshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import dev.workshop.console.Console;
import dev.workshop.labs.Lab;
import dev.workshop.labs.LabContext;
import dev.workshop.labs.LabRunner;
import dev.workshop.labs.Step;
import dev.workshop.model.AttendeeId;
import dev.workshop.target.Target;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.time.Clock;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * A check that could not be shown on this machine is a third outcome: visible in the step, the summary, the JSON and
 * the progress record, never counted as passed, and not a failure of the lesson, so the command exits 0. A failed
 * check beside it still fails the lab.
 */
class NotShownCheckTest {
    static final class UnshownLab implements Lab {
        final boolean alsoFail;

        UnshownLab(boolean alsoFail) {
            this.alsoFail = alsoFail;
        }

        @Override
        public String name() {
            return "unshown-check";
        }

        @Override
        public int number() {
            return 97;
        }

        @Override
        public String summary() {
            return "A lab with a check this machine cannot show (tests only).";
        }

        @Override
        public List<Step> steps() {
            return List.of(
                    new Step("A promise kept", (ctx, r) -> r.check("one equals one", true, null)),
                    new Step("A promise the machine cannot test", (ctx, r) -> {
                        r.notShown("the hot key was throttled", "your machine offered 33 writes/s; a partition takes 62.5/s");
                        if (alsoFail) r.check("two equals three", false, "it never does");
                    }));
        }

        @Override
        public boolean needsWorkspace() {
            return false;
        }
    }

    @Test
    void theCommandExitsZeroAndSaysWhatCouldNotBeShownAndWhy() {
        String id = TestSupport.randomId("ns");
        String shared = TestSupport.randomTable();
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // the shared table exists, so the runner records progress
        new dev.workshop.workspace.Workspace(TestSupport.target(), shared, Clock.systemUTC()).ensureSharedTable(
                new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false, false, 100));
        int exit = withLab(new UnshownLab(false), out, err).execute("unshown-check", "--id", id, "--shared-table", shared, "--no-pause");
        assertEquals(ExitCode.OK, exit, () -> "out: " + out + "\nerr: " + err);
        String text = out.toString();
        assertTrue(text.contains("! the hot key was throttled: could not be shown here: your machine offered 33 writes/s"), text);
        assertTrue(text.contains("! unshown-check: 2 steps, 1 of 2 checks passed; 1 could not be shown on this machine"), text);
        assertFalse(text.contains("all 2 checks passed"), "a check not shown is not a pass\n" + text);
        assertTrue(text.contains("0/1, 1 not shown here"), "the recap counts it apart\n" + text);
        var record = TestSupport.admin().getItem(b -> b.tableName(shared)
                .key(LabRunner.progressKey(AttendeeId.of(id), "unshown-check")).consistentRead(true)).item();
        assertEquals("NOT_SHOWN", record.get("Result").s(), record::toString);
        assertEquals("1", record.get("ChecksPassed").n());
        assertEquals("0", record.get("ChecksFailed").n());
        assertEquals("1", record.get("ChecksNotShown").n());
    }

    @Test
    void jsonMarksTheCheckAndCountsItApart() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = withLab(new UnshownLab(false), out, err).execute("unshown-check", "--id", TestSupport.randomId("ns"),
                "--shared-table", TestSupport.randomTable(), "--no-pause", "--output", "json");
        assertEquals(ExitCode.OK, exit, () -> "out: " + out + "\nerr: " + err);
        assertTrue(out.toString().contains("\"passed\":false,\"outcome\":\"not shown here\""), out::toString);
        assertTrue(out.toString().contains("\"checksFailed\":0,\"checksNotShown\":1,\"passed\":true"), out::toString);
    }

    @Test
    void aFailedCheckBesideItStillFailsTheLab() throws Exception {
        StringWriter out = new StringWriter();
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), false, false, 100);
        try (Target t = TestSupport.target()) {
            LabContext ctx = new LabContext(t, AttendeeId.of(TestSupport.randomId("ns")), TestSupport.randomTable(), console, Clock.systemUTC());
            LabRunner.Outcome o = LabRunner.run(new UnshownLab(true), ctx, new LabRunner.Options(null, LabRunner.Output.TEXT, LabRunner.Pause.NONE));
            assertFalse(o.passed());
            assertEquals(1, o.failed().size());
            assertEquals(1, o.notShown().size());
            assertEquals(1, o.checksPassed());
        }
        assertTrue(out.toString().contains("✘ unshown-check: 1 of 3 checks failed:"), out::toString);
        assertTrue(out.toString().contains("  ! the hot key was throttled: could not be shown here"), out::toString);
    }

    private static CommandLine withLab(Lab lab, StringWriter out, StringWriter err) {
        Env env = TestSupport.env(Path.of(System.getProperty("java.io.tmpdir")), new HashMap<>());
        CommandLine cl = Workshop.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), env);
        cl.addSubcommand(lab.name(), LabCommand.create(lab));
        // picocli copies streams and handlers to the subcommands that exist when they are set: set them again.
        ErrorHandler handler = new ErrorHandler((Workshop) cl.getCommand());
        cl.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(handler).setParameterExceptionHandler(handler).setExitCodeExceptionMapper(handler);
        return cl;
    }
}
