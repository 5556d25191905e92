package dev.workshop.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.Machine;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two shells, one workshop home: real separate JVMs, as an attendee would run them. The first owns DynamoDB Local,
 * the second joins it as a client, the owner waits for the client before stopping, and the data persists for a
 * third command started after both. This is the mode of WORKSHOP_LOCAL_IDLE_MINUTES=0; BackgroundServerProcessTest
 * covers the default, where the owner is a background process.
 */
@Machine(Machine.Use.SHARED)
class LocalHomeProcessTest {
    @TempDir Path home;

    /** Each command runs the server inside itself (the mode these tests are about), as with WORKSHOP_LOCAL_IDLE_MINUTES=0. */
    private WorkshopProcesses processes() {
        return new WorkshopProcesses(home, java.util.Map.of(BackgroundServer.IDLE_VARIABLE, "0"));
    }

    private Process start(String... args) throws Exception {
        return processes().start(args);
    }

    private static void await(Process p) throws Exception {
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "command finished");
    }

    private String logs() throws Exception {
        return processes().logs();
    }

    @Test
    void twoCommandsAtOnceShareOneServerAndLoseNothing() throws Exception {
        Process first = start("bootstrap", "--id", "one");
        Process second = start("bootstrap", "--id", "two");
        await(first);
        await(second);
        assertEquals(0, first.exitValue(), logs());
        assertEquals(0, second.exitValue(), logs());

        Process check = start("status", "--id", "one");
        await(check);
        Process check2 = start("status", "--id", "two");
        await(check2);
        String logs = logs();
        assertEquals(0, check.exitValue(), logs);
        assertEquals(0, check2.exitValue(), logs);
        assertTrue(logs.contains("Items in your namespace ATT#one#: 740"), logs);
        assertTrue(logs.contains("Items in your namespace ATT#two#: 740"), logs);
        assertTrue(logs.contains("Owner=one") && logs.contains("Owner=two"), "tags persisted across processes: " + logs);
    }

    /**
     * A shell opened while another command owns the server holds its lease only while one of its commands runs:
     * the owner ends as soon as its own work is done, although the shell stays open, and the shell's next command
     * then starts a server of its own. Before, the owner waited up to ten minutes for the idle shell.
     */
    @Test
    void anIdleShellDoesNotKeepTheServersOwnerWaiting() throws Exception {
        Path shellLog = home.resolve("out-shell.log");
        Process owner = start("hot-partitions", "--id", "own", "--no-pause", "--seconds", "6");
        Path endpoint = home.resolve("local").resolve("endpoint");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (!java.nio.file.Files.exists(endpoint) && System.nanoTime() < deadline) Thread.sleep(100);
        assertTrue(java.nio.file.Files.exists(endpoint), "the owner published its server\n" + logs());

        Process shell = processes().start(shellLog, "shell", "--id", "visitor");
        try (java.io.Writer in = new java.io.OutputStreamWriter(shell.getOutputStream(), StandardCharsets.UTF_8)) {
            in.write("status\n");
            in.flush();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (!read(shellLog).contains("Lab progress") && System.nanoTime() < deadline) Thread.sleep(100);
            assertTrue(read(shellLog).contains("Using the local DynamoDB already running"), "the shell's command joined the owner's server\n" + logs());
            assertTrue(owner.isAlive(), "the owner was still at work when the shell's command ran (else this proves nothing)\n" + logs());

            // The shell now sits idle at its prompt, its stdin open.
            assertTrue(owner.waitFor(150, TimeUnit.SECONDS), "the owner ended with the shell still open\n" + logs());
            // Its lab's own checks depend on this machine's load (a busy machine may not reach the throttles); what
            // matters here is that it never waited for the shell.
            assertTrue(!logs().contains("Waiting for other workshop commands"), "the owner did not wait for the idle shell\n" + logs());
            assertTrue(shell.isAlive(), "the shell is still open\n" + logs());

            int before = read(shellLog).split("Lab progress", -1).length;
            in.write("status\n");
            in.flush();
            deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
            while (read(shellLog).split("Lab progress", -1).length == before && System.nanoTime() < deadline) Thread.sleep(100);
            assertTrue(read(shellLog).split("Lab progress", -1).length > before, "the shell's next command ran on a server of its own\n" + logs());
        }
        assertTrue(shell.waitFor(60, TimeUnit.SECONDS), "end of input ends the shell\n" + logs());
        assertEquals(0, shell.exitValue(), logs());
        String log = read(shellLog);
        assertTrue(!log.contains("Cannot reach the DynamoDB endpoint"), log);
    }

    private static String read(Path p) throws Exception {
        return WorkshopProcesses.read(p);
    }
}
