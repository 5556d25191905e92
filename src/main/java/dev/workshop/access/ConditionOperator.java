package dev.workshop.access;

import java.util.Locale;

/**
 * A condition operator as written in a policy: an optional set qualifier (ForAllValues:, ForAnyValue:),
 * a base operator, and an optional IfExists suffix.
 * See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
public record ConditionOperator(String text, Qualifier qualifier, Base base, boolean ifExists) {

    public enum Qualifier { NONE, FOR_ALL_VALUES, FOR_ANY_VALUE }

    /** The operators this evaluator models; 'negated' ones hold when no policy value matches. */
    public enum Base {
        STRING_EQUALS("StringEquals", false, false, true, "equals", "does not equal"),
        STRING_NOT_EQUALS("StringNotEquals", true, false, true, "equals", "does not equal"),
        STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", false, false, false, "equals (ignoring case)", "does not equal (ignoring case)"),
        STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", true, false, false, "equals (ignoring case)", "does not equal (ignoring case)"),
        STRING_LIKE("StringLike", false, true, true, "is like", "is not like"),
        STRING_NOT_LIKE("StringNotLike", true, true, true, "is like", "is not like"),
        BOOL("Bool", false, false, false, "is", "is not"),
        NULL("Null", false, false, true, "", "");

        final String name;
        final boolean negated;
        final boolean wildcards;
        final boolean caseSensitive;
        final String matchVerb;
        final String mismatchVerb;

        Base(String name, boolean negated, boolean wildcards, boolean caseSensitive, String matchVerb, String mismatchVerb) {
            this.name = name;
            this.negated = negated;
            this.wildcards = wildcards;
            this.caseSensitive = caseSensitive;
            this.matchVerb = matchVerb;
            this.mismatchVerb = mismatchVerb;
        }
    }

    public static ConditionOperator parse(String text) {
        String rest = text;
        Qualifier q = Qualifier.NONE;
        // Operator names are matched as IAM spells them; the qualifier prefix is compared ignoring case.
        if (rest.toLowerCase(Locale.ROOT).startsWith("forallvalues:")) {
            q = Qualifier.FOR_ALL_VALUES;
            rest = rest.substring("ForAllValues:".length());
        } else if (rest.toLowerCase(Locale.ROOT).startsWith("foranyvalue:")) {
            q = Qualifier.FOR_ANY_VALUE;
            rest = rest.substring("ForAnyValue:".length());
        }
        boolean ifExists = false;
        if (rest.endsWith("IfExists")) {
            ifExists = true;
            rest = rest.substring(0, rest.length() - "IfExists".length());
        }
        for (Base b : Base.values()) {
            if (b.name.equals(rest)) {
                if (b == Base.NULL && (ifExists || q != Qualifier.NONE)) break;
                return new ConditionOperator(text, q, b, ifExists);
            }
        }
        throw new PolicyDocument.InvalidPolicyException("condition operator '" + text
                + "' is not one the local evaluator models (String*, Bool, Null, with ...IfExists, ForAllValues:, ForAnyValue:)");
    }

    @Override
    public String toString() {
        return text;
    }
}
