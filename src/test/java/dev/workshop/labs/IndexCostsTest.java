package dev.workshop.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.model.AttendeeId;
import dev.workshop.model.SampleData;
import dev.workshop.model.SiloDesign;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DynamoDB's documented size and index-write rules, worked by hand. */
class IndexCostsTest {
    static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }

    @Test
    void itemSizeIsNamesPlusValuesByType() {
        assertEquals(2 + 3, IndexCosts.itemBytes(Map.of("PK", s("abc"))));
        assertEquals(1 + 3, IndexCosts.itemBytes(Map.of("n", AttributeValue.fromN("123"))), "3 digits: 2 bytes + 1");
        assertEquals(1 + 2, IndexCosts.itemBytes(Map.of("n", AttributeValue.fromN("1200"))), "trailing zeros trimmed: 2 digits, 1 byte + 1");
        assertEquals(1 + 1, IndexCosts.itemBytes(Map.of("b", AttributeValue.fromBool(true))));
        assertEquals(1 + 3 + (1 + 2) + (1 + 2), IndexCosts.itemBytes(Map.of("l", AttributeValue.fromL(List.of(s("ab"), s("cd"))))));
        assertEquals(1 + 3 + (1 + 1 + 2), IndexCosts.itemBytes(Map.of("m", AttributeValue.fromM(Map.of("k", s("vv"))))));
        assertEquals(1 + 2 + 3, IndexCosts.itemBytes(Map.of("s", s("é€"))) , "UTF-8 bytes, not characters");
    }

    private static Map<String, AttributeValue> issue(String description) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put("PK", s("COMPANY#c01"));
        m.put("SK", s("ISSUE#i0001"));
        m.put("Title", s("t"));
        m.put("Priority", s("P1"));
        m.put("Description", s(description));
        m.put(SiloDesign.ASSIGNEE_PK, s("USER#u1"));
        m.put(SiloDesign.ASSIGNEE_SK, s("OPEN#x"));
        return m;
    }

    @Test
    void projectionsOrderTheWriteCostAndOnlyKeysOnlyNeedsAFetch() {
        Map<String, AttributeValue> item = issue("x".repeat(1500));
        double keys = IndexCosts.putUnits(item, SiloDesign.BY_ASSIGNEE_KEYS);
        double include = IndexCosts.putUnits(item, SiloDesign.BY_ASSIGNEE_INCLUDE);
        double all = IndexCosts.putUnits(item, SiloDesign.BY_ASSIGNEE_ALL);
        assertEquals(1, keys);
        assertEquals(1, include);
        assertEquals(2, all, "the 1.5 KB description rounds ALL up to 2 units");
        assertEquals(2, IndexCosts.tableWriteUnits(item));
        assertFalse(IndexCosts.covers(SiloDesign.BY_ASSIGNEE_KEYS, Set.of("Title")));
        assertTrue(IndexCosts.covers(SiloDesign.BY_ASSIGNEE_INCLUDE, Set.of("Title", "Priority")));
        assertTrue(IndexCosts.covers(SiloDesign.BY_ASSIGNEE_ALL, Set.of("Description")));
        assertEquals(IndexCosts.itemBytes(IndexCosts.entry(item, SiloDesign.BY_ASSIGNEE_KEYS)) + 100,
                IndexCosts.storageBytes(item, SiloDesign.BY_ASSIGNEE_KEYS));
    }

    @Test
    void updatesCostNothingTwoOrOneIndexWrites() {
        Map<String, AttributeValue> before = issue("a");
        Map<String, AttributeValue> description = new LinkedHashMap<>(before);
        description.put("Description", s("b"));
        assertEquals(0, IndexCosts.updateUnits(before, description, SiloDesign.BY_ASSIGNEE_INCLUDE), "not projected");
        assertEquals(1, IndexCosts.updateUnits(before, description, SiloDesign.BY_ASSIGNEE_ALL), "projected");
        Map<String, AttributeValue> moved = new LinkedHashMap<>(before);
        moved.put(SiloDesign.ASSIGNEE_SK, s("CLOSED#x"));
        assertEquals(2, IndexCosts.updateUnits(before, moved, SiloDesign.BY_ASSIGNEE_KEYS), "key change: delete + put");
    }

    @Test
    void itemsWithoutTheKeysAreNotInASparseIndex() {
        SampleData data = SampleData.generate(AttendeeId.of("sparse"));
        List<Map<String, AttributeValue>> items = SiloDesign.items(data);
        long inUrgent = items.stream().filter(m -> IndexCosts.entry(m, SiloDesign.URGENT) != null).count();
        assertEquals(data.issues().stream().filter(SampleData.Issue::isUrgent).count(), inUrgent);
        assertNull(IndexCosts.entry(items.get(0), SiloDesign.URGENT));
        assertEquals(0, IndexCosts.putUnits(items.get(0), SiloDesign.URGENT));
    }
}
