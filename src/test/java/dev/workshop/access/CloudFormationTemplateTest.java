package dev.workshop.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.model.Tables;
import dev.workshop.workspace.RoomSizing;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Projection;

/** The template's table is the very definition the tool creates; its policy is the one the gateway enforces. */
class CloudFormationTemplateTest {
    static final String NAME = "ws-shared-test";
    final JsonNode template = JsonNode.parser().parse(CloudFormationTemplate.json(NAME, RoomSizing.of(150)));
    /** The template as CloudFormation sees it when deployed with the parameters' defaults. */
    final JsonNode root = JsonNode.parser().parse(resolved(template, template.field("Parameters").orElseThrow().asObject()));
    final Map<String, JsonNode> resources = root.field("Resources").orElseThrow().asObject();
    final JsonNode table = resources.get(CloudFormationTemplate.TABLE_RESOURCE).field("Properties").orElseThrow();

    /** Ref and Fn::Sub on parameters, resolved with their defaults, as JSON text. */
    static String resolved(JsonNode n, Map<String, JsonNode> params) {
        if (n.isObject()) {
            Map<String, JsonNode> o = n.asObject();
            if (o.size() == 1 && o.containsKey("Ref") && params.containsKey(o.get("Ref").asString())) {
                return resolved(params.get(o.get("Ref").asString()).field("Default").orElseThrow(), params);
            }
            if (o.size() == 1 && o.containsKey("Fn::Sub")) {
                String v = o.get("Fn::Sub").asString();
                for (var p : params.entrySet()) {
                    JsonNode d = p.getValue().field("Default").orElseThrow();
                    v = v.replace("${" + p.getKey() + "}", d.isString() ? d.asString() : d.asNumber());
                }
                return quote(v.replace("${!", "${"));
            }
            StringBuilder b = new StringBuilder("{");
            o.forEach((k, v) -> b.append(b.length() > 1 ? "," : "").append(quote(k)).append(':').append(resolved(v, params)));
            return b.append('}').toString();
        }
        if (n.isArray()) {
            StringBuilder b = new StringBuilder("[");
            for (JsonNode v : n.asArray()) b.append(b.length() > 1 ? "," : "").append(resolved(v, params));
            return b.append(']').toString();
        }
        if (n.isString()) return quote(n.asString());
        if (n.isNumber()) return n.asNumber();
        if (n.isBoolean()) return Boolean.toString(n.asBoolean());
        return "null";
    }

    static String quote(String s) {
        return "\"" + AccessDecision.jsonEscape(s) + "\"";
    }

    static String text(JsonNode n, String f) {
        return n.field(f).orElseThrow(() -> new AssertionError("missing " + f)).asString();
    }

    static List<KeySchemaElement> keySchema(JsonNode n) {
        return n.field("KeySchema").orElseThrow().asArray().stream().map(k -> KeySchemaElement.builder()
                .attributeName(text(k, "AttributeName")).keyType(text(k, "KeyType")).build()).toList();
    }

    @Test
    void tableMatchesTheDefinitionTheCodeCreates() {
        CreateTableRequest code = Tables.sharedTable(NAME);
        assertEquals("AWS::DynamoDB::Table", text(resources.get(CloudFormationTemplate.TABLE_RESOURCE), "Type"));
        assertEquals(code.tableName(), text(table, "TableName"));
        assertEquals(code.billingModeAsString(), text(table, "BillingMode"));
        assertEquals(code.keySchema(), keySchema(table));
        List<AttributeDefinition> attrs = table.field("AttributeDefinitions").orElseThrow().asArray().stream()
                .map(a -> AttributeDefinition.builder().attributeName(text(a, "AttributeName"))
                        .attributeType(text(a, "AttributeType")).build()).toList();
        assertEquals(code.attributeDefinitions(), attrs);
        List<GlobalSecondaryIndex> gsis = table.field("GlobalSecondaryIndexes").orElseThrow().asArray().stream()
                .map(g -> GlobalSecondaryIndex.builder().indexName(text(g, "IndexName")).keySchema(keySchema(g))
                        .projection(Projection.builder().projectionType(text(g.field("Projection").orElseThrow(), "ProjectionType")).build())
                        .build()).toList();
        assertEquals(code.globalSecondaryIndexes(), gsis);
        assertEquals(5, gsis.size());
    }

    @Test
    void parametersReplaceFixedValuesAndWarmThroughputIsSizedForTheRoom() {
        Map<String, JsonNode> params = template.field("Parameters").orElseThrow().asObject();
        assertEquals(NAME, text(params.get(CloudFormationTemplate.P_TABLE_NAME), "Default"));
        // the raw template names the table only through the parameter
        assertTrue(!CloudFormationTemplate.json(NAME, RoomSizing.of(150)).contains(":table/" + NAME), "no ARN with a fixed table name");
        RoomSizing room = RoomSizing.of(150);
        JsonNode warm = table.field("WarmThroughput").orElseThrow();
        assertEquals(Long.toString(room.tableWarmWrites()), warm.field("WriteUnitsPerSecond").orElseThrow().asNumber());
        assertEquals(Long.toString(room.tableWarmReads()), warm.field("ReadUnitsPerSecond").orElseThrow().asNumber());
        for (JsonNode g : table.field("GlobalSecondaryIndexes").orElseThrow().asArray()) {
            assertEquals(Long.toString(room.indexWarmWrites()), g.field("WarmThroughput").orElseThrow().field("WriteUnitsPerSecond").orElseThrow().asNumber());
        }
        // the policy's own variables are left for IAM
        assertTrue(CloudFormationTemplate.json(NAME, room).contains("${aws:PrincipalTag/AttendeeId}"));
        assertTrue(!CloudFormationTemplate.json(NAME, room).contains("${!aws:"), "variables stay out of Fn::Sub strings");
    }

    @Test
    void tableHasTtlPitrAndTags() {
        JsonNode ttl = table.field("TimeToLiveSpecification").orElseThrow();
        assertEquals(Tables.TTL, text(ttl, "AttributeName"));
        assertTrue(ttl.field("Enabled").orElseThrow().asBoolean());
        assertTrue(table.field("PointInTimeRecoverySpecification").orElseThrow()
                .field("PointInTimeRecoveryEnabled").orElseThrow().asBoolean());
        JsonNode tag = table.field("Tags").orElseThrow().asArray().get(0);
        assertEquals(Tables.WORKSHOP_TAG_KEY, text(tag, "Key"));
        assertEquals(Tables.WORKSHOP_TAG_VALUE, text(tag, "Value"));
    }

    @Test
    void managedPolicyIsTheAttendeePolicy() {
        JsonNode policy = resources.get(CloudFormationTemplate.POLICY_RESOURCE);
        assertEquals("AWS::IAM::ManagedPolicy", text(policy, "Type"));
        JsonNode doc = policy.field("Properties").orElseThrow().field("PolicyDocument").orElseThrow();
        assertEquals(JsonNode.parser().parse(AttendeePolicy.json(NAME)), doc);
        assertTrue(AttendeePolicy.json(NAME).contains("table/" + NAME + "/index/*"));
    }
}
