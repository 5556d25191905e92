package dev.workshop.workspace;

import static dev.workshop.TestSupport.admin;
import static dev.workshop.TestSupport.randomId;
import static dev.workshop.TestSupport.randomTable;
import static dev.workshop.TestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport.Result;
import dev.workshop.model.Tables;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;

/** Bootstrap, status and cleanup through the CLI on DynamoDB Local: invariants 1, 3, 4 and 5 of DESIGN.md. */
class WorkspaceCliTest {

    static int countNamespace(String table, String id) {
        return admin().query(QueryRequest.builder().tableName(table).indexName(Tables.BY_OWNER.name())
                .keyConditionExpression("OwnerPK = :p").expressionAttributeValues(Map.of(":p", AttributeValue.fromS("ATT#" + id + "#")))
                .select(Select.COUNT).build()).count();
    }

    static boolean tableExists(String name) {
        return admin().listTables().tableNames().contains(name);
    }

    @Test
    void bootstrapIsIdempotentAndSaysWhatItFound() {
        String shared = randomTable();
        String id = randomId("boot");
        Result first = run("bootstrap", "--id", id, "--shared-table", shared);
        assertEquals(0, first.exit(), first.toString());
        assertTrue(first.out().startsWith("Target: local"), "first line names the target: " + first.out());
        assertTrue(first.out().contains("created personal table ws-att-" + id), first.out());
        assertTrue(first.out().contains("seeded 739 items"), first.out());
        int items = countNamespace(shared, id);
        assertEquals(740, items, "739 sample items plus the seed marker");

        Result second = run("bootstrap", "--id", id, "--shared-table", shared);
        assertEquals(0, second.exit(), second.toString());
        assertTrue(second.out().contains("[skip] personal table ws-att-" + id + " already exists"), second.out());
        assertTrue(second.out().contains("already seeded (739 items and the seed marker)"), second.out());
        assertEquals(items, countNamespace(shared, id));

        Result status = run("status", "--id", id, "--shared-table", shared);
        assertEquals(0, status.exit(), status.toString());
        assertTrue(status.out().contains("Owner=" + id), status.out());
        assertTrue(status.out().lines().anyMatch(l -> l.matches(shared + "\\s+yes\\s+ACTIVE\\s+740\\s+5 indexes")),
                "the shared table's item count (only this attendee's items in it)\n" + status.out());
        assertTrue(status.out().lines().anyMatch(l -> l.matches("ws-att-" + id + "\\s+yes\\s+ACTIVE\\s+0\\s+Owner=" + id)), status.out());
        assertTrue(status.out().contains("Items in your namespace ATT#" + id + "#: 740"), status.out());
        assertTrue(status.out().contains("Everything is in place"), status.out());
    }

    @Test
    void cleanupOfAnIdLeavesItsPrefixSiblingsIntact() {
        String shared = randomTable();
        String a = randomId("p");
        String ab = a + "b";
        String aDashB = a + "-b";
        Result boot = run("bootstrap", "--ids", a + "," + ab + "," + aDashB, "--shared-table", shared);
        assertEquals(0, boot.exit(), boot.toString());
        assertTrue(boot.out().contains("3 attendees ready"), boot.out());

        Result clean = run("cleanup", "--id", a, "--shared-table", shared);
        assertEquals(0, clean.exit(), clean.toString());
        assertTrue(clean.out().contains("deleted personal table ws-att-" + a), clean.out());
        assertTrue(clean.out().contains("deleted 740 items"), clean.out());
        assertEquals(0, countNamespace(shared, a));
        assertFalse(tableExists("ws-att-" + a));
        assertEquals(740, countNamespace(shared, ab));
        assertEquals(740, countNamespace(shared, aDashB));
        assertTrue(tableExists("ws-att-" + ab));
        assertTrue(tableExists("ws-att-" + aDashB));

        Result again = run("cleanup", "--id", a, "--shared-table", shared);
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("[skip] personal table ws-att-" + a + " does not exist"), again.out());
        assertTrue(again.out().contains("already empty"), again.out());

        run("cleanup", "--id", ab, "--shared-table", shared);
        run("cleanup", "--id", aDashB, "--shared-table", shared);
    }

    @ParameterizedTest
    @ValueSource(strings = {"A", "a#b", "-a", "a-", "abcdefghijklmnopqrstuvwxyz0123456", "", "../x", "a b", "é"})
    void badIdsExitTwoWithTheRuleAndWriteNothing(String bad) {
        String shared = randomTable();
        Result r = run("bootstrap", "--id", bad, "--shared-table", shared);
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("lower-case letters, digits and inner hyphens"), r.err());
        assertTrue(r.err().contains("Run: workshop bootstrap --id "), r.err());
        assertFalse(r.err().contains("at dev.workshop"), "no stack trace without -v");
        assertEquals("", r.out(), "nothing printed to stdout, not even the target: nothing was opened");
        assertFalse(tableExists(shared), "nothing written");
    }

    @Test
    void aRosterWithOneBadIdWritesNothingAndNamesTheLine(@TempDir Path dir) throws Exception {
        String shared = randomTable();
        String good = randomId("r");
        Path roster = dir.resolve("roster.txt");
        Files.writeString(roster, "# workshop roster\n" + good + "\nBad#Id\n\n");
        Result r = run("bootstrap", "--ids-file", roster.toString(), "--shared-table", shared);
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("roster.txt:3 'Bad#Id'"), r.err());
        assertFalse(tableExists(shared));
        assertFalse(tableExists("ws-att-" + good));
    }

    @Test
    void missingIdSaysHowToGiveOne() {
        Result r = run("status");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("needs --id or ATTENDEE_ID"), r.err());
        assertTrue(r.err().contains("export ATTENDEE_ID=alice"), r.err());
    }

    @Test
    void cleanupAllRefusesWithoutATerminalOrYes() {
        Result r = run("cleanup", "--all");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("workshop cleanup --all --yes"), r.err());
    }

    /**
     * The facilitator's end of day, on a workshop home of its own (a persistent DynamoDB Local in a temp folder), so
     * that deleting "everything tagged for the workshop" cannot touch the other tests' tables.
     */
    @Test
    void cleanupAllDeletesEveryWorkshopTableAndItemAndWithDeleteSharedTheSharedTable(@TempDir Path home) {
        Map<String, String> vars = new java.util.HashMap<>();
        dev.workshop.cli.Env own = new dev.workshop.cli.Env(vars, home, home,
                dev.workshop.target.TargetFactory.standard(home, vars, home), java.time.Clock.systemUTC(), false);
        assertEquals(0, run(own, "bootstrap", "--ids", "ann,bo").exit());
        Result roster = run(own, "roster");
        assertTrue(roster.out().contains("ann") && roster.out().contains("bo"), roster.toString());

        Result all = run(own, "cleanup", "--all", "--yes");
        assertEquals(0, all.exit(), all.toString());
        try (dev.workshop.target.Target t = own.targets().open(new dev.workshop.target.TargetFactory.Selection(null, null, null, true), m -> {})) {
            var client = t.dynamo(dev.workshop.target.Principal.admin());
            assertEquals(List.of(Tables.DEFAULT_SHARED), client.listTables().tableNames(), "personal tables deleted, shared table kept");
            assertEquals(0, client.scan(b -> b.tableName(Tables.DEFAULT_SHARED).select(Select.COUNT)).count(), "no ATT# item left");
        }

        Result again = run(own, "cleanup", "--all", "--yes", "--delete-shared");
        assertEquals(0, again.exit(), again.toString());
        try (dev.workshop.target.Target t = own.targets().open(new dev.workshop.target.TargetFactory.Selection(null, null, null, true), m -> {})) {
            assertEquals(List.of(), t.dynamo(dev.workshop.target.Principal.admin()).listTables().tableNames());
        }
    }

    /** What an interrupted bootstrap leaves: items without the seed marker, which is written last. */
    @Test
    void statusSaysWhenTheSeedIsIncompleteAndBootstrapFinishesIt() {
        String shared = randomTable();
        String id = randomId("si");
        assertEquals(0, run("bootstrap", "--id", id, "--shared-table", shared).exit());
        admin().deleteItem(b -> b.tableName(shared).key(Map.of(Tables.PK, AttributeValue.fromS(Workspace.metaPk(
                dev.workshop.model.AttendeeId.of(id))), Tables.SK, AttributeValue.fromS("SEED"))));
        Result r = run("status", "--id", id, "--shared-table", shared);
        assertEquals(1, r.exit(), "a problem to fix exits 1\n" + r);
        assertTrue(r.err().contains("Your sample data is incomplete (739 items; a full seed has 740): a bootstrap was interrupted."
                + "  fix: workshop bootstrap --id " + id), r.toString());
        assertFalse(r.out().contains("Everything is in place"), r.out());
        Result roster = run("roster", "--ids", id, "--shared-table", shared);
        assertTrue(roster.out().contains("739 (seed incomplete)"), roster.toString());
        assertTrue(roster.err().contains("fix: workshop bootstrap --ids " + id), roster.toString());

        Result again = run("bootstrap", "--id", id, "--shared-table", shared);
        assertEquals(0, again.exit(), again.toString());
        Result after = run("status", "--id", id, "--shared-table", shared);
        assertTrue(after.out().contains("Everything is in place"), after.toString());
    }

    @Test
    void statusDiagnosesAMissingWorkspace() {
        String shared = randomTable();
        String id = randomId("s");
        Result r = run("status", "--id", id, "--shared-table", shared);
        assertEquals(1, r.exit(), "a problem to fix exits 1\n" + r);
        assertTrue(r.err().contains("The shared table " + shared + " is missing"), r.err());
        assertTrue(r.err().contains("Your personal table ws-att-" + id + " is missing.  fix: workshop bootstrap --id " + id), r.err());
    }

    @Test
    void rosterShowsOneRowPerAttendee() {
        String shared = randomTable();
        String a = randomId("ro");
        String b = randomId("ro");
        assertEquals(0, run("bootstrap", "--ids", a + "," + b, "--shared-table", shared).exit());
        Result r = run("roster", "--ids", a + "," + b + ",nobody-here", "--shared-table", shared);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith(a) && l.contains("ACTIVE") && l.contains("740") && l.contains("0/5")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith(b) && l.contains("740")), r.out());
        assertTrue(r.out().lines().anyMatch(l -> l.startsWith("nobody-here") && l.contains("missing")), r.out());
        run("cleanup", "--id", a, "--shared-table", shared);
        run("cleanup", "--id", b, "--shared-table", shared);
    }
}
