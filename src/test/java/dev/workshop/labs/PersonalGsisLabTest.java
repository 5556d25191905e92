package dev.workshop.labs;

import static dev.workshop.TestSupport.admin;
import static dev.workshop.TestSupport.randomId;
import static dev.workshop.TestSupport.randomTable;
import static dev.workshop.TestSupport.run;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport.Result;
import dev.workshop.model.SiloDesign;
import dev.workshop.model.Tables;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/** Lab 5 end to end on the local target: twice in a row with every check passing, then cleanup leaves nothing. */
class PersonalGsisLabTest {

    static Set<String> indexes(String table) {
        TableDescription t = admin().describeTable(b -> b.tableName(table)).table();
        List<GlobalSecondaryIndexDescription> g = t.hasGlobalSecondaryIndexes() ? t.globalSecondaryIndexes() : List.of();
        assertTrue(g.stream().allMatch(x -> x.indexStatus() == IndexStatus.ACTIVE), "every index ACTIVE: " + g);
        return g.stream().map(GlobalSecondaryIndexDescription::indexName).collect(Collectors.toCollection(TreeSet::new));
    }

    static int namespaceItems(String shared, String id) {
        return admin().query(QueryRequest.builder().tableName(shared).indexName(Tables.BY_OWNER.name())
                .keyConditionExpression("OwnerPK = :p").expressionAttributeValues(Map.of(":p", AttributeValue.fromS("ATT#" + id + "#")))
                .select(Select.COUNT).build()).count();
    }

    @Test
    void runsTwiceWithEveryCheckPassingThenCleanupLeavesNothing() {
        String shared = randomTable();
        String id = randomId("gsi");
        Set<String> endState = SiloDesign.END_STATE.stream().map(SiloDesign.Index::name).collect(Collectors.toCollection(TreeSet::new));

        Result first = run("personal-gsis", "--id", id, "--shared-table", shared, "--no-pause");
        assertEquals(0, first.exit(), first.toString());
        assertTrue(first.out().contains("all ") && first.out().contains("checks passed"), first.out());
        assertFalse(first.out().contains("✘"), first.out());
        assertTrue(first.out().contains("created, backfilled, ACTIVE"), first.out());
        assertTrue(first.out().contains("refused"), "the two-at-once UpdateTable is refused: " + first.out());
        assertTrue(first.err().contains("Creating ByAssignee-Keys"), first.err());
        assertEquals(endState, indexes("ws-att-" + id));

        Result second = run("personal-gsis", "--id", id, "--shared-table", shared, "--no-pause");
        assertEquals(0, second.exit(), second.toString());
        assertFalse(second.out().contains("✘"), second.out());
        assertTrue(second.out().contains("from a previous run"), "a re-run says what it found: " + second.out());
        assertTrue(second.out().contains("found (previous run)"), second.out());
        assertEquals(endState, indexes("ws-att-" + id));

        Result clean = run("cleanup", "--id", id, "--shared-table", shared);
        assertEquals(0, clean.exit(), clean.toString());
        assertFalse(admin().listTables().tableNames().contains("ws-att-" + id));
        assertEquals(0, namespaceItems(shared, id));
    }

    @Test
    void aStepRunAloneBuildsWhatItNeedsFirst() {
        String shared = randomTable();
        String id = randomId("gsis");
        Result step = run("personal-gsis", "--id", id, "--shared-table", shared, "--step", "5");
        assertEquals(0, step.exit(), step.toString());
        assertTrue(step.err().contains("Loading your data into ws-att-" + id + " first"), step.err());
        assertTrue(step.out().contains("the write costs exactly the deleted indexes' share less"), step.out());
        assertEquals(Set.of(SiloDesign.BY_ASSIGNEE_INCLUDE.name()), indexes("ws-att-" + id));
        assertEquals(0, run("cleanup", "--id", id, "--shared-table", shared).exit());
    }

    @Test
    void guideSectionsNarrateEveryStepUnderItsOwnTitle() {
        Lab lab = Labs.byName("personal-gsis").orElseThrow();
        Guide guide = Guide.load(lab.guideFile());
        assertEquals(lab.steps().stream().map(Step::title).toList(), guide.steps().stream().map(Guide.Section::title).toList());
        assertTrue(guide.steps().stream().noneMatch(x -> x.text().isBlank()));
    }

    @Test
    void helpShowsTheLabAndItsIndexTimeout() {
        Result help = run("personal-gsis", "--help");
        assertEquals(0, help.exit(), help.toString());
        assertTrue(help.out().contains("Lab 5:") && help.out().contains("--index-timeout=MINUTES"), help.out());
        assertEquals("", help.err());
    }

    @Test
    void jsonOutputCarriesEveryStepAndItsChecks() {
        String shared = randomTable();
        String id = randomId("gsij");
        Result r = run("personal-gsis", "--id", id, "--shared-table", shared, "--output", "json");
        assertEquals(0, r.exit(), r.toString());
        long steps = r.out().lines().filter(l -> l.contains("\"step\":")).count();
        assertEquals(7, steps, r.out());
        assertTrue(r.out().contains("\"checksFailed\":0"), r.out());
        assertEquals(0, run("cleanup", "--id", id, "--shared-table", shared).exit());
    }
}
