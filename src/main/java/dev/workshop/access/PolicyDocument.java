package dev.workshop.access;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * An identity-based IAM policy, parsed for evaluation. Principal elements are ignored (identity policies have
 * none). A document that this evaluator cannot read faithfully (unknown condition operator, missing Effect,
 * no Action/NotAction) is rejected rather than half-understood.
 */
public record PolicyDocument(String name, String version, List<Statement> statements) {
    public static final String VERSION_2012 = "2012-10-17";
    private static final JsonNodeParser PARSER = JsonNodeParser.create();

    public PolicyDocument {
        statements = List.copyOf(statements);
    }

    /** Policy variables only work in version 2012-10-17; in older documents '${' is plain text. */
    public boolean variablesEnabled() {
        return VERSION_2012.equals(version);
    }

    public static PolicyDocument parse(String json) {
        return parse("policy", json);
    }

    public static PolicyDocument parse(String name, String json) {
        JsonNode root;
        try {
            root = PARSER.parse(json);
        } catch (RuntimeException e) {
            throw new InvalidPolicyException("policy " + name + " is not valid JSON: " + e.getMessage());
        }
        if (!root.isObject()) throw new InvalidPolicyException("policy " + name + " is not a JSON object");
        String version = root.field("Version").map(JsonNode::asString).orElse(null);
        JsonNode st = root.field("Statement")
                .orElseThrow(() -> new InvalidPolicyException("policy " + name + " has no Statement"));
        List<JsonNode> nodes = st.isArray() ? st.asArray() : List.of(st);
        List<Statement> statements = new ArrayList<>();
        for (int i = 0; i < nodes.size(); i++) {
            statements.add(statement(name, i, nodes.get(i)));
        }
        return new PolicyDocument(name, version, statements);
    }

    private static Statement statement(String policy, int index, JsonNode node) {
        String where = "statement " + (index + 1) + " of policy " + policy;
        if (!node.isObject()) throw new InvalidPolicyException(where + " is not an object");
        String sid = node.field("Sid").map(JsonNode::asString).orElse(null);
        String effect = node.field("Effect").map(JsonNode::asString)
                .orElseThrow(() -> new InvalidPolicyException(where + " has no Effect"));
        if (!effect.equals("Allow") && !effect.equals("Deny")) {
            throw new InvalidPolicyException(where + " has Effect '" + effect + "' (must be Allow or Deny)");
        }
        List<String> actions = strings(node, "Action");
        List<String> notActions = strings(node, "NotAction");
        if ((actions == null) == (notActions == null)) {
            throw new InvalidPolicyException(where + " needs exactly one of Action and NotAction");
        }
        List<String> resources = strings(node, "Resource");
        List<String> notResources = strings(node, "NotResource");
        if ((resources == null) == (notResources == null)) {
            throw new InvalidPolicyException(where + " needs exactly one of Resource and NotResource");
        }
        List<Statement.Condition> conditions = new ArrayList<>();
        node.field("Condition").ifPresent(c -> {
            if (!c.isObject()) throw new InvalidPolicyException(where + ": Condition is not an object");
            for (Map.Entry<String, JsonNode> op : c.asObject().entrySet()) {
                ConditionOperator operator = ConditionOperator.parse(op.getKey());
                if (!op.getValue().isObject()) {
                    throw new InvalidPolicyException(where + ": condition " + op.getKey() + " is not an object");
                }
                for (Map.Entry<String, JsonNode> key : op.getValue().asObject().entrySet()) {
                    conditions.add(new Statement.Condition(operator, key.getKey(), values(key.getValue())));
                }
            }
        });
        return new Statement(sid, index, effect.equals("Allow") ? Statement.Effect.ALLOW : Statement.Effect.DENY,
                actions, notActions, resources, notResources, conditions);
    }

    private static List<String> strings(JsonNode node, String field) {
        return node.field(field).map(PolicyDocument::values).orElse(null);
    }

    private static List<String> values(JsonNode v) {
        List<String> out = new ArrayList<>();
        for (JsonNode n : v.isArray() ? v.asArray() : List.of(v)) {
            if (n.isString()) out.add(n.asString());
            else if (n.isBoolean()) out.add(Boolean.toString(n.asBoolean()));
            else if (n.isNumber()) out.add(n.asNumber());
            else throw new InvalidPolicyException("unexpected value " + n + " in policy");
        }
        return out;
    }

    /** The policy cannot be evaluated: it is malformed, or uses something this evaluator does not model. */
    public static final class InvalidPolicyException extends IllegalArgumentException {
        public InvalidPolicyException(String message) {
            super(message);
        }
    }
}
