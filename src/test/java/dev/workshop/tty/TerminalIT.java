package dev.workshop.tty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.workshop.labs.Lab;
import dev.workshop.labs.Labs;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * The README's first command the way an attendee runs it: {@code ./workshop LAB --id ID} on a real pseudo-terminal of
 * 80 columns, with a fresh HOME, Enter typed at each pause. Runs after {@code package} (failsafe), so it drives the
 * launcher and the jar a person gets, with DynamoDB Local on disk in the workshop home as on a laptop.
 */
class TerminalIT {
    static final int COLUMNS = 80;
    static final Duration STEP = Duration.ofMinutes(3);

    @TempDir
    static Path home;

    static Path root;

    @BeforeAll
    static void launcher() {
        assumeTrue(Pty.available(), "util-linux script is needed to allocate a pseudo-terminal");
        root = Path.of(System.getProperty("user.dir"));
        assertTrue(Files.isRegularFile(root.resolve("target/workshop.jar")), "run after package: target/workshop.jar");
    }

    /** The launcher leaves the local target's server running for later commands, as for a person: end it here. */
    @org.junit.jupiter.api.AfterAll
    static void stopTheBackgroundServer() {
        stop(home);
    }

    static void stop(Path home) {
        Path workshopHome = home.resolve(".workshop");
        dev.workshop.target.BackgroundServer.running(workshopHome).ifPresent(info -> {
            dev.workshop.target.BackgroundServer.stop(workshopHome, Duration.ofSeconds(30), null);
            ProcessHandle.of(info.pid()).ifPresent(ProcessHandle::destroy);
        });
    }

    /** Not TestSupport's: that one starts an in-memory DynamoDB Local, and these tests use the launcher's own. */
    static String randomId() {
        return "pty-" + Long.toString(java.util.concurrent.ThreadLocalRandom.current().nextLong(36L * 36 * 36 * 36 * 36 * 36), 36);
    }

    static Map<String, String> env() {
        return Map.of("HOME", home.toString(), "WORKSHOP_HOME", home.resolve(".workshop").toString(), "WORKSHOP_SKIP_BUILD", "1");
    }

    static Stream<String> labs() {
        return Labs.all().stream().map(Lab::name);
    }

    @ParameterizedTest
    @MethodSource("labs")
    void aLabWithPausesShowsEveryStepTheSummaryAndTheVerdict(String name) throws Exception {
        Lab lab = Labs.byName(name).orElseThrow();
        int n = lab.steps().size();
        String id = randomId();
        try (Pty pty = Pty.start(root, env(), COLUMNS, "./workshop " + name + " --id " + id)) {
            for (int k = 1; k <= n; k++) {
                assertTrue(pty.await("Step " + k + "/" + n + ":", STEP), "step " + k + " heading missing; screen:\n" + pty.plain());
                if (k < n) {
                    assertTrue(pty.await("Press Enter for step " + (k + 1), STEP), "pause after step " + k + " missing; screen:\n" + pty.plain());
                    pty.enter();
                }
            }
            assertTrue(pty.await("Summary", STEP), "summary missing; screen:\n" + pty.plain());
            int verdict = pty.awaitAny(STEP, " passed.", "no checks to pass.", " failed:");
            assertTrue(verdict >= 0, "verdict missing; screen:\n" + pty.plain());
            int code = pty.exitCode(STEP);
            // The lesson's own checks are tested elsewhere; here the screen must carry the verdict the exit code gives.
            assertEquals(verdict < 2 ? 0 : 1, code, pty.plain());
            Width.assertFits(pty.lines(), COLUMNS, name);
        }
    }

    @Test
    void qAtAPauseStopsTheLabAndSaysHowToContinue() throws Exception {
        String id = randomId();
        try (Pty pty = Pty.start(root, env(), COLUMNS, "./workshop no-joins --id " + id)) {
            assertTrue(pty.await("Press Enter for step 2", STEP), pty.plain());
            pty.type("q\r");
            assertTrue(pty.await("--from 2", STEP), pty.plain());
            assertEquals(0, pty.exitCode(STEP), pty.plain());
            assertTrue(!pty.plain().contains("Step 2/"), pty.plain());
        }
    }

    @Test
    void ctrlCAtAPauseEndsTheCommandAtOnce() throws Exception {
        String id = randomId();
        try (Pty pty = Pty.start(root, env(), COLUMNS, "./workshop no-joins --id " + id)) {
            assertTrue(pty.await("Press Enter for step 2", STEP), pty.plain());
            var server = dev.workshop.target.BackgroundServer.running(home.resolve(".workshop"));
            assertTrue(server.isPresent(), "the lab runs on the background server\n" + pty.plain());
            pty.interrupt();
            int code = pty.exitCode(Duration.ofSeconds(20));
            assertEquals(130, code, pty.plain());
            // Ctrl-C reaches every process of the terminal's foreground group; the server, shared with other
            // terminals, ignores it.
            assertEquals(server.map(dev.workshop.target.BackgroundServer.Info::pid),
                    dev.workshop.target.BackgroundServer.running(home.resolve(".workshop")).map(dev.workshop.target.BackgroundServer.Info::pid),
                    "the background server survived Ctrl-C");
        }
    }

    /**
     * Two terminals, one server: a command in a second terminal connects to the server the first one runs, and
     * {@code workshop local} shows that server's endpoint and the attendee's key on 80 columns.
     */
    @Test
    void aSecondTerminalUsesTheSameServerAndLocalFitsTheTerminal() throws Exception {
        String id = randomId();
        Path workshopHome = home.resolve(".workshop");
        try (Pty first = Pty.start(root, env(), COLUMNS, "./workshop status --id " + id)) {
            first.exitCode(STEP);
        }
        var server = dev.workshop.target.BackgroundServer.running(workshopHome);
        assertTrue(server.isPresent(), "the first command left the server running for the next");
        try (Pty second = Pty.start(root, env(), COLUMNS, "./workshop local --id " + id)) {
            assertEquals(0, second.exitCode(STEP), second.plain());
            String screen = second.plain();
            assertTrue(screen.contains("Endpoint: " + server.get().endpoint()), screen);
            assertTrue(screen.contains("AWS_ACCESS_KEY_ID=" + dev.workshop.target.Principal.attendee(
                    dev.workshop.model.AttendeeId.of(id)).localAccessKeyId()), screen);
            assertTrue(!screen.contains("Starting the local DynamoDB"), "nothing started:\n" + screen);
            Width.assertFits(second.lines(), COLUMNS, "local");
        }
        assertEquals(server.map(dev.workshop.target.BackgroundServer.Info::pid),
                dev.workshop.target.BackgroundServer.running(workshopHome).map(dev.workshop.target.BackgroundServer.Info::pid));
    }

    @Test
    void theWelcomeScreenAndTheGuideFitTheTerminal() throws Exception {
        try (Pty pty = Pty.start(root, env(), COLUMNS, "./workshop")) {
            assertTrue(pty.await("Workshop: multi-tenant DynamoDB design", STEP), pty.plain());
            assertEquals(0, pty.exitCode(STEP), pty.plain());
            Width.assertFits(pty.lines(), COLUMNS, "welcome");
        }
        for (String lab : labs().toList()) {
            try (Pty pty = Pty.start(root, env(), COLUMNS, "./workshop guide " + lab)) {
                assertEquals(0, pty.exitCode(STEP), pty.plain());
                assertTrue(pty.plain().lines().count() > 20, pty.plain());
                Width.assertFits(pty.lines(), COLUMNS, "guide " + lab);
            }
        }
    }


    @Test
    void cleanupAllTellsTheTargetAndExactCountsBeforeItAsksAndStopsWithoutDelete(@TempDir Path own) throws Exception {
        // a home of its own: cleanup --all removes everything on its target
        Map<String, String> env = Map.of("HOME", own.toString(), "WORKSHOP_HOME", own.resolve(".workshop").toString(), "WORKSHOP_SKIP_BUILD", "1");
        try {
            cleanupAllIn(env);
        } finally {
            stop(own);
        }
    }

    private static void cleanupAllIn(Map<String, String> env) throws Exception {
        String id = randomId();
        try (Pty pty = Pty.start(root, env, COLUMNS, "./workshop bootstrap --id " + id)) {
            assertEquals(0, pty.exitCode(STEP), pty.plain());
        }
        String items;
        try (Pty pty = Pty.start(root, env, COLUMNS, "./workshop cleanup --all")) {
            assertTrue(pty.await("Target: local", STEP), pty.plain());
            assertTrue(pty.await("This deletes 1 personal table (ws-att-" + id + ") and ", STEP), pty.plain());
            assertTrue(pty.await("Type 'delete'", STEP), pty.plain());
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("and (\\d+) items of 1 attendee from ws-shared")
                    .matcher(pty.plain().replace('\n', ' '));
            assertTrue(m.find(), pty.plain());
            items = m.group(1);
            assertTrue(Integer.parseInt(items) >= 739, "the seed's items at least: " + items);
            pty.type("no\r");
            assertEquals(2, pty.exitCode(STEP), pty.plain());
            assertTrue(pty.plain().contains("Not confirmed; nothing was deleted"), pty.plain());
        }
        try (Pty pty = Pty.start(root, env, COLUMNS, "./workshop cleanup --all")) {
            assertTrue(pty.await("and " + items + " items of 1 attendee", STEP), "nothing was deleted the first time\n" + pty.plain());
            assertTrue(pty.await("Type 'delete'", STEP), pty.plain());
            pty.type("delete\r");
            assertTrue(pty.await("deleted 1 personal table: ws-att-" + id, STEP), pty.plain());
            assertTrue(pty.await("deleted " + items + " ATT# items from ws-shared", STEP), pty.plain());
            assertEquals(0, pty.exitCode(STEP), pty.plain());
            Width.assertFits(pty.lines(), COLUMNS, "cleanup --all");
        }
    }
}
