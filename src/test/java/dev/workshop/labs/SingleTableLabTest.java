package dev.workshop.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;

/** Lab 2 end to end on the local target, its JSON output, the progress it records, and DESIGN invariant 2. */
class SingleTableLabTest {
    @Test
    void twoAttendeesTwiceEachAllChecksPassAndNeitherSeesTheOther() {
        String shared = TestSupport.randomTable();
        String a = TestSupport.randomId("sta");
        String b = TestSupport.randomId("stb");
        for (int round = 1; round <= 2; round++) {
            for (String id : new String[] {a, b}) {
                String other = id.equals(a) ? b : a;
                TestSupport.Result r = TestSupport.run("single-table", "--id", id, "--shared-table", shared, "--no-pause");
                assertEquals(0, r.exit(), r::toString);
                assertTrue(r.out().contains("✔ single-table: 6 steps, all 14 checks passed."), r::toString);
                assertFalse(r.out().contains("✘"), r::toString);
                assertFalse(r.out().contains(AttendeeId.of(other).prefix()), "never shows the neighbour's items\n" + r);
                assertTrue(r.out().contains("✔ No Scan was issued"), r::toString);
            }
        }
        TestSupport.Result status = TestSupport.run("status", "--id", a, "--shared-table", shared);
        assertEquals(0, status.exit(), status::toString);
        assertTrue(status.out().matches("(?s).*Lab progress.*single-table\\s+PASSED.*"), status::toString);
    }

    @Test
    void jsonOutputIsOneObjectPerStepThenASummary() {
        String shared = TestSupport.randomTable();
        String id = TestSupport.randomId("stj");
        TestSupport.Result r = TestSupport.run("single-table", "--id", id, "--shared-table", shared, "--output", "json");
        assertEquals(0, r.exit(), r::toString);
        JsonNodeParser parser = JsonNodeParser.create();
        List<Map<String, JsonNode>> lines = new ArrayList<>();
        for (String line : r.out().strip().split("\n")) lines.add(parser.parse(line).asObject());
        assertEquals(7, lines.size(), "6 steps and a summary\n" + r);
        List<Step> steps = new SingleTableLab().steps();
        for (int i = 0; i < 6; i++) {
            Map<String, JsonNode> step = lines.get(i);
            assertEquals("single-table", step.get("lab").asString());
            assertEquals(Integer.toString(i + 1), step.get("step").asNumber());
            assertEquals(steps.get(i).title(), step.get("title").asString());
            assertTrue(step.get("passed").asBoolean());
            assertNotNull(step.get("takeaway").asString());
        }
        // Step 4 ran four patterns on the indexes: each measured, with capacity per index.
        List<JsonNode> ms = lines.get(3).get("measurements").asArray();
        assertEquals(4, ms.size());
        for (JsonNode m : ms) {
            assertEquals("1", m.asObject().get("calls").asNumber());
            assertTrue(m.asObject().get("capacity").asObject().keySet().stream().anyMatch(k -> k.startsWith(shared + "/GSI")),
                    m.toString());
        }
        assertEquals(7, lines.get(5).get("measurements").asArray().size(), "the bill carries every pattern's cost");
        Map<String, JsonNode> summary = lines.get(6);
        assertTrue(summary.get("summary").asBoolean());
        assertTrue(summary.get("passed").asBoolean());
        assertEquals("0", summary.get("checksFailed").asNumber());
    }

    /** DESIGN invariant 2 over everything both labs wrote, for two attendees whose ids are prefixes of each other. */
    @Test
    void everyPartitionKeyWrittenInTheTableAndEveryIndexCarriesItsOwnersPrefix() {
        String shared = TestSupport.randomTable();
        String a = TestSupport.randomId("p");
        String b = a + "-b";
        for (String id : new String[] {a, b}) {
            for (String lab : new String[] {"no-joins", "single-table"}) {
                TestSupport.Result r = TestSupport.run(lab, "--id", id, "--shared-table", shared, "--no-pause");
                assertEquals(0, r.exit(), r::toString);
            }
        }
        Set<String> owners = Set.of(AttendeeId.of(a).prefix(), AttendeeId.of(b).prefix());
        int items = 0;
        Map<String, AttributeValue> start = null;
        do {
            // A Scan of a throwaway test table, by the test's admin client: the labs themselves never scan.
            var page = TestSupport.admin().scan(ScanRequest.builder().tableName(shared).exclusiveStartKey(start).build());
            for (Map<String, AttributeValue> item : page.items()) {
                items++;
                String owner = item.get(Tables.BY_OWNER.pk()).s();
                assertTrue(owners.contains(owner), () -> "owner key " + item);
                for (String pk : Items.partitionKeys(item)) assertTrue(pk.startsWith(owner), () -> pk + " in " + item);
                assertTrue(item.containsKey(Tables.TTL), () -> "TTL on " + item);
            }
            start = page.hasLastEvaluatedKey() && !page.lastEvaluatedKey().isEmpty() ? page.lastEvaluatedKey() : null;
        } while (start != null);
        assertTrue(items > 2 * 800, "both namespaces seeded and the labs' rows written: " + items);
    }
}
