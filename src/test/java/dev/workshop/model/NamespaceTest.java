package dev.workshop.model;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/** DESIGN invariants 2 and 3 on the generated items: prefix on every partition key, TTL and owner keys everywhere. */
class NamespaceTest {
    @Test
    void everyPartitionKeyOfTableAndIndexesCarriesThePrefix() {
        for (String raw : List.of("a", "ab", "a-b", "alice")) {
            AttendeeId id = AttendeeId.of(raw);
            List<Map<String, AttributeValue>> items = KeyDesign.items(id, SampleData.generate(id), Instant.EPOCH);
            assertEquals(SampleData.generate(id).size(), items.size());
            for (Map<String, AttributeValue> item : items) {
                assertTrue(item.get(Tables.PK).s().startsWith(id.prefix()), () -> "table PK " + item);
                for (Tables.Index index : Tables.SHARED_INDEXES) {
                    AttributeValue pk = item.get(index.pk());
                    if (pk != null) assertTrue(pk.s().startsWith(id.prefix()), () -> index.name() + " PK " + item);
                }
                assertEquals(id.prefix(), item.get(Tables.BY_OWNER.pk()).s(), "cleanup finds every item by its owner key");
                assertEquals(Long.toString(KeyDesign.TTL.getSeconds()), item.get(Tables.TTL).n(), "TTL safety net");
            }
        }
    }

    @Test
    void sampleDataIsDeterministicPerIdAndDiffersBetweenIds() {
        AttendeeId a = AttendeeId.of("alice");
        assertEquals(SampleData.generate(a), SampleData.generate(a));
        assertTrue(!SampleData.generate(a).equals(SampleData.generate(AttendeeId.of("bob"))));
        SampleData d = SampleData.generate(a);
        assertEquals(3, d.companies().size());
        assertEquals(30, d.users().size());
        assertEquals(200, d.issues().size());
        assertEquals(500, d.comments().size());
        assertTrue(d.issues().stream().anyMatch(SampleData.Issue::isUrgent), "the sparse index has something to show");
        assertTrue(d.issues().stream().anyMatch(i -> !i.isOpen()), "some issues are closed");
    }

    @Test
    void sharedTableDefinitionHasEveryIndexAndOnDemandBilling() {
        var req = Tables.sharedTable("ws-shared");
        assertEquals(Tables.SHARED_INDEXES.size(), req.globalSecondaryIndexes().size());
        assertEquals("PAY_PER_REQUEST", req.billingModeAsString());
        var personal = Tables.personalTable(AttendeeId.of("alice"));
        assertEquals("ws-att-alice", personal.tableName());
        assertTrue(personal.tags().stream().anyMatch(t -> t.key().equals("Owner") && t.value().equals("alice")));
        assertEquals(AttendeeId.of("a-b"), Tables.ownerOfPersonalTable("ws-att-a-b"));
    }
}
