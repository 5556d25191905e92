package dev.workshop.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.model.Tables;
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
    final JsonNode root = JsonNode.parser().parse(CloudFormationTemplate.json(NAME));
    final Map<String, JsonNode> resources = root.field("Resources").orElseThrow().asObject();
    final JsonNode table = resources.get(CloudFormationTemplate.TABLE_RESOURCE).field("Properties").orElseThrow();

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
