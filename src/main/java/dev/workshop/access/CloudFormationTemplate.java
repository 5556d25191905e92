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
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import dev.workshop.workspace.RoomSizing;

/**
 * A CloudFormation template (JSON) for a workshop account: the shared table exactly as
 * {@link Tables#sharedTable(String)} defines it, plus warm throughput, TTL, PITR and tags, and the attendee policy as
 * an AWS::IAM::ManagedPolicy, with the table's name and throughput as parameters. Generated from the same sources the tool uses, so the template cannot drift.
 * Property names: https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-dynamodb-table.html
 * and https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-resource-iam-managedpolicy.html
 */
public final class CloudFormationTemplate {
    public static final String TABLE_RESOURCE = "SharedTable";
    public static final String POLICY_RESOURCE = "AttendeePolicy";
    public static final String POLICY_NAME = "WorkshopAttendee";

    private CloudFormationTemplate() {}

    /** Parameter names; the deploy command in the README overrides them with --parameter-overrides. */
    public static final String P_TABLE_NAME = "SharedTableName";
    public static final String P_TABLE_WRITES = "TableWarmWriteUnitsPerSecond";
    public static final String P_TABLE_READS = "TableWarmReadUnitsPerSecond";
    public static final String P_INDEX_WRITES = "IndexWarmWriteUnitsPerSecond";
    public static final String P_INDEX_READS = "IndexWarmReadUnitsPerSecond";

    public static String json(String sharedTable) {
        return json(sharedTable, RoomSizing.of(1));
    }

    /**
     * The template with parameters instead of fixed values: the table's name, and the warm throughput of the table and
     * of its GSIs, whose defaults are sized for {@code room} (workshop setup --attendees N). Region and account need no
     * parameter: the policy's ARNs leave them as wildcards and the stack's Region is where it is deployed.
     */
    public static String json(String sharedTable, RoomSizing room) {
        CreateTableRequest t = Tables.sharedTable(sharedTable);
        Map<String, Object> table = new LinkedHashMap<>();
        table.put("TableName", ref(P_TABLE_NAME));
        table.put("BillingMode", t.billingModeAsString());
        table.put("AttributeDefinitions", t.attributeDefinitions().stream()
                .map(a -> obj("AttributeName", a.attributeName(), "AttributeType", a.attributeTypeAsString())).toList());
        table.put("KeySchema", keySchema(t.keySchema()));
        List<Object> gsis = new ArrayList<>();
        for (GlobalSecondaryIndex g : t.globalSecondaryIndexes()) {
            Map<String, Object> projection = obj("ProjectionType", g.projection().projectionTypeAsString());
            if (g.projection().hasNonKeyAttributes()) projection.put("NonKeyAttributes", g.projection().nonKeyAttributes());
            gsis.add(obj("IndexName", g.indexName(), "KeySchema", keySchema(g.keySchema()), "Projection", projection,
                    "WarmThroughput", obj("ReadUnitsPerSecond", ref(P_INDEX_READS), "WriteUnitsPerSecond", ref(P_INDEX_WRITES))));
        }
        table.put("GlobalSecondaryIndexes", gsis);
        // https://docs.aws.amazon.com/AWSCloudFormation/latest/UserGuide/aws-properties-dynamodb-table-warmthroughput.html
        table.put("WarmThroughput", obj("ReadUnitsPerSecond", ref(P_TABLE_READS), "WriteUnitsPerSecond", ref(P_TABLE_WRITES)));
        table.put("TimeToLiveSpecification", obj("AttributeName", Tables.TTL, "Enabled", true));
        table.put("PointInTimeRecoverySpecification", obj("PointInTimeRecoveryEnabled", true));
        table.put("Tags", t.tags().stream().map(CloudFormationTemplate::tag).toList());

        Map<String, Object> policy = obj(
                "ManagedPolicyName", POLICY_NAME,
                "Description", sub("Workshop attendees: own ATT#<AttendeeId># namespace in ${" + P_TABLE_NAME
                        + "} and own ws-att-<AttendeeId> table (principal tag AttendeeId)"),
                "PolicyDocument", parameterized(JsonNode.parser().parse(AttendeePolicy.iamPolicy(sharedTable).toJson()), sharedTable));

        Map<String, Object> parameters = new LinkedHashMap<>();
        parameters.put(P_TABLE_NAME, obj("Type", "String", "Default", sharedTable, "AllowedPattern", "[a-zA-Z0-9_.-]{3,255}",
                "Description", "The shared table (the tool's --shared-table)"));
        String sized = " (sized for " + room.attendees() + " attendees seeding within " + RoomSizing.SEED_WINDOW_SECONDS
                + " s: workshop setup --attendees N --write DIR)";
        parameters.put(P_TABLE_WRITES, number(room.tableWarmWrites(), "Write units/s the table serves at once" + sized));
        parameters.put(P_TABLE_READS, number(room.tableWarmReads(), "Read units/s the table serves at once" + sized));
        parameters.put(P_INDEX_WRITES, number(room.indexWarmWrites(), "Write units/s each GSI serves at once" + sized));
        parameters.put(P_INDEX_READS, number(room.indexWarmReads(), "Read units/s each GSI serves at once" + sized));

        Map<String, Object> resources = new LinkedHashMap<>();
        resources.put(TABLE_RESOURCE, obj("Type", "AWS::DynamoDB::Table", "DeletionPolicy", "Delete", "Properties", table));
        resources.put(POLICY_RESOURCE, obj("Type", "AWS::IAM::ManagedPolicy", "Properties", policy));
        Map<String, Object> root = new LinkedHashMap<>();
        root.put("AWSTemplateFormatVersion", "2010-09-09");
        root.put("Description", "dynamodb-workshop: shared multi-tenant table and attendee ABAC policy");
        root.put("Parameters", parameters);
        root.put("Resources", resources);
        root.put("Outputs", obj(
                "SharedTableArn", obj("Value", obj("Fn::GetAtt", List.of(TABLE_RESOURCE, "Arn"))),
                "AttendeePolicyArn", obj("Value", obj("Ref", POLICY_RESOURCE))));
        StringBuilder out = new StringBuilder();
        write(root, out, 0);
        return out.append('\n').toString();
    }

    private static Map<String, Object> number(long defaultValue, String description) {
        // New on-demand tables start at 4,000 writes and 12,000 reads per second; lower values change nothing.
        return obj("Type", "Number", "Default", defaultValue, "MinValue", 1, "Description", description);
    }

    private static Map<String, Object> ref(String parameter) {
        return obj("Ref", parameter);
    }

    private static Map<String, Object> sub(String template) {
        return obj("Fn::Sub", template);
    }

    /**
     * The policy document as template values, with every ARN that names the shared table turned into an Fn::Sub on
     * the table parameter. Other strings stay literal: the policy's own ${aws:PrincipalTag/...} variables must reach
     * IAM untouched, and Fn::Sub would try to resolve them.
     */
    private static Object parameterized(JsonNode n, String table) {
        if (n.isObject()) {
            Map<String, Object> m = new LinkedHashMap<>();
            n.asObject().forEach((k, v) -> m.put(k, parameterized(v, table)));
            return m;
        }
        if (n.isArray()) return n.asArray().stream().map(v -> parameterized(v, table)).toList();
        if (n.isString()) {
            String s = n.asString();
            String arn = ":table/" + table;
            int at = s.indexOf(arn);
            boolean names = at >= 0 && (at + arn.length() == s.length() || s.charAt(at + arn.length()) == '/');
            if (!names) return s;
            return sub(s.replace("${", "${!").replace(arn, ":table/${" + P_TABLE_NAME + "}"));
        }
        if (n.isBoolean()) return n.asBoolean();
        if (n.isNumber()) return new RawJson(n.asNumber());
        return new RawJson("null");
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
