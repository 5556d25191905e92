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
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Lab 5 end to end on the local target: twice in a row with every check passing, exactly one online index creation,
 * the scratch table created with its indexes and gone at the end, then cleanup leaves nothing.
 */
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

    /** Tables on the local target whose names start with the attendee's personal table name. */
    static Set<String> tablesOf(String id) {
        return admin().listTables().tableNames().stream().filter(n -> n.startsWith("ws-att-" + id))
                .collect(Collectors.toCollection(TreeSet::new));
    }

    /** UpdateTable index creations the lab announced on stderr ("Creating X (…) on T with UpdateTable."). */
    static List<String> onlineCreations(String err) {
        return err.lines().filter(l -> l.startsWith("Creating ") && l.contains(" with UpdateTable")).toList();
    }

    @Test
    void runsTwiceWithEveryCheckPassingThenCleanupLeavesNothing() {
        String shared = randomTable();
        String id = randomId("gsi");
        String personal = "ws-att-" + id;
        String scratch = personal + ".scratch";
        Set<String> endState = SiloDesign.END_STATE.stream().map(SiloDesign.Index::name).collect(Collectors.toCollection(TreeSet::new));

        Result first = run("personal-gsis", "--id", id, "--shared-table", shared, "--no-pause");
        assertEquals(0, first.exit(), first.toString());
        assertTrue(first.out().contains("all ") && first.out().contains("checks passed"), first.out());
        assertFalse(first.out().contains("✘"), first.out());
        assertTrue(first.out().contains("refused"), "the two-at-once UpdateTable is refused: " + first.out());
        // Exactly one index is created online, on the personal table; the scratch table gets its four with CreateTable.
        assertEquals(List.of("Creating GSI1 (ALL) on " + personal + " with UpdateTable."), onlineCreations(first.err()), first.err());
        assertTrue(first.err().contains("Creating " + scratch + " with 4 indexes in one CreateTable."), first.err());
        // The online creation is watched: right after the call it is CREATING, and step 5 waits until it is ACTIVE.
        assertTrue(first.out().contains("IndexStatus=CREATING"), first.out());
        assertTrue(first.out().contains("The online creation on " + personal + ", watched until ACTIVE"), first.out());
        assertTrue(first.out().contains("the backfill copied every item carrying its keys, and nothing else"), first.out());
        // The index deletion runs on the scratch table and takes the index's share of a write away.
        assertTrue(first.out().contains("the write costs exactly the deleted index's share less"), first.out());
        assertEquals(endState, indexes(personal));
        assertEquals(Set.of(personal), tablesOf(id), "the tables created with their indexes are gone at the end");

        Result second = run("personal-gsis", "--id", id, "--shared-table", shared, "--no-pause");
        assertEquals(0, second.exit(), second.toString());
        assertFalse(second.out().contains("✘"), second.out());
        assertTrue(second.out().contains("from a previous run"), "a re-run says what it found: " + second.out());
        assertTrue(second.out().contains("found (previous run)"), second.out());
        assertEquals(List.of(), onlineCreations(second.err()), "a re-run finds GSI1 and creates nothing online: " + second.err());
        assertEquals(endState, indexes(personal));
        assertEquals(Set.of(personal), tablesOf(id));

        Result clean = run("cleanup", "--id", id, "--shared-table", shared);
        assertEquals(0, clean.exit(), clean.toString());
        assertEquals(Set.of(), tablesOf(id));
        assertEquals(0, namespaceItems(shared, id));
    }

    @Test
    void projectionNumbersAreTheCapacityTheTargetReported() {
        String shared = randomTable();
        String id = randomId("gsip");
        String scratch = "ws-att-" + id + ".scratch";
        Result r = run("personal-gsis", "--id", id, "--shared-table", shared, "--step", "3", "--output", "json");
        assertEquals(0, r.exit(), r.toString());
        String step = r.out().lines().filter(l -> l.contains("\"step\":3")).findFirst().orElseThrow();
        JsonNode json = JsonNode.parser().parse(step);
        JsonNode put = json.field("measurements").orElseThrow().asArray().stream()
                .filter(m -> m.field("label").map(JsonNode::asString).orElse("").equals("put new issue")).findFirst().orElseThrow();
        Map<String, JsonNode> capacity = put.field("capacity").orElseThrow().asObject();
        double table = Double.parseDouble(capacity.get(scratch).asNumber());
        double keys = Double.parseDouble(capacity.get(scratch + "/ByAssignee-Keys").asNumber());
        double include = Double.parseDouble(capacity.get(scratch + "/ByAssignee-Include").asNumber());
        double all = Double.parseDouble(capacity.get(scratch + "/ByAssignee-All").asNumber());
        assertTrue(table > 0 && keys > 0 && include >= keys && all > include, capacity.toString());
        // The comparison table's put row is those reported numbers, projection by projection.
        List<JsonNode> rows = json.field("tables").orElseThrow().asArray().get(0).field("rows").orElseThrow().asArray();
        List<String> putRow = rows.stream().map(JsonNode::asArray).filter(x -> x.get(0).asString().startsWith("put new issue"))
                .findFirst().orElseThrow().stream().map(JsonNode::asString).toList();
        assertEquals(List.of(units(table) + " + " + units(keys) + " = " + units(table + keys),
                units(table) + " + " + units(include) + " = " + units(table + include),
                units(table) + " + " + units(all) + " = " + units(table + all)), putRow.subList(1, 4));
        // Step 3 alone leaves the scratch table (and never touches your table); the rest of the lab removes it.
        assertTrue(tablesOf(id).contains(scratch), tablesOf(id).toString());
        Result rest = run("personal-gsis", "--id", id, "--shared-table", shared, "--from", "4", "--no-pause");
        assertEquals(0, rest.exit(), rest.toString());
        assertTrue(rest.err().contains("Loading your data into ws-att-" + id + " first"), rest.err());
        assertFalse(tablesOf(id).contains(scratch), tablesOf(id).toString());
        assertEquals(0, run("cleanup", "--id", id, "--shared-table", shared).exit());
    }

    private static String units(double u) {
        return LabRunner.units(u);
    }

    @Test
    void aStepRunAloneBuildsWhatItNeedsFirst() {
        String shared = randomTable();
        String id = randomId("gsis");
        String personal = "ws-att-" + id;
        Result step = run("personal-gsis", "--id", id, "--shared-table", shared, "--step", "4");
        assertEquals(0, step.exit(), step.toString());
        assertTrue(step.out().contains("the write costs exactly the deleted index's share less"), step.out());
        assertEquals(Set.of(), indexes(personal), "step 4 works on the scratch table only");
        TableDescription scratch = admin().describeTable(b -> b.tableName(personal + ".scratch")).table();
        assertEquals(Set.of("ByAssignee-Keys", "ByAssignee-Include", "Urgent"), scratch.globalSecondaryIndexes().stream()
                .map(GlobalSecondaryIndexDescription::indexName).collect(Collectors.toSet()), "ByAssignee-All deleted, the others kept");

        // A scratch table left behind is what status shows, cleanup --all plans and cleanup deletes.
        Result status = run("status", "--id", id, "--shared-table", shared);
        assertTrue(status.out().contains(personal + ".scratch"), status.toString());
        var plan = new dev.workshop.workspace.Workspace(dev.workshop.TestSupport.target(), shared, java.time.Clock.systemUTC()).planCleanupAll();
        assertTrue(plan.tables().contains(personal + ".scratch"), plan.tables().toString());
        Result clean = run("cleanup", "--id", id, "--shared-table", shared);
        assertEquals(0, clean.exit(), clean.toString());
        assertTrue(clean.out().contains("deleted lab 5's scratch table " + personal + ".scratch"), clean.out());
        assertEquals(Set.of(), tablesOf(id));
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
        assertEquals(8, steps, r.out());
        assertTrue(r.out().contains("\"checksFailed\":0"), r.out());
        assertEquals(0, run("cleanup", "--id", id, "--shared-table", shared).exit());
    }
}
