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

/** A failed check is a failure: reported, counted in the summary, and exit code 1; never swallowed. */
class FailingLabTest {
    static final class FailingLab implements Lab {
        @Override
        public String name() {
            return "failing-check";
        }

        @Override
        public int number() {
            return 99;
        }

        @Override
        public String summary() {
            return "A lab whose check fails (tests only).";
        }

        @Override
        public List<Step> steps() {
            return List.of(
                    new Step("A promise that breaks", (ctx, r) -> r.check("two equals three", 2 == 3, "it never does")),
                    new Step("Never reached in text order", (ctx, r) -> r.check("one equals one", true, null)));
        }

        @Override
        public boolean needsWorkspace() {
            return false;
        }
    }

    @Test
    void theRunnerReportsTheFailedCheckAndRunsOn() throws Exception {
        StringWriter out = new StringWriter();
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), false, false, 100);
        try (Target t = TestSupport.target()) {
            LabContext ctx = new LabContext(t, AttendeeId.of(TestSupport.randomId("f")), TestSupport.randomTable(), console, Clock.systemUTC());
            LabRunner.Outcome o = LabRunner.run(new FailingLab(), ctx,
                    new LabRunner.Options(null, LabRunner.Output.TEXT, LabRunner.Pause.NONE));
            assertFalse(o.passed());
            assertEquals(2, o.steps());
            assertEquals(1, o.checksPassed());
            assertEquals("two equals three", o.failed().get(0).promise());
        }
        assertTrue(out.toString().contains("✘ two equals three: it never does"), out::toString);
        assertTrue(out.toString().contains("✘ failing-check: 1 of 2 checks failed:"), out::toString);
    }

    @Test
    void theCommandExitsOneAndSaysWhichPromiseBroke() {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        Env env = TestSupport.env(Path.of(System.getProperty("java.io.tmpdir")), new HashMap<>());
        CommandLine cl = Workshop.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), env);
        cl.addSubcommand("failing-check", LabCommand.create(new FailingLab()));
        // picocli copies streams and handlers to the subcommands that exist when they are set: set them again.
        ErrorHandler handler = new ErrorHandler((Workshop) cl.getCommand());
        cl.setOut(new PrintWriter(out, true)).setErr(new PrintWriter(err, true)).setCaseInsensitiveEnumValuesAllowed(true)
                .setExecutionExceptionHandler(handler).setParameterExceptionHandler(handler).setExitCodeExceptionMapper(handler);
        int exit = cl.execute("failing-check", "--id", TestSupport.randomId("f"), "--shared-table", TestSupport.randomTable(), "--no-pause");
        assertEquals(ExitCode.FAILED, exit, () -> "out: " + out + "\nerr: " + err);
        assertEquals(1, exit);
        assertTrue(out.toString().contains("✘ two equals three: it never does"), out::toString);
        assertTrue(out.toString().contains("✔ one equals one"), "the lab runs on after a failed check\n" + out);
    }
}
