package dev.workshop.tty;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import dev.workshop.TestSupport;
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

    static Map<String, String> env() {
        return Map.of("HOME", home.toString(), "WORKSHOP_HOME", home.resolve(".workshop").toString());
    }

    static Stream<String> labs() {
        return Labs.all().stream().map(Lab::name);
    }

    @ParameterizedTest
    @MethodSource("labs")
    void aLabWithPausesShowsEveryStepTheSummaryAndTheVerdict(String name) throws Exception {
        Lab lab = Labs.byName(name).orElseThrow();
        int n = lab.steps().size();
        String id = TestSupport.randomId("pty");
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
        String id = TestSupport.randomId("pty");
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
        String id = TestSupport.randomId("pty");
        try (Pty pty = Pty.start(root, env(), COLUMNS, "./workshop no-joins --id " + id)) {
            assertTrue(pty.await("Press Enter for step 2", STEP), pty.plain());
            pty.interrupt();
            int code = pty.exitCode(Duration.ofSeconds(20));
            assertEquals(130, code, pty.plain());
        }
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

}
