package dev.workshop.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.Machine;
import dev.workshop.TestSupport;
import org.junit.jupiter.api.Test;

/**
 * Lab 3 end to end on the local target, through the gateway's capacity model: twice, to show it cleans up after
 * itself. The runs are shortened (--seconds 6) to keep the suite quick; the load is the default one.
 */
@Machine(Machine.Use.ALONE)
class HotPartitionsLabTest {
    @Test
    void theLabPassesTwiceOnTheLocalTarget() {
        String id = TestSupport.randomId("hp");
        String shared = TestSupport.randomTable();
        int firstRunWrote = 0;
        for (int run = 1; run <= 2; run++) {
            TestSupport.Result r = TestSupport.run("hot-partitions", "--id", id, "--shared-table", shared, "--no-pause", "--seconds", "6");
            assertEquals(0, r.exit(), "run " + run + ": " + r);
            assertTrue(r.out().contains("✔ the single-key run was throttled"), r.out());
            assertTrue(r.out().contains("✔ the sharded run was not throttled"), r.out());
            assertTrue(r.out().contains("✔ the scatter-gather read every item written"), r.out());
            // The reasons of every throttled attempt, retried ones included, from DynamoDB's error bodies.
            assertTrue(r.out().contains("ThrottlingReasons of every throttled attempt"), r.out());
            assertTrue(r.out().contains("TableWriteKeyRangeThroughputExceeded"), r.out());
            assertTrue(r.out().contains("WriteKeyRange"), r.out());
            assertTrue(r.err().contains("[single key]"), "live line on stderr: " + r.err());
            java.util.regex.Matcher removed = java.util.regex.Pattern.compile("Removed (\\d+) item").matcher(r.out());
            assertTrue(removed.find(), r.out());
            int n = Integer.parseInt(removed.group(1));
            // The first run finds a fresh table; the second removes at least the first's sharded items (500 of 16 KB,
            // fewer when the calibration chose larger items).
            java.util.regex.Matcher written = java.util.regex.Pattern.compile("(\\d+) read, (\\d+) written, 0 missing").matcher(r.out());
            assertTrue(written.find(), r.out());
            if (run == 1) {
                assertEquals(0, n, r.out());
                firstRunWrote = Integer.parseInt(written.group(2));
                assertTrue(firstRunWrote >= 100, r.out());
            } else {
                assertTrue(n >= firstRunWrote, "the second run removed the first's " + firstRunWrote + " items: " + n);
            }
        }
    }

    @Test
    void simulateChartsTheModelAloneInstantly() {
        String id = TestSupport.randomId("hp");
        TestSupport.Result r = TestSupport.run("hot-partitions", "--id", id, "--shared-table", TestSupport.randomTable(),
                "--no-pause", "--simulate");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("Simulated 600 s of 125 writes/s of 16 KB over 1 key(s)"), r.out());
        assertTrue(r.out().contains("min 10 │"), r.out());
        assertTrue(r.out().contains("TableWriteKeyRangeThroughputExceeded"), r.out());
        assertTrue(r.out().contains("✔ the sharded run was not throttled"), r.out());
        assertFalse(r.err().contains("sets it up first"), "the model alone needs no workspace\n" + r);
    }

    @Test
    void aWhatIfSimulationReportsTheModelsAnswerAndRecordsNoProgress() {
        String id = TestSupport.randomId("hw");
        String shared = TestSupport.randomTable();
        // the shared table exists, so a progress record could be written if the runner wanted to
        new dev.workshop.workspace.Workspace(TestSupport.target(), shared, java.time.Clock.systemUTC()).ensureSharedTable(
                new dev.workshop.console.Console(new java.io.PrintWriter(new java.io.StringWriter()),
                        new java.io.PrintWriter(new java.io.StringWriter()), false, false, 100));
        TestSupport.Result r = TestSupport.run("hot-partitions", "--id", id, "--shared-table", shared,
                "--no-pause", "--simulate", "--rate", "10000", "--item-kb", "1"); // over the default 100 shards
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("What-if: 100 write units/s per key against 1000 per partition"), r.out());
        assertFalse(r.out().contains("✘"), r.out());
        assertTrue(TestSupport.admin().getItem(b -> b.tableName(shared)
                .key(LabRunner.progressKey(dev.workshop.model.AttendeeId.of(id), "hot-partitions"))).item().isEmpty(),
                "a simulation is not lab progress");
        // --shards alone leaves the single-key step's promise in force
        TestSupport.Result shards = TestSupport.run("hot-partitions", "--id", id, "--shared-table", shared,
                "--no-pause", "--simulate", "--shards", "4");
        assertTrue(shards.out().contains("✔ the single-key run was throttled"), shards.out());
    }
}
