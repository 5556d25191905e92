package dev.workshop.labs;

import dev.workshop.console.Table;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.Tables;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;

/** What the labs do with items: Query every page, read attributes as text, and show items as a table. */
public final class Items {
    private Items() {}

    /** All pages of one Query: the items, the number of pages (one request each), and what DynamoDB read to find them. */
    public record Pages(List<Map<String, AttributeValue>> items, int pages, int scanned) {}

    /**
     * Follows LastEvaluatedKey to the end. A Query stops at 1 MB per page (before any filter), so a large item
     * collection takes several requests, each one round trip; the labs count them.
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Query.Pagination.html
     */
    public static Pages queryAll(DynamoDbClient client, QueryRequest request) {
        List<Map<String, AttributeValue>> items = new ArrayList<>();
        int pages = 0;
        int scanned = 0;
        for (QueryResponse r : client.queryPaginator(request)) {
            pages++;
            items.addAll(r.items());
            scanned += r.scannedCount() == null ? r.count() : r.scannedCount();
        }
        return new Pages(List.copyOf(items), pages, scanned);
    }

    /** The attribute as text ("" when absent). */
    public static String s(Map<String, AttributeValue> item, String attribute) {
        AttributeValue v = item.get(attribute);
        if (v == null) return "";
        if (v.s() != null) return v.s();
        if (v.n() != null) return v.n();
        if (v.bool() != null) return v.bool().toString();
        return v.toString();
    }

    /** The items as an aligned table of the given attributes, at most {@code limit} rows and a line saying how many more. */
    public static Table table(List<Map<String, AttributeValue>> items, int limit, String... attributes) {
        Table t = new Table(attributes);
        int shown = 0;
        for (Map<String, AttributeValue> item : items) {
            if (shown == limit) break;
            Object[] row = new Object[attributes.length];
            for (int i = 0; i < attributes.length; i++) row[i] = s(item, attributes[i]);
            t.row(row);
            shown++;
        }
        if (items.size() > shown) t.row("… " + (items.size() - shown) + " more");
        return t;
    }

    /**
     * The partition-key values of the item, for the table and for every index it carries a key for: what DESIGN
     * invariant 2 says must all start with the attendee's prefix.
     */
    public static List<String> partitionKeys(Map<String, AttributeValue> item) {
        List<String> keys = new ArrayList<>();
        if (item.containsKey(Tables.PK)) keys.add(item.get(Tables.PK).s());
        for (Tables.Index index : Tables.SHARED_INDEXES) {
            AttributeValue v = item.get(index.pk());
            if (v != null) keys.add(v.s());
        }
        return keys;
    }

    /** The partition keys among these items that do not start with the attendee's prefix (expected: none). */
    public static List<String> outsideNamespace(AttendeeId id, List<Map<String, AttributeValue>> items) {
        List<String> bad = new ArrayList<>();
        for (Map<String, AttributeValue> item : items) {
            for (String pk : partitionKeys(item)) if (pk == null || !pk.startsWith(id.prefix())) bad.add(pk);
        }
        return bad;
    }
}
