package dev.workshop.access;

import dev.workshop.model.Tables;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * A CloudFormation template (JSON) for a workshop account: the shared table exactly as
 * {@link Tables#sharedTable(String)} defines it, plus TTL, PITR and tags, and the attendee policy as an
 * AWS::IAM::ManagedPolicy. Generated from the same sources the tool uses, so the template cannot drift.
 * Property names: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dynamodb-table.html
 * and https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-managedpolicy.html
 */
public final class CloudFormationTemplate {
    public static final String TABLE_RESOURCE = "SharedTable";
    public static final String POLICY_RESOURCE = "AttendeePolicy";
    public static final String POLICY_NAME = "WorkshopAttendee";

    private CloudFormationTemplate() {}

    public static String json(String sharedTable) {
        CreateTableRequest t = Tables.sharedTable(sharedTable);
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("TableName", t.tableName());
        table.put("BillingMode", t.billingModeAsString());
        table.put("AttributeDefinitions", t.attributeDefinitions().stream()
                .map(a -> obj("AttributeName", a.attributeName(), "AttributeType", a.attributeTypeAsString())).toList());
        table.put("KeySchema", keySchema(t.keySchema()));
        List<Object> gsis = new ArrayList<>();
        for (GlobalSecondaryIndex g : t.globalSecondaryIndexes()) {
            Map<String, Object> projection = obj("ProjectionType", g.projection().projectionTypeAsString());
            if (g.projection().hasNonKeyAttributes()) projection.put("NonKeyAttributes", g.projection().nonKeyAttributes());
            gsis.add(obj("IndexName", g.indexName(), "KeySchema", keySchema(g.keySchema()), "Projection", projection));
        }
        table.put("GlobalSecondaryIndexes", gsis);
        table.put("TimeToLiveSpecification", obj("AttributeName", Tables.TTL, "Enabled", true));
        table.put("PointInTimeRecoverySpecification", obj("PointInTimeRecoveryEnabled", true));
        table.put("Tags", t.tags().stream().map(CloudFormationTemplate::tag).toList());

        Map<String, Object> policy = obj(
                "ManagedPolicyName", POLICY_NAME,
                "Description", "Workshop attendees: own ATT#<AttendeeId># namespace in " + sharedTable
                        + " and own ws-att-<AttendeeId> table (principal tag AttendeeId)",
                "PolicyDocument", new RawJson(AttendeePolicy.iamPolicy(sharedTable).toJson()));

        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put(TABLE_RESOURCE, obj("Type", "AWS::DynamoDB::Table", "DeletionPolicy", "Delete", "Properties", table));
        resources.put(POLICY_RESOURCE, obj("Type", "AWS::IAM::ManagedPolicy", "Properties", policy));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("AWSTemplateFormatVersion", "2010-09-09");
        root.put("Description", "dynamodb-workshop: shared multi-tenant table and attendee ABAC policy");
        root.put("Resources", resources);
        root.put("Outputs", obj(
                "SharedTableArn", obj("Value", obj("Fn::GetAtt", List.of(TABLE_RESOURCE, "Arn"))),
                "AttendeePolicyArn", obj("Value", obj("Ref", POLICY_RESOURCE))));
        StringBuilder out = new StringBuilder();
        write(root, out, 0);
        return out.append('\n').toString();
    }

    private static List<Object> keySchema(List<KeySchemaElement> ks) {
        return ks.stream().<Object>map(k -> obj("AttributeName", k.attributeName(), "KeyType", k.keyTypeAsString())).toList();
    }

    private static Map<String, Object> tag(Tag t) {
        return obj("Key", t.key(), "Value", t.value());
    }

    private static Map<String, Object> obj(Object... kv) {
        Map<String, Object> m = new LinkedHashMap<>();
        for (int i = 0; i < kv.length; i += 2) m.put((String) kv[i], kv[i + 1]);
        return m;
    }

    /** JSON text embedded as is (the policy, written by the SDK's policy writer). */
    private record RawJson(String json) {}

    private static void write(Object v, StringBuilder out, int indent) {
        if (v instanceof RawJson r) {
            out.append(r.json());
        } else if (v instanceof Map<?, ?> m) {
            if (m.isEmpty()) {
                out.append("{}");
                return;
            }
            out.append("{\n");
            int i = 0;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                pad(out, indent + 1).append('"').append(AccessDecision.jsonEscape((String) e.getKey())).append("\": ");
                write(e.getValue(), out, indent + 1);
                out.append(++i < m.size() ? ",\n" : "\n");
            }
            pad(out, indent).append('}');
        } else if (v instanceof List<?> l) {
            if (l.isEmpty()) {
                out.append("[]");
                return;
            }
            out.append("[\n");
            for (int i = 0; i < l.size(); i++) {
                pad(out, indent + 1);
                write(l.get(i), out, indent + 1);
                out.append(i + 1 < l.size() ? ",\n" : "\n");
            }
            pad(out, indent).append(']');
        } else if (v instanceof Boolean || v instanceof Number) {
            out.append(v);
        } else {
            out.append('"').append(AccessDecision.jsonEscape(String.valueOf(v))).append('"');
        }
    }

    private static StringBuilder pad(StringBuilder out, int indent) {
        return out.append("  ".repeat(indent));
    }
}
