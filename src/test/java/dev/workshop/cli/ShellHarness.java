package dev.workshop.cli;

import static org.junit.jupiter.api.Assertions.fail;

import dev.workshop.labs.Lab;
import dev.workshop.labs.Step;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.PipedInputStream;
import java.io.PipedOutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Predicate;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.ExternalTerminal;
import picocli.CommandLine;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;

/** A shell on a JLine terminal over in-memory streams: tests type keys and read the screen. */
final class ShellHarness implements AutoCloseable {
    static final Duration WAIT = Duration.ofSeconds(30);

    /** A lab whose one step calls DynamoDB (as the attendee, metered) until its thread is interrupted. */
    static final class SlowLab implements Lab {
        final CountDownLatch running = new CountDownLatch(1);
        final AtomicInteger calls = new AtomicInteger();

        @Override
        public String name() {
            return "slow-test";
        }

        @Override
        public int number() {
            return 99;
        }

        @Override
        public String summary() {
            return "Calls DynamoDB until interrupted (tests only).";
        }

        @Override
        public boolean needsWorkspace() {
            return false;
        }

        @Override
        public List<Step> steps() {
            return List.of(new Step("Call DynamoDB until interrupted", (ctx, result) -> {
                while (true) {
                    // deliberately no interrupt check of its own: the SDK call must notice the interrupt
                    ctx.dynamo().listTables(ListTablesRequest.builder().limit(1).build());
                    calls.incrementAndGet();
                    running.countDown();
                }
            }));
        }
    }

    final PipedOutputStream keys = new PipedOutputStream();
    final ByteArrayOutputStream screen = new ByteArrayOutputStream();
    final Terminal terminal;
    final Shell shell;
    final SlowLab slow = new SlowLab();
    private Thread thread;
    volatile Integer exit;

    ShellHarness(Env env) throws IOException {
        PipedInputStream in = new PipedInputStream(keys, 1 << 16);
        // An ExternalTerminal runs the line discipline in Java, so Ctrl-C typed here raises INT on this terminal.
        // (TerminalBuilder with system(false) may pick a real pty instead, whose SIGINT never reaches this JVM.)
        terminal = new ExternalTerminal("test", "xterm", in, screen, StandardCharsets.UTF_8);
        terminal.setSize(new Size(160, 50));
        shell = new Shell(terminal, env, (out, err) -> {
            CommandLine cl = Workshop.commandLine(out, err, env);
            cl.addSubcommand("slow-test", LabCommand.create(slow));
            // a subcommand added late gets the streams and handlers only when they are set again
            cl.setCaseInsensitiveEnumValuesAllowed(true);
            cl.setOut(out);
            cl.setErr(err);
            cl.setExecutionExceptionHandler(cl.getExecutionExceptionHandler());
            cl.setParameterExceptionHandler(cl.getParameterExceptionHandler());
            cl.setExitCodeExceptionMapper(cl.getExitCodeExceptionMapper());
            return cl;
        });
    }

    ShellHarness start(Shell.Start start) {
        thread = new Thread(() -> exit = shell.run(start), "shell-under-test");
        thread.setDaemon(true);
        thread.start();
        return this;
    }

    void type(String s) throws IOException {
        keys.write(s.getBytes(StandardCharsets.UTF_8));
        keys.flush();
    }

    synchronized String screen() {
        return screen.toString(StandardCharsets.UTF_8).replaceAll("\u001b\\[[0-9;?]*[a-zA-Z]", "");
    }

    String awaitScreen(String what, Predicate<String> condition) throws InterruptedException {
        long deadline = System.nanoTime() + WAIT.toNanos();
        while (System.nanoTime() < deadline) {
            String s = screen();
            if (condition.test(s)) return s;
            Thread.sleep(20);
        }
        return fail("Timed out waiting for " + what + ". Screen:\n" + screen());
    }

    /** Waits until the screen holds {@code n} prompts. */
    String awaitPrompts(int n) throws InterruptedException {
        return awaitScreen(n + " prompts", s -> prompts(s) >= n);
    }

    static int prompts(String s) {
        return (int) PROMPT.matcher(s).results().count();
    }

    private static final java.util.regex.Pattern PROMPT = java.util.regex.Pattern.compile("workshop( \\([^)\n]*\\))?> ");

    boolean awaitExit() throws InterruptedException {
        thread.join(WAIT.toMillis());
        return !thread.isAlive();
    }

    @Override
    public void close() throws Exception {
        if (thread != null && thread.isAlive()) {
            type("\u0004");
            thread.join(5000);
        }
        terminal.close();
    }
}
