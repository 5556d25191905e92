package dev.workshop.access;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.workshop.access.ConditionOperator.Base;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;
import org.junit.jupiter.api.Test;

/**
 * Every operator IAM documents, with and without IfExists, on a request that carries a matching value, a non-matching
 * one, or no value at all: "...IfExists ... If the key is not present, evaluate the condition element as true",
 * and without IfExists a missing key matches nothing (so a negated operator holds).
 * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html
 */
class OperatorFamiliesTest {

    /** For each operator: a policy value, a request value that satisfies it, and one that does not. */
    static Stream<Arguments> operators() {
        return Stream.of(
                Arguments.of("StringEquals", "abc", "abc", "abd"),
                Arguments.of("StringNotEquals", "abc", "abd", "abc"),
                Arguments.of("StringEqualsIgnoreCase", "abc", "ABC", "abd"),
                Arguments.of("StringNotEqualsIgnoreCase", "abc", "abd", "ABC"),
                Arguments.of("StringLike", "a*c", "abbc", "abd"),
                Arguments.of("StringNotLike", "a*c", "abd", "abbc"),
                Arguments.of("NumericEquals", "10", "10.0", "11"),
                Arguments.of("NumericNotEquals", "10", "11", "10"),
                Arguments.of("NumericLessThan", "10", "9", "10"),
                Arguments.of("NumericLessThanEquals", "10", "10", "11"),
                Arguments.of("NumericGreaterThan", "10", "11", "10"),
                Arguments.of("NumericGreaterThanEquals", "10", "10", "9"),
                Arguments.of("DateEquals", "2026-01-01T00:00:00Z", "1767225600", "2026-01-02T00:00:00Z"),
                Arguments.of("DateNotEquals", "2026-01-01T00:00:00Z", "2026-01-02T00:00:00Z", "2026-01-01T00:00:00Z"),
                Arguments.of("DateLessThan", "2026-01-01T00:00:00Z", "2025-12-31T23:59:59Z", "2026-01-01T00:00:00Z"),
                Arguments.of("DateLessThanEquals", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z"),
                Arguments.of("DateGreaterThan", "2026-01-01T00:00:00Z", "2026-01-01T00:00:01Z", "2026-01-01T00:00:00Z"),
                Arguments.of("DateGreaterThanEquals", "2026-01-01T00:00:00Z", "2026-01-01T00:00:00Z", "2025-12-31T00:00:00Z"),
                Arguments.of("Bool", "true", "TRUE", "false"),
                Arguments.of("BinaryEquals", "QmluYXJ5VmFsdWU=", "QmluYXJ5VmFsdWU=", "T3RoZXI="),
                Arguments.of("IpAddress", "203.0.113.0/24", "203.0.113.7", "203.0.114.7"),
                Arguments.of("NotIpAddress", "2001:db8::/32", "2001:db9::1", "2001:db8::1"),
                Arguments.of("ArnEquals", "arn:aws:dynamodb:*:*:table/Music", "arn:aws:dynamodb:us-east-1:1:table/Music",
                        "arn:aws:dynamodb:us-east-1:1:table/Other"),
                Arguments.of("ArnLike", "arn:aws:dynamodb:us-*-1:*:table/*", "arn:aws:dynamodb:us-west-1:1:table/M",
                        "arn:aws:dynamodb:eu-west-1:1:table/M"),
                Arguments.of("ArnNotEquals", "arn:aws:sqs:*:*:q", "arn:aws:sqs:us-east-1:1:r", "arn:aws:sqs:us-east-1:1:q"),
                Arguments.of("ArnNotLike", "arn:aws:s3:::b/*", "arn:aws:s3:::c/k", "arn:aws:s3:::b/k"));
    }

    static Decision decide(String operator, String policyValue, String requestValue) {
        PolicyDocument p = PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\","
                + "\"Resource\":\"*\",\"Condition\":{\"" + operator + "\":{\"k\":\"" + policyValue + "\"}}}]}");
        Map<String, List<String>> keys = requestValue == null ? Map.of() : Map.of("k", List.of(requestValue));
        return PolicyEvaluator.evaluate(p, new RequestContext("s3:GetObject", "arn:aws:s3:::b/k", keys)).decision();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("operators")
    void ifExistsHoldsWhenTheKeyIsMissingAndOtherwiseDecidesAsTheOperator(String op, String policy, String yes, String no) {
        assertEquals(Decision.ALLOW, decide(op + "IfExists", policy, null), op + "IfExists, key missing");
        assertEquals(Decision.ALLOW, decide(op + "IfExists", policy, yes), op + "IfExists, " + yes);
        assertEquals(Decision.IMPLICIT_DENY, decide(op + "IfExists", policy, no), op + "IfExists, " + no);
        assertEquals(Decision.ALLOW, decide(op, policy, yes), op + ", " + yes);
        assertEquals(Decision.IMPLICIT_DENY, decide(op, policy, no), op + ", " + no);
        boolean negated = op.contains("Not");
        assertEquals(negated ? Decision.ALLOW : Decision.IMPLICIT_DENY, decide(op, policy, null),
                op + " without the key: " + (negated ? "a negated operator holds" : "nothing matches"));
    }

    @Test
    void everyDocumentedOperatorIsCovered() {
        Set<String> covered = operators().map(a -> (String) a.get()[0]).collect(Collectors.toSet());
        Set<String> modelled = Arrays.stream(Base.values()).filter(b -> b != Base.NULL).map(Base::operatorName).collect(Collectors.toSet());
        assertEquals(modelled, covered);
        assertEquals(EnumSet.allOf(ConditionOperator.Family.class),
                EnumSet.copyOf(Arrays.stream(Base.values()).map(Base::family).toList()), "every family has an operator");
    }

    /** Undocumented: a request value the family cannot read. The stricter reading: an Allow fails, a Deny applies. */
    @Test
    void anUnreadableValueDecidesTowardsDenialAndSaysSo() {
        assertEquals(Decision.IMPLICIT_DENY, decide("NumericLessThan", "10", "ten"));
        assertEquals(Decision.IMPLICIT_DENY, decide("NumericNotEquals", "10", "ten"), "even a negated operator: the Allow fails");
        assertEquals(Decision.IMPLICIT_DENY, decide("IpAddress", "10.0.0.0/8", "localhost"), "names are never resolved");
        assertEquals(Decision.IMPLICIT_DENY, decide("DateLessThan", "2026-01-01T00:00:00Z", "yesterday"));
        PolicyDocument deny = PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
                + "{\"Sid\":\"D\",\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"NumericGreaterThan\":{\"k\":\"10\"}}}]}");
        PolicyEvaluator.Evaluation e = PolicyEvaluator.evaluate(deny, new RequestContext("s3:GetObject", "x", Map.of("k", List.of("ten"))));
        assertEquals(Decision.EXPLICIT_DENY, e.decision(), "the Deny applies");
        assertEquals(true, e.explanation().contains("cannot be read as a number") && e.explanation().contains("stricter reading"), e.explanation());
    }

    /** Undocumented: a plain operator on a key with several values. Allow needs every value, Deny one. */
    @Test
    void aPlainOperatorOnSeveralValuesDecidesTowardsDenial() {
        String allow = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\","
                + "\"Condition\":{\"StringEquals\":{\"k\":\"a\"}}}]}";
        RequestContext two = new RequestContext("s3:GetObject", "x", Map.of("k", List.of("a", "b")));
        PolicyEvaluator.Evaluation e = PolicyEvaluator.evaluate(PolicyDocument.parse(allow), two);
        assertEquals(Decision.IMPLICIT_DENY, e.decision());
        assertEquals(true, e.explanation().contains("stricter reading"), e.explanation());
        String deny = "{\"Version\":\"2012-10-17\",\"Statement\":[{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
                + "{\"Effect\":\"Deny\",\"Action\":\"*\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"k\":\"a\"}}}]}";
        assertEquals(Decision.EXPLICIT_DENY, PolicyEvaluator.evaluate(PolicyDocument.parse(deny), two).decision());
    }
}
