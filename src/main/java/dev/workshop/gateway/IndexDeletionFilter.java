package dev.workshop.gateway;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Deleting a global secondary index, which DynamoDB Local 3.x gets wrong for an index created by CreateTable on a
 * table whose name has a '-' (every workshop table): its SQLite statement {@code DROP INDEX ws-att-x.scratch*ByAssignee-Keys}
 * is unquoted, fails with a syntax error, the index stays DELETING for ever and the table's other indexes stop being
 * written. DynamoDB itself deletes the index while the table stays available
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/GSI.OnlineOps.html).
 *
 * <p>So the gateway answers an UpdateTable that deletes one index by rebuilding the table without it, through
 * DynamoDB Local's direct connector: read every item, DeleteTable, CreateTable with the same keys, billing and
 * remaining indexes, write the items back. The answer is DescribeTable's description of the rebuilt table, so the
 * caller sees the index gone, as it would on AWS once the deletion finishes. Tags live in the gateway
 * ({@link TagFilter}) and stay. A table this cannot rebuild faithfully (local secondary indexes, streams,
 * provisioned throughput) is left to DynamoDB Local.
 */
public final class IndexDeletionFilter implements GatewayFilter {
    private static final String JSON = "application/x-amz-json-1.0";
    private static final int TIMEOUT_MILLIS = 60_000;

    private final URI backend;

    public IndexDeletionFilter(URI backend) {
        this.backend = backend;
    }

    @Override
    public GatewayResponse before(GatewayExchange ex) {
        if (!ex.operation().equals("UpdateTable")) return null;
        // One index deletion at a time (it rebuilds the table); every other request passes without the lock.
        synchronized (this) {
            return deleteIndex(ex);
        }
    }

    private GatewayResponse deleteIndex(GatewayExchange ex) {
        JsonNode req = ex.json();
        String table = req.field("TableName").filter(JsonNode::isString).map(JsonNode::asString).orElse(null);
        List<JsonNode> updates = req.field("GlobalSecondaryIndexUpdates").filter(JsonNode::isArray).map(JsonNode::asArray).orElse(List.of());
        if (table == null || updates.size() != 1 || req.asObject().size() != 2) return null;
        String index = updates.get(0).field("Delete").flatMap(d -> d.field("IndexName")).filter(JsonNode::isString)
                .map(JsonNode::asString).orElse(null);
        if (index == null) return null;
        JsonNode t = call("DescribeTable", "{\"TableName\":" + GatewayResponse.quote(table) + "}").field("Table").orElse(null);
        if (t == null || !rebuildable(t)) return null;
        List<JsonNode> gsis = t.field("GlobalSecondaryIndexes").map(JsonNode::asArray).orElse(List.of());
        if (gsis.stream().noneMatch(g -> index.equals(name(g)))) return null; // DynamoDB Local answers the error
        if (gsis.stream().anyMatch(g -> !"ACTIVE".equals(g.field("IndexStatus").map(JsonNode::asString).orElse("")))
                || !"ACTIVE".equals(t.field("TableStatus").map(JsonNode::asString).orElse(""))) {
            return null; // an index change is running: DynamoDB Local refuses this one as DynamoDB does
        }

        List<String> items = scanAll(table);
        StringBuilder create = new StringBuilder("{\"TableName\":").append(GatewayResponse.quote(table))
                .append(",\"KeySchema\":").append(JsonText.write(t.field("KeySchema").orElseThrow()))
                .append(",\"BillingMode\":\"PAY_PER_REQUEST\"");
        Set<String> used = new LinkedHashSet<>(keyNames(t.field("KeySchema").orElseThrow()));
        List<String> kept = new ArrayList<>();
        for (JsonNode g : gsis) {
            if (index.equals(name(g))) continue;
            used.addAll(keyNames(g.field("KeySchema").orElseThrow()));
            kept.add("{\"IndexName\":" + GatewayResponse.quote(name(g)) + ",\"KeySchema\":" + JsonText.write(g.field("KeySchema").orElseThrow())
                    + ",\"Projection\":" + JsonText.write(g.field("Projection").orElseThrow()) + "}");
        }
        List<String> attrs = new ArrayList<>();
        for (JsonNode a : t.field("AttributeDefinitions").map(JsonNode::asArray).orElse(List.of())) {
            if (used.contains(a.field("AttributeName").map(JsonNode::asString).orElse(""))) attrs.add(JsonText.write(a));
        }
        create.append(",\"AttributeDefinitions\":[").append(String.join(",", attrs)).append(']');
        if (!kept.isEmpty()) create.append(",\"GlobalSecondaryIndexes\":[").append(String.join(",", kept)).append(']');
        create.append('}');

        call("DeleteTable", "{\"TableName\":" + GatewayResponse.quote(table) + "}");
        call("CreateTable", create.toString());
        for (int from = 0; from < items.size(); from += 25) {
            List<String> batch = items.subList(from, Math.min(items.size(), from + 25));
            String put = "{\"RequestItems\":{" + GatewayResponse.quote(table) + ":["
                    + String.join(",", batch.stream().map(i -> "{\"PutRequest\":{\"Item\":" + i + "}}").toList()) + "]}}";
            // DynamoDB Local writes a whole batch or fails it; it does not return UnprocessedItems.
            call("BatchWriteItem", put);
        }
        JsonNode rebuilt = call("DescribeTable", "{\"TableName\":" + GatewayResponse.quote(table) + "}").field("Table").orElseThrow();
        return new GatewayResponse(200, Map.of("Content-Type", JSON),
                ("{\"TableDescription\":" + JsonText.write(rebuilt) + "}").getBytes(StandardCharsets.UTF_8));
    }

    /** Only what this rebuild carries over exactly: on-demand billing, global indexes, no streams. */
    private static boolean rebuildable(JsonNode t) {
        boolean onDemand = t.field("BillingModeSummary").flatMap(b -> b.field("BillingMode")).map(JsonNode::asString)
                .map("PAY_PER_REQUEST"::equals).orElse(false);
        boolean streams = t.field("StreamSpecification").flatMap(s -> s.field("StreamEnabled")).map(JsonNode::asBoolean).orElse(false);
        return onDemand && !streams && t.field("LocalSecondaryIndexes").map(l -> l.asArray().isEmpty()).orElse(true);
    }

    private List<String> scanAll(String table) {
        List<String> items = new ArrayList<>();
        String start = null;
        do {
            JsonNode page = call("Scan", "{\"TableName\":" + GatewayResponse.quote(table) + (start == null ? "" : ",\"ExclusiveStartKey\":" + start) + "}");
            page.field("Items").map(JsonNode::asArray).orElse(List.of()).forEach(i -> items.add(JsonText.write(i)));
            start = page.field("LastEvaluatedKey").map(JsonText::write).orElse(null);
        } while (start != null);
        return items;
    }

    private static String name(JsonNode index) {
        return index.field("IndexName").map(JsonNode::asString).orElse("");
    }

    private static List<String> keyNames(JsonNode keySchema) {
        return keySchema.asArray().stream().map(k -> k.field("AttributeName").map(JsonNode::asString).orElse("")).toList();
    }

    /** One request straight to DynamoDB Local as the administrator; anything but 200 is an internal error here. */
    private JsonNode call(String operation, String json) {
        BackendDescribe.Answer a = BackendDescribe.send(backend, operation, json, TIMEOUT_MILLIS);
        if (a.status() != 200) {
            throw new IllegalStateException("DynamoDB Local answered " + operation + " with " + a.status() + ": "
                    + new String(a.body(), StandardCharsets.UTF_8));
        }
        return GatewayExchange.parse(a.body());
    }
}
