package dev.workshop.access;

import java.util.List;

/**
 * One statement of an identity policy. Exactly one of actions/notActions and one of resources/notResources is
 * non-null. Conditions are ANDed, across operators and across keys.
 */
public record Statement(String sid, int index, Effect effect,
                        List<String> actions, List<String> notActions,
                        List<String> resources, List<String> notResources,
                        List<Condition> conditions) {
    public enum Effect { ALLOW, DENY;
        @Override
        public String toString() {
            return this == ALLOW ? "Allow" : "Deny";
        }
    }

    public Statement {
        conditions = List.copyOf(conditions);
    }

    /** The Sid, or the statement's position when it has none, for explanations. */
    public String label() {
        return sid != null && !sid.isEmpty() ? sid : "#" + (index + 1) + " (no Sid)";
    }

    /** One operator applied to one key; its values are ORed (NOR for the negated operators). */
    public record Condition(ConditionOperator operator, String key, List<String> values) {
        public Condition {
            values = List.copyOf(values);
        }
    }
}
