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

    /** Step 2 stops the first time it runs, the way an SSO session that expires mid-lab stops it. */
    static class FlakySsoLab implements Lab {
        final java.util.concurrent.atomic.AtomicBoolean expired = new java.util.concurrent.atomic.AtomicBoolean(true);

        @Override
        public String name() {
            return "flaky-sso";
        }

        @Override
        public int number() {
            return 98;
        }

        @Override
        public String summary() {
            return "A lab whose second step meets an expired SSO session once (tests only).";
        }

        @Override
        public List<Step> steps() {
            return List.of(
                    new Step("Before the expiry", (ctx, r) -> r.check("step one ran", true, null)),
                    new Step("The session expires here", (ctx, r) -> {
                        if (expired.getAndSet(false)) {
                            throw dev.workshop.WorkshopException.credentials("Your SSO session for profile ws has expired.",
                                    "aws sso login --profile ws");
                        }
                        r.check("step two ran", true, null);
                    }),
                    new Step("After the login", (ctx, r) -> r.check("step three ran", true, null)));
        }

        @Override
        public boolean needsWorkspace() {
            return false;
        }
    }

    @Test
    void aStepThatStopsSaysWhereAndTheResumedRunFinishesTheLab() {
        FlakySsoLab lab = new FlakySsoLab();
        String id = TestSupport.randomId("fs");
        String shared = TestSupport.randomTable();
        new dev.workshop.workspace.Workspace(TestSupport.target(), shared, Clock.systemUTC())
                .ensureSharedTable(new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false, false, 100));

        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = withLab(lab, out, err).execute("flaky-sso", "--id", id, "--shared-table", shared, "--no-pause");
        assertEquals(ExitCode.CREDENTIALS, exit, () -> "out: " + out + "\nerr: " + err);
        String e = err.toString();
        assertTrue(e.contains("Lab flaky-sso stopped in step 2 of 3 (The session expires here):"), e);
        assertTrue(e.contains("Run: aws sso login --profile ws"), e);
        String resume = "workshop flaky-sso --id " + id + " --shared-table " + shared + " --no-pause --from 2";
        assertTrue(e.contains("Then, instead of starting over: " + resume), e);
        assertFalse(e.contains("at dev.workshop"), "no stack trace without -v: " + e);
        assertEquals("PARTIAL", progress(id, shared).get("Result").s());
        assertEquals("1", progress(id, shared).get("Through").n());

        StringWriter out2 = new StringWriter();
        StringWriter err2 = new StringWriter();
        String[] args = resume.substring("workshop ".length()).split(" ");
        int exit2 = withLab(lab, out2, err2).execute(args);
        assertEquals(ExitCode.OK, exit2, () -> "out: " + out2 + "\nerr: " + err2);
        assertFalse(out2.toString().contains("Step 1/3"), "the resumed run starts at step 2\n" + out2);
        assertTrue(out2.toString().contains("Step 2/3") && out2.toString().contains("Step 3/3"), out2::toString);
        var record = progress(id, shared);
        assertEquals("PASSED", record.get("Result").s(), record::toString);
        assertEquals("3", record.get("ChecksPassed").n(), "the stopped run's check and the resumed run's two");
        assertEquals("3", record.get("Through").n());
    }

    @Test
    void fromWithoutAPriorRunRunsToTheEndButDoesNotCountAsTheWholeLab() {
        FlakySsoLab lab = new FlakySsoLab();
        lab.expired.set(false);
        String id = TestSupport.randomId("fs");
        String shared = TestSupport.randomTable();
        new dev.workshop.workspace.Workspace(TestSupport.target(), shared, Clock.systemUTC())
                .ensureSharedTable(new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false, false, 100));
        StringWriter out = new StringWriter();
        int exit = withLab(lab, out, new StringWriter()).execute("flaky-sso", "--id", id, "--shared-table", shared, "--from", "3");
        assertEquals(ExitCode.OK, exit, out::toString);
        assertEquals("PARTIAL", progress(id, shared).get("Result").s());
        assertEquals(ExitCode.USAGE, withLab(lab, new StringWriter(), new StringWriter())
                .execute("flaky-sso", "--id", id, "--shared-table", shared, "--from", "2", "--step", "2"));
        assertEquals(ExitCode.USAGE, withLab(lab, new StringWriter(), new StringWriter())
                .execute("flaky-sso", "--id", id, "--shared-table", shared, "--from", "4"));
    }

    @Test
    void qAtAPauseSaysHowToContinueAndTheContinuedRunCompletesTheLab() throws Exception {
        FlakySsoLab lab = new FlakySsoLab();
        lab.expired.set(false);
        String id = TestSupport.randomId("fq");
        String shared = TestSupport.randomTable();
        StringWriter out = new StringWriter();
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(out, true), false, false, 100);
        Target t = TestSupport.target();
        new dev.workshop.workspace.Workspace(t, shared, Clock.systemUTC()).ensureSharedTable(console);
        LabContext ctx = new LabContext(t, AttendeeId.of(id), shared, console, Clock.systemUTC());
        LabRunner.run(lab, ctx, new LabRunner.Options(null, LabRunner.Output.TEXT, hint -> false));
        assertTrue(out.toString().contains("Stopped after step 1. To continue later: workshop flaky-sso --id " + id
                + " --shared-table " + shared + " --from 2"), out::toString);
        assertEquals("PARTIAL", progress(id, shared).get("Result").s());
        LabRunner.Outcome o = LabRunner.run(lab, ctx, new LabRunner.Options(null, 2, LabRunner.Output.TEXT, LabRunner.Pause.NONE, null));
        assertTrue(o.passed());
        assertEquals("PASSED", progress(id, shared).get("Result").s());
    }

    /**
     * The SSO case for real: once the session expires, every call through the target fails, including the one that
     * would record progress. Steps done before the expiry must already be saved.
     */
    @Test
    void progressSurvivesCredentialsThatExpireMidLab() throws Exception {
        java.util.concurrent.atomic.AtomicBoolean sessionExpired = new java.util.concurrent.atomic.AtomicBoolean();
        FlakySsoLab lab = new FlakySsoLab() {
            @Override
            public List<Step> steps() {
                List<Step> s = new java.util.ArrayList<>(super.steps());
                s.set(1, new Step("The session expires here", (ctx, r) -> {
                    if (super.expired.getAndSet(false)) {
                        sessionExpired.set(true);
                        ctx.target().dynamo(dev.workshop.target.Principal.attendee(ctx.id())).listTables();
                    }
                    r.check("step two ran", true, null);
                }));
                return s;
            }
        };
        String id = TestSupport.randomId("fx");
        String shared = TestSupport.randomTable();
        Console console = new Console(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()), false, false, 100);
        Target t = new ExpiringTarget(TestSupport.target(), sessionExpired);
        new dev.workshop.workspace.Workspace(t, shared, Clock.systemUTC()).ensureSharedTable(console);
        LabContext ctx = new LabContext(t, AttendeeId.of(id), shared, console, Clock.systemUTC());

        LabRunner.Stopped stopped = org.junit.jupiter.api.Assertions.assertThrows(LabRunner.Stopped.class,
                () -> LabRunner.run(lab, ctx, new LabRunner.Options(null, LabRunner.Output.TEXT, LabRunner.Pause.NONE)));
        assertEquals(2, stopped.step());
        assertEquals(ExitCode.CREDENTIALS, ErrorHandler.classify(stopped).code());
        assertEquals("PARTIAL", progress(id, shared).get("Result").s());
        assertEquals("1", progress(id, shared).get("Through").n(), "step 1 was saved before the session expired");

        sessionExpired.set(false); // aws sso login
        assertTrue(LabRunner.run(lab, ctx, new LabRunner.Options(null, 2, LabRunner.Output.TEXT, LabRunner.Pause.NONE, null)).passed());
        var record = progress(id, shared);
        assertEquals("PASSED", record.get("Result").s(), record::toString);
        assertEquals("3", record.get("ChecksPassed").n(), "step 1's check from the stopped run, steps 2 and 3 from this one");

        // Running a passed lab part of the way again (q after step 1) leaves it passed.
        LabRunner.run(lab, ctx, new LabRunner.Options(null, LabRunner.Output.TEXT, hint -> false));
        assertEquals("PASSED", progress(id, shared).get("Result").s());
        // A --from run counts each earlier step once.
        LabRunner.run(lab, ctx, new LabRunner.Options(null, 2, LabRunner.Output.TEXT, LabRunner.Pause.NONE, null));
        assertEquals("3", progress(id, shared).get("ChecksPassed").n());
    }

    /** A target whose every client call fails while {@code expired} is set, as AWS does once an SSO session expires. */
    private static final class ExpiringTarget implements Target {
        private final Target inner;
        private final java.util.concurrent.atomic.AtomicBoolean expired;

        ExpiringTarget(Target inner, java.util.concurrent.atomic.AtomicBoolean expired) {
            this.inner = inner;
            this.expired = expired;
        }

        private software.amazon.awssdk.core.interceptor.ExecutionInterceptor gate() {
            return new software.amazon.awssdk.core.interceptor.ExecutionInterceptor() {
                @Override
                public void beforeExecution(software.amazon.awssdk.core.interceptor.Context.BeforeExecution c,
                                            software.amazon.awssdk.core.interceptor.ExecutionAttributes a) {
                    if (expired.get()) {
                        throw dev.workshop.WorkshopException.credentials("Your SSO session for profile ws has expired.",
                                "aws sso login --profile ws");
                    }
                }
            };
        }

        @Override
        public Kind kind() {
            return inner.kind();
        }

        @Override
        public String describe() {
            return inner.describe();
        }

        @Override
        public software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo(dev.workshop.target.Principal p) {
            return inner.dynamo(p, gate());
        }

        @Override
        public software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient dynamoAsync(dev.workshop.target.Principal p) {
            return inner.dynamoAsync(p, gate());
        }

        @Override
        public software.amazon.awssdk.services.dynamodb.DynamoDbClient dynamo(dev.workshop.target.Principal p,
                software.amazon.awssdk.core.interceptor.ExecutionInterceptor o) {
            return inner.dynamo(p, o);
        }

        @Override
        public software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient dynamoAsync(dev.workshop.target.Principal p,
                software.amazon.awssdk.core.interceptor.ExecutionInterceptor o) {
            return inner.dynamoAsync(p, o);
        }

        @Override
        public Identity identity() {
            return inner.identity();
        }

        @Override
        public void close() {
            // the shared test target stays open
        }
    }

    /** What a client of another process's DynamoDB Local sees when that process has ended: a refused connection. */
    @Test
    void aRefusedConnectionSaysToRunTheCommandAgain() {
        var refused = software.amazon.awssdk.core.exception.SdkClientException.builder().message("Unable to execute HTTP request")
                .cause(new java.net.ConnectException("Connection refused")).build();
        ErrorHandler.Failure f = ErrorHandler.classify(refused);
        assertEquals(ExitCode.FAILED, f.code());
        assertTrue(f.message().startsWith("Cannot reach the DynamoDB endpoint"), f.message());
        assertTrue(f.fix().contains("run this command again"), f.fix());
    }

    @Test
    void theResumeCommandKeepsWhatWasTypedAndQuotesWhatTheShellWouldSplit() {
        assertEquals("workshop abac --id alice --profile 'my ws' --from 3",
                ErrorHandler.resumeCommand(List.of("abac", "--id", "alice", "--step", "2", "--profile", "my ws"), 3));
        assertEquals("workshop abac --id=alice --from 4", ErrorHandler.resumeCommand(List.of("abac", "--id=alice", "--from=2"), 4));
    }

    private static java.util.Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> progress(String id, String shared) {
        return TestSupport.target().dynamo(dev.workshop.target.Principal.admin()).getItem(b -> b.tableName(shared)
                .key(LabRunner.progressKey(AttendeeId.of(id), "flaky-sso")).consistentRead(true)).item();
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
