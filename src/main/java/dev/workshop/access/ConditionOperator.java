package dev.workshop.access;

import java.util.Locale;

/**
 * A condition operator as written in a policy: an optional set qualifier (ForAllValues:, ForAnyValue:),
 * a base operator, and an optional IfExists suffix.
 * See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
public record ConditionOperator(String text, Qualifier qualifier, Base base, boolean ifExists) {

    public enum Qualifier { NONE, FOR_ALL_VALUES, FOR_ANY_VALUE }

    /** How an operator family compares a request value with a policy value. */
    public enum Family { STRING, NUMERIC, DATE, BOOL, BINARY, IP_ADDRESS, ARN, NULL }

    /** How a numeric or date operator orders the request value against the policy value. */
    enum Order { EQ, LT, LTE, GT, GTE }

    /** The operators this evaluator models, every family IAM documents; 'negated' ones hold when no policy value matches. */
    public enum Base {
        STRING_EQUALS("StringEquals", Family.STRING, false, false, true, "equals", "does not equal"),
        STRING_NOT_EQUALS("StringNotEquals", Family.STRING, true, false, true, "equals", "does not equal"),
        STRING_EQUALS_IGNORE_CASE("StringEqualsIgnoreCase", Family.STRING, false, false, false, "equals (ignoring case)", "does not equal (ignoring case)"),
        STRING_NOT_EQUALS_IGNORE_CASE("StringNotEqualsIgnoreCase", Family.STRING, true, false, false, "equals (ignoring case)", "does not equal (ignoring case)"),
        STRING_LIKE("StringLike", Family.STRING, false, true, true, "is like", "is not like"),
        STRING_NOT_LIKE("StringNotLike", Family.STRING, true, true, true, "is like", "is not like"),
        NUMERIC_EQUALS("NumericEquals", Order.EQ, false, "equals", "does not equal"),
        NUMERIC_NOT_EQUALS("NumericNotEquals", Order.EQ, true, "equals", "does not equal"),
        NUMERIC_LESS_THAN("NumericLessThan", Order.LT, false, "is less than", "is not less than"),
        NUMERIC_LESS_THAN_EQUALS("NumericLessThanEquals", Order.LTE, false, "is at most", "is more than"),
        NUMERIC_GREATER_THAN("NumericGreaterThan", Order.GT, false, "is greater than", "is not greater than"),
        NUMERIC_GREATER_THAN_EQUALS("NumericGreaterThanEquals", Order.GTE, false, "is at least", "is less than"),
        DATE_EQUALS("DateEquals", Family.DATE, Order.EQ, false, "is the date", "is not the date"),
        DATE_NOT_EQUALS("DateNotEquals", Family.DATE, Order.EQ, true, "is the date", "is not the date"),
        DATE_LESS_THAN("DateLessThan", Family.DATE, Order.LT, false, "is before", "is not before"),
        DATE_LESS_THAN_EQUALS("DateLessThanEquals", Family.DATE, Order.LTE, false, "is at or before", "is after"),
        DATE_GREATER_THAN("DateGreaterThan", Family.DATE, Order.GT, false, "is after", "is not after"),
        DATE_GREATER_THAN_EQUALS("DateGreaterThanEquals", Family.DATE, Order.GTE, false, "is at or after", "is before"),
        BOOL("Bool", Family.BOOL, false, false, false, "is", "is not"),
        BINARY_EQUALS("BinaryEquals", Family.BINARY, false, false, true, "equals", "does not equal"),
        IP_ADDRESS("IpAddress", Family.IP_ADDRESS, false, false, true, "is in", "is not in"),
        NOT_IP_ADDRESS("NotIpAddress", Family.IP_ADDRESS, true, false, true, "is in", "is not in"),
        ARN_EQUALS("ArnEquals", Family.ARN, false, true, true, "matches", "does not match"),
        ARN_LIKE("ArnLike", Family.ARN, false, true, true, "matches", "does not match"),
        ARN_NOT_EQUALS("ArnNotEquals", Family.ARN, true, true, true, "matches", "does not match"),
        ARN_NOT_LIKE("ArnNotLike", Family.ARN, true, true, true, "matches", "does not match"),
        NULL("Null", Family.NULL, false, false, true, "", "");

        final String name;
        final Family family;
        final Order order;
        final boolean negated;
        final boolean wildcards;
        final boolean caseSensitive;
        final String matchVerb;
        final String mismatchVerb;

        Base(String name, Family family, boolean negated, boolean wildcards, boolean caseSensitive, String matchVerb, String mismatchVerb) {
            this(name, family, Order.EQ, negated, wildcards, caseSensitive, matchVerb, mismatchVerb);
        }

        Base(String name, Order order, boolean negated, String matchVerb, String mismatchVerb) {
            this(name, Family.NUMERIC, order, negated, false, true, matchVerb, mismatchVerb);
        }

        Base(String name, Family family, Order order, boolean negated, String matchVerb, String mismatchVerb) {
            this(name, family, order, negated, false, true, matchVerb, mismatchVerb);
        }

        Base(String name, Family family, Order order, boolean negated, boolean wildcards, boolean caseSensitive,
             String matchVerb, String mismatchVerb) {
            this.name = name;
            this.family = family;
            this.order = order;
            this.negated = negated;
            this.wildcards = wildcards;
            this.caseSensitive = caseSensitive;
            this.matchVerb = matchVerb;
            this.mismatchVerb = mismatchVerb;
        }

        public Family family() {
            return family;
        }

        public String operatorName() {
            return name;
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
                + "' is not an IAM condition operator (String*, Numeric*, Date*, Bool, BinaryEquals, IpAddress, NotIpAddress, Arn*, Null,"
                + " with ...IfExists, ForAllValues:, ForAnyValue:)");
    }

    @Override
    public String toString() {
        return text;
    }
}
