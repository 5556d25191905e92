package dev.workshop.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.SampleData;
import dev.workshop.model.SiloDesign;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.Select;

/**
 * Through the local gateway, against the real DynamoDB Local: an index that CreateTable made on a workshop table
 * (whose name has '-', which DynamoDB Local's own deletion cannot handle) is deleted, and the table keeps its items,
 * its other indexes and its tags.
 */
class IndexDeletionFilterTest {
    private final DynamoDbClient db = TestSupport.admin();

    @Test
    void anIndexMadeByCreateTableIsDeletedAndEverythingElseStays() {
        AttendeeId id = AttendeeId.of(TestSupport.randomId("idf"));
        String table = id.scratchTable();
        db.createTable(SiloDesign.scratchTable(id));
        List<Map<String, AttributeValue>> issues = SiloDesign.items(SampleData.generate(id)).stream()
                .filter(m -> "Issue".equals(m.get("Type").s())).toList();
        for (var item : issues.subList(0, 30)) db.putItem(b -> b.tableName(table).item(item));
        var before = db.putItem(b -> b.tableName(table).item(issues.get(30)).returnConsumedCapacity(ReturnConsumedCapacity.INDEXES));
        assertTrue(before.consumedCapacity().globalSecondaryIndexes().containsKey("ByAssignee-All"));

        db.updateTable(b -> b.tableName(table).globalSecondaryIndexUpdates(
                GlobalSecondaryIndexUpdate.builder().delete(d -> d.indexName("ByAssignee-All")).build()));

        var t = db.describeTable(b -> b.tableName(table)).table();
        assertEquals(Set.of("ByAssignee-Keys", "ByAssignee-Include", "Urgent"),
                t.globalSecondaryIndexes().stream().map(GlobalSecondaryIndexDescription::indexName).collect(Collectors.toSet()));
        assertTrue(t.globalSecondaryIndexes().stream().allMatch(g -> g.indexStatusAsString().equals("ACTIVE")));
        assertEquals(31, db.scan(b -> b.tableName(table).select(Select.COUNT)).count(), "every item is kept");
        var newIssue = issues.get(31);
        var after = db.putItem(b -> b.tableName(table).item(newIssue).returnConsumedCapacity(ReturnConsumedCapacity.INDEXES));
        assertFalse(after.consumedCapacity().globalSecondaryIndexes().containsKey("ByAssignee-All"), after.consumedCapacity().toString());
        assertTrue(after.consumedCapacity().globalSecondaryIndexes().keySet().containsAll(Set.of("ByAssignee-Keys", "ByAssignee-Include")),
                "the other indexes are still written: " + after.consumedCapacity());
        assertEquals(1, db.query(b -> b.tableName(table).indexName("ByAssignee-Include").keyConditionExpression("AssigneePK = :p AND AssigneeSK = :s")
                .expressionAttributeValues(Map.of(":p", newIssue.get("AssigneePK"), ":s", newIssue.get("AssigneeSK")))).count());
        Map<String, String> tags = db.listTagsOfResource(b -> b.resourceArn(t.tableArn())).tags().stream()
                .collect(Collectors.toMap(x -> x.key(), x -> x.value()));
        assertEquals(id.value(), tags.get("Owner"), "the tags stay: " + tags);
        db.deleteTable(b -> b.tableName(table));
    }
}
