package dev.workshop.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import dev.workshop.console.Console;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.SiloDesign;
import dev.workshop.target.LoopbackTarget;
import dev.workshop.target.Target;
import dev.workshop.target.aws.DynamoDbCreatePathStandIn;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/**
 * Lab 5's scratch table at room scale: when the account refuses CreateTable because too many tables with indexes are
 * being created at once, the lab waits and tries again instead of failing. DynamoDB is
 * {@link DynamoDbCreatePathStandIn} (which refuses the first creations as AWS documents) in front of the local gateway.
 */
class ScratchTableTest {
    @Test
    void aRefusedCreateTableIsTriedAgainThenTheTableIsLoadedAndDeleted() throws Exception {
        try (DynamoDbCreatePathStandIn dynamo = new DynamoDbCreatePathStandIn(TestSupport.server().endpoint(), Duration.ZERO)
                .refuseCreateTables(2);
             Target target = new LoopbackTarget(Target.Kind.ENDPOINT, dynamo.endpoint(), "DynamoDB stand-in", null)) {
            AttendeeId id = AttendeeId.of(TestSupport.randomId("scr"));
            StringWriter err = new StringWriter();
            Console console = new Console(new PrintWriter(new StringWriter()), new PrintWriter(err, true), false, false, 100);
            LabContext ctx = new LabContext(target, id, TestSupport.randomTable(), console, Clock.systemUTC());
            ScratchTable scratch = new ScratchTable(ctx, Duration.ofMinutes(1), "rerun");

            assertEquals(ScratchTable.Start.CREATED, scratch.begin(SiloDesign.SCRATCH_INDEXES));
            assertEquals(java.util.List.of(400, 400, 200), dynamo.calls("CreateTable").stream().map(DynamoDbCreatePathStandIn.Call::status).toList());
            Measurement load = scratch.awaitLoaded();
            assertEquals(ScratchTable.issues(ctx).size(), load.items());
            assertEquals(null, scratch.awaitLoaded(), "loaded once: the marker says so");
            assertEquals(ScratchTable.Start.FOUND, scratch.begin(SiloDesign.SCRATCH_INDEXES));
            assertTrue(scratch.delete());
            assertFalse(TestSupport.admin().listTables().tableNames().contains(id.scratchTable()));
        }
    }
}
