package dev.workshop.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.Machine;
import dev.workshop.TestSupport;
import dev.workshop.cli.Env;
import dev.workshop.cli.Workshop;
import dev.workshop.gateway.GatewayExchange;
import dev.workshop.gateway.GatewayFilter;
import dev.workshop.gateway.GatewayResponse;
import dev.workshop.target.LocalServer;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * Lab 3 on a machine too busy to serve the writes fast enough. The busy machine is a gateway filter placed after the
 * capacity filter, as DynamoDB Local sits after it: it lets one PutItem through at a time, each taking 1/N of a
 * second, so the server completes at most N writes per second, the way a build on the same two cores slowed DynamoDB
 * Local's single SQLite thread. A throttled write never reaches it (the capacity filter answered it first), as on the
 * real gateway. DynamoDB Local still stores every write; nothing is stubbed.
 */
@Machine(Machine.Use.ALONE)
class HotPartitionsBusyMachineTest {
    /** At most {@code perSecond} admitted PutItems per second, one at a time. */
    static final class BusyMachine implements GatewayFilter {
        private final long millis;
        private final Object lock = new Object();

        BusyMachine(int perSecond) {
            this.millis = 1000L / perSecond;
        }

        @Override
        public GatewayResponse before(GatewayExchange exchange) {
            if (!exchange.operation().equals("PutItem")) return null;
            synchronized (lock) {
                try {
                    Thread.sleep(millis);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }
            return null;
        }
    }

    private LocalServer server;

    private TestSupport.Result run(int writesPerSecond, String... args) {
        server = LocalServer.inMemory();
        server.gateway().addFilter(new BusyMachine(writesPerSecond));
        Env env = TestSupport.env(Path.of(System.getProperty("java.io.tmpdir")), new HashMap<>(), server);
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        int exit = Workshop.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), env).execute(args);
        return new TestSupport.Result(exit, out.toString(), err.toString());
    }

    @AfterEach
    void stop() {
        if (server != null) server.close();
    }

    @Test
    void aMachineThatCannotOfferTheLoadSaysSoInFiguresAndShowsTheModelsAnswer() {
        // 16 KB items asked for (no calibration): a partition takes 62.5 of them per second, this machine serves 30.
        TestSupport.Result r = run(30, "hot-partitions", "--id", TestSupport.randomId("hb"), "--shared-table", TestSupport.randomTable(),
                "--no-pause", "--seconds", "6", "--item-kb", "16");
        assertEquals(0, r.exit(), "could not be shown is not a failed lesson\n" + r);
        String out = r.out().replaceAll("\\s+", " "); // as one line: the console wraps prose at its width
        assertFalse(out.contains("✘"), out);
        assertTrue(out.matches("(?s).*! the single-key run was throttled: could not be shown here: your machine offered \\d+(\\.\\d)? writes/s;"
                + " a partition takes 62\\.5/s of 16 KB items.*"), out);
        java.util.regex.Matcher offered = java.util.regex.Pattern.compile("your machine offered (\\d+(?:\\.\\d)?) writes/s; a partition").matcher(out);
        assertTrue(offered.find(), out);
        assertTrue(Double.parseDouble(offered.group(1)) < 62.5, "what it says it offered is under the limit: " + offered.group(1));
        // the model's answer for the same load, in simulated time
        assertTrue(out.contains("Simulated 6 s of 125 writes/s of 16 KB over 1 key(s), in the capacity model alone"), out);
        assertTrue(out.contains("workshop hot-partitions --id"), out);
        // the sharded run proves nothing when it offered less than one key could take
        assertTrue(out.contains("! the sharded run was not throttled (or far less): could not be shown here"), out);
        assertTrue(out.contains("✔ the scatter-gather read every item written"), out);
        assertTrue(out.contains("! the table's metrics counted the throttles: could not be shown here: no attempt was throttled"), out);
        assertTrue(out.contains("could not be shown on this machine (not a failure of the lesson)"), out);
    }

    @Test
    void theCalibrationSizesTheLoadSoABusyMachineStillShowsTheLesson() {
        // 60 writes/s: under the 187.5 of 16 KB and 93.75 of 32 KB the lab wants, so 64 KB items at 31.25/s.
        TestSupport.Result r = run(60, "hot-partitions", "--id", TestSupport.randomId("hc"), "--shared-table", TestSupport.randomTable(),
                "--no-pause", "--seconds", "8");
        assertEquals(0, r.exit(), r.toString());
        String out = r.out().replaceAll("\\s+", " "); // as one line: the console wraps prose at its width
        assertTrue(out.contains("It did not, so both runs write the same 2,000 write units/s in fewer, larger items: 64 KB"), out);
        assertTrue(r.err().contains("[calibration]"), r.err());
        assertTrue(out.contains("✔ the single-key run was throttled"), out);
        assertTrue(out.contains("✔ the sharded run was not throttled"), out);
        assertTrue(out.contains("✔ the scatter-gather read every item written"), out);
        assertTrue(out.contains("✔ hot-partitions: 4 steps, all 4 checks passed."), out);
    }
}
