package dev.workshop.labs;

import static dev.workshop.TestSupport.admin;
import static dev.workshop.TestSupport.randomId;
import static dev.workshop.TestSupport.randomTable;
import static dev.workshop.TestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport.Result;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.Tables;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** Lab 4 through the CLI on the local target: the gateway isolates, the matrix says so, and the lab can run again. */
class AbacLabTest {

    @Test
    void theMatrixShowsNoCrossTenantAllowAndTheLabPassesTwice() {
        String shared = randomTable();
        String id = randomId("abac");
        // the prefix sibling exists for real, with its whole sample namespace
        Result boot = run("bootstrap", "--ids", id + "," + id + "b", "--shared-table", shared);
        assertEquals(0, boot.exit(), boot.toString());
        for (int i = 0; i < 2; i++) {
            Result r = run("abac", "--id", id, "--shared-table", shared, "--no-pause");
            assertEquals(0, r.exit(), r.toString());
            assertTrue(r.out().contains("Verdict: isolated. 41 requests"), r.out());
            assertFalse(r.out().contains("unexpected"), r.out());
            assertTrue(r.out().contains("(29 denied)"), r.out());
            assertTrue(r.out().contains("(12 allowed)"), r.out());
            assertTrue(r.out().contains("'ATT#" + id + "b#' is not like 'ATT#" + id + "#*'"), "ByOwner query of the sibling: " + r.out());
            assertTrue(r.out().contains("NO_TRAILING_HASH    12 on prefix sibling"), r.out());
            // step 4: the injected item showed up in the neighbour's index query, and the guard denied the same bytes
            assertTrue(r.out().contains("✔ your item appears in the neighbour's index query  (1 of 1 items in ATT#"
                    + AbacLab.neighbourOf(id) + "#ABAC have a table key outside"), r.out());
            assertTrue(r.out().contains("✔ the same PutItem is denied under the guard  (denied: SharedTableWritesWithoutIndexKeys does not allow it)"), r.out());
            assertTrue(r.out().contains("all 11 checks passed"), r.out());
        }
        // the lab's own items are gone again, and the neighbours it seeded as administrator too
        String own = AttendeeId.of(id).prefix() + AbacLab.PROBE_PARTITION;
        assertEquals(0, admin().query(q -> q.tableName(shared).keyConditionExpression("PK = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(own)))).count());
        String neighbour = "ATT#" + AbacLab.neighbourOf(id) + "#" + AbacLab.PROBE_PARTITION;
        assertEquals(0, admin().query(q -> q.tableName(shared).keyConditionExpression("PK = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(neighbour)))).count());
        // step 4's injected item is gone from the index partition it was written into
        assertEquals(0, admin().query(q -> q.tableName(shared).indexName(Tables.GSI1.name()).keyConditionExpression("GSI1PK = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS(neighbour)))).count());
        // the sibling's sample data is untouched: 739 items and the seed marker
        assertEquals(740, admin().query(q -> q.tableName(shared).indexName(Tables.BY_OWNER.name()).keyConditionExpression("OwnerPK = :p")
                .expressionAttributeValues(Map.of(":p", AttributeValue.fromS("ATT#" + id + "b#")))).count());
        // the recorded progress says the lab passed
        var progress = admin().getItem(g -> g.tableName(shared).key(LabRunner.progressKey(AttendeeId.of(id), "abac"))).item();
        assertEquals("PASSED", progress.get("Result").s());
    }

    @Test
    void continuingFromTheLastStepStartsAtTheStepWhoseRequestsItJudges() {
        String shared = randomTable();
        String id = randomId("abr");
        Result r = run("abac", "--id", id, "--shared-table", shared, "--from", "3");
        assertEquals(0, r.exit(), r::toString);
        assertTrue(r.err().contains("Step 3 uses what step 2 measures in the same run, so this run starts at step 2."), r::toString);
        assertTrue(r.out().contains("Step 2/4") && r.out().contains("Step 3/4") && !r.out().contains("Step 1/4"), r.out());
        assertFalse(r.out().contains("Run the whole lab"), "step 3 had step 2's requests to judge\n" + r.out());
        Result alone = run("abac", "--id", id, "--shared-table", shared, "--step", "3");
        assertEquals(2, alone.exit(), alone::toString);
        assertTrue(alone.err().contains("Step 3 of abac uses what step 2 measures in the same run, so it cannot run alone."), alone::toString);
        assertTrue(alone.err().contains("Run: workshop abac --id " + id + " --shared-table " + shared + " --from 2"), alone::toString);
    }

    @Test
    void stepTitlesMatchTheGuide() {
        AbacLab lab = new AbacLab();
        Guide g = Guide.load(lab.guideFile());
        assertEquals(lab.steps().stream().map(Step::title).toList(), g.steps().stream().map(Guide.Section::title).toList());
    }

    @Test
    void neighbourIdsAreValidAndNeverPrefixSiblings() {
        for (String id : new String[] {"a", "n", "neighbour", "zz", "0123456789012345678901234567890x", "neighbour-a"}) {
            String n = AbacLab.neighbourOf(id);
            assertTrue(AttendeeId.isValid(n), n);
            assertFalse(n.startsWith(id) || id.startsWith(n), id + " / " + n);
        }
    }

    @Test
    void jsonOutputCarriesTheChecks() {
        String shared = randomTable();
        String id = randomId("abacj");
        Result r = run("abac", "--id", id, "--shared-table", shared, "--output", "json");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("\"check\":\"no request outside your namespace was allowed\",\"passed\":true"), r.out());
        assertTrue(r.out().contains("\"passed\":true}"), r.out());
    }
}
