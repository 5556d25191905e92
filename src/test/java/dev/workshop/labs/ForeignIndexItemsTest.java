package dev.workshop.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.Tables;
import dev.workshop.target.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * The GSI key injection of lab 4 step 4, aimed at every index partition a victim's labs read: dynamodb:LeadingKeys
 * guards only the table partition key of a write, so the deployed policy lets "mallory" write, under her own keys,
 * a copy of every victim item with the victim's index keys ("For an index, LeadingKeys is the table's partition key
 * only"; https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html). The victim's lab
 * checks and item count must not be fooled: they keep only items whose table key is in the victim's namespace.
 */
class ForeignIndexItemsTest {
    private static final Pattern ITEMS = Pattern.compile("Items in your namespace \\S+: (\\d+)");

    @Test
    void labChecksAndStatusCountOnlyItemsWhoseTableKeyIsTheAttendees() {
        String shared = TestSupport.randomTable();
        String victim = TestSupport.randomId("vic");
        String mallory = TestSupport.randomId("mal");
        assertEquals(0, TestSupport.run("bootstrap", "--ids", victim + "," + mallory, "--shared-table", shared).exit());
        // no-joins writes its own normalised rows (with index keys) on its first run: let it, so they are copied too
        TestSupport.Result first = TestSupport.run("no-joins", "--id", victim, "--shared-table", shared, "--no-pause");
        assertEquals(0, first.exit(), first::toString);
        int before = namespaceItems(victim, shared);

        String vp = AttendeeId.of(victim).prefix();
        List<Map<String, AttributeValue>> copies = new ArrayList<>();
        for (Map<String, AttributeValue> item : TestSupport.admin().scanPaginator(s -> s.tableName(shared)).items()) {
            if (!item.get(Tables.PK).s().startsWith(vp)) continue;
            Map<String, AttributeValue> copy = new LinkedHashMap<>(item);
            copy.put(Tables.PK, AttributeValue.fromS(AttendeeId.of(mallory).prefix() + "COPY#" + item.get(Tables.PK).s()));
            copies.add(copy);
        }
        assertTrue(copies.size() > 700, "every victim item is copied: " + copies.size());
        // Sent as mallory through the local gateway: the deployed policy allows every one of them.
        DynamoDbClient asMallory = TestSupport.target().dynamo(Principal.attendee(AttendeeId.of(mallory)));
        for (int i = 0; i < copies.size(); i += 25) {
            List<WriteRequest> batch = copies.subList(i, Math.min(copies.size(), i + 25)).stream()
                    .map(c -> WriteRequest.builder().putRequest(PutRequest.builder().item(c).build()).build()).toList();
            Map<String, List<WriteRequest>> pending = Map.of(shared, batch);
            while (!pending.isEmpty()) {
                var r = asMallory.batchWriteItem(b -> b.requestItems(Map.of(shared, batch)));
                pending = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
            }
        }
        int ownerPartition = TestSupport.admin().query(q -> q.tableName(shared).indexName(Tables.BY_OWNER.name())
                .keyConditionExpression("OwnerPK = :p").expressionAttributeValues(Map.of(":p", AttributeValue.fromS(vp)))).count();
        assertTrue(ownerPartition >= 2 * before - 1, "the victim's ByOwner partition holds the copies too: " + ownerPartition);

        for (String lab : List.of("single-table", "no-joins")) {
            TestSupport.Result r = TestSupport.run(lab, "--id", victim, "--shared-table", shared, "--no-pause");
            assertEquals(0, r.exit(), r::toString);
            assertFalse(r.out().contains("✘"), r::toString);
            assertFalse(r.out().contains(AttendeeId.of(mallory).prefix()), "never shows mallory's items\n" + r);
        }
        long truth = TestSupport.admin().scanPaginator(x -> x.tableName(shared)).items().stream()
                .filter(i -> i.get(Tables.PK).s().startsWith(vp)).count();
        assertEquals(truth, namespaceItems(victim, shared), "status counts the victim's items only");

        // cleanup of the victim deletes the victim's items only, and leaves mallory's copies to mallory (and the TTL)
        assertEquals(0, TestSupport.run("cleanup", "--id", victim, "--shared-table", shared).exit());
        int left = TestSupport.admin().query(q -> q.tableName(shared).indexName(Tables.BY_OWNER.name())
                .keyConditionExpression("OwnerPK = :p").expressionAttributeValues(Map.of(":p", AttributeValue.fromS(vp)))).count();
        assertEquals(copies.size(), left, "only mallory's copies remain in the victim's owner partition");
    }

    private static int namespaceItems(String id, String shared) {
        TestSupport.Result status = TestSupport.run("status", "--id", id, "--shared-table", shared);
        assertEquals(0, status.exit(), status::toString);
        Matcher m = ITEMS.matcher(status.out());
        assertTrue(m.find(), status::toString);
        return Integer.parseInt(m.group(1));
    }
}
