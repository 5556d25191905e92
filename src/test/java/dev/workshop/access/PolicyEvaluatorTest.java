package dev.workshop.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class PolicyEvaluatorTest {
    static final String OPS = "https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html";

    static PolicyDocument policy(String statements) {
        return PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[" + statements + "]}");
    }

    /** An Allow statement on s3:GetObject for any resource with the given Condition body. */
    static PolicyDocument allowIf(String condition) {
        return policy("{\"Sid\":\"C\",\"Effect\":\"Allow\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\",\"Condition\":" + condition + "}");
    }

    static RequestContext get(Map<String, List<String>> keys) {
        return new RequestContext("s3:GetObject", "arn:aws:s3:::b/k", keys);
    }

    static Decision decide(PolicyDocument p, RequestContext r) {
        return PolicyEvaluator.evaluate(p, r).decision();
    }

    // --- Evaluation logic: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_evaluation-logic.html

    /**
     * Each policy string is parsed once and each attendee's resolution kept (issue 15): a resolution must never serve
     * another attendee, nor a request whose variable has no value, however the requests interleave.
     */
    @Test
    void aResolvedPolicyStringServesOnlyTheValuesItWasResolvedFor() {
        PolicyDocument p = policy("{\"Sid\":\"Own\",\"Effect\":\"Allow\",\"Action\":\"dynamodb:GetItem\","
                + "\"Resource\":\"arn:aws:dynamodb:*:*:table/ws-att-${aws:PrincipalTag/AttendeeId}\"}");
        for (int round = 0; round < 3; round++) {
            for (String who : List.of("alice", "bob", "carol")) {
                for (String owner : List.of("alice", "bob", "carol")) {
                    RequestContext r = new RequestContext("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:000000000000:table/ws-att-" + owner,
                            Map.of("aws:PrincipalTag/AttendeeId", List.of(who)));
                    assertEquals(who.equals(owner) ? Decision.ALLOW : Decision.IMPLICIT_DENY, decide(p, r), who + " on " + owner + "'s table");
                }
            }
            RequestContext untagged = RequestContext.of("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:000000000000:table/ws-att-alice");
            assertEquals(Decision.IMPLICIT_DENY, decide(p, untagged), "no tag: the variable has no value and matches nothing");
        }
        RequestContext r = new RequestContext("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:000000000000:table/ws-att-bob",
                Map.of("aws:PrincipalTag/AttendeeId", List.of("alice")));
        String why = PolicyEvaluator.evaluate(p, r).explanation();
        assertTrue(why.contains("no statement allows dynamodb:GetItem") && why.contains("ws-att-${aws:PrincipalTag/AttendeeId}"), why);
    }

    @Test
    void noStatementMeansImplicitDeny() {
        PolicyDocument p = policy("{\"Effect\":\"Allow\",\"Action\":\"s3:PutObject\",\"Resource\":\"*\"}");
        PolicyEvaluator.Evaluation e = PolicyEvaluator.evaluate(p, RequestContext.of("s3:GetObject", "arn:aws:s3:::b/k"));
        assertEquals(Decision.IMPLICIT_DENY, e.decision());
        assertTrue(e.explanation().contains("no statement allows s3:GetObject"), e.explanation());
    }

    @Test
    void explicitDenyBeatsAllowWhateverTheOrder() {
        String allow = "{\"Sid\":\"A\",\"Effect\":\"Allow\",\"Action\":\"s3:*\",\"Resource\":\"*\"}";
        String deny = "{\"Sid\":\"D\",\"Effect\":\"Deny\",\"Action\":\"s3:GetObject\",\"Resource\":\"arn:aws:s3:::b/*\"}";
        RequestContext r = RequestContext.of("s3:GetObject", "arn:aws:s3:::b/k");
        for (PolicyDocument p : List.of(policy(allow + "," + deny), policy(deny + "," + allow))) {
            PolicyEvaluator.Evaluation e = PolicyEvaluator.evaluate(p, r);
            assertEquals(Decision.EXPLICIT_DENY, e.decision());
            assertEquals("D", e.decidingStatement());
        }
        assertEquals(Decision.ALLOW, decide(policy(allow + "," + deny), RequestContext.of("s3:PutObject", "arn:aws:s3:::b/k")));
    }

    @Test
    void denyInAnotherPolicyAlsoWins() {
        PolicyDocument allow = policy("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"}");
        PolicyDocument deny = policy("{\"Effect\":\"Deny\",\"Action\":\"s3:GetObject\",\"Resource\":\"*\"}");
        assertEquals(Decision.EXPLICIT_DENY,
                PolicyEvaluator.evaluate(List.of(allow, deny), RequestContext.of("s3:GetObject", "x")).decision());
    }

    // --- Action / Resource: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_action.html
    //     and https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html

    @Test
    void actionsMatchIgnoringCaseWithWildcards() {
        PolicyDocument p = policy("{\"Effect\":\"Allow\",\"Action\":[\"DynamoDB:get*\",\"dynamodb:?uery\"],\"Resource\":\"*\"}");
        assertEquals(Decision.ALLOW, decide(p, RequestContext.of("dynamodb:GetItem", "x")));
        assertEquals(Decision.ALLOW, decide(p, RequestContext.of("dynamodb:Query", "x")));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, RequestContext.of("dynamodb:PutItem", "x")));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, RequestContext.of("dynamodb:XQuery", "x")));
    }

    @Test
    void resourcesMatchCaseSensitively() {
        PolicyDocument p = policy("{\"Effect\":\"Allow\",\"Action\":\"dynamodb:*\",\"Resource\":\"arn:aws:dynamodb:*:*:table/Music\"}");
        assertEquals(Decision.ALLOW, decide(p, RequestContext.of("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:1:table/Music")));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, RequestContext.of("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:1:table/music")));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, RequestContext.of("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:1:table/Music/index/i")));
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notaction.html
    @Test
    void notActionAllowsEverythingElse() {
        PolicyDocument p = policy("{\"Effect\":\"Allow\",\"NotAction\":\"iam:*\",\"Resource\":\"*\"}");
        assertEquals(Decision.ALLOW, decide(p, RequestContext.of("dynamodb:Query", "x")));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, RequestContext.of("IAM:CreateUser", "x")));
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_notresource.html
    @Test
    void notResourceDeniesEverythingButTheListed() {
        PolicyDocument p = policy("{\"Effect\":\"Allow\",\"Action\":\"*\",\"Resource\":\"*\"},"
                + "{\"Sid\":\"OnlyMine\",\"Effect\":\"Deny\",\"Action\":\"dynamodb:*\",\"NotResource\":\"arn:aws:dynamodb:*:*:table/mine*\"}");
        assertEquals(Decision.ALLOW, decide(p, RequestContext.of("dynamodb:Query", "arn:aws:dynamodb:r:1:table/mine/index/x")));
        assertEquals(Decision.EXPLICIT_DENY, decide(p, RequestContext.of("dynamodb:Query", "arn:aws:dynamodb:r:1:table/yours")));
    }

    // --- Condition operators: see OPS

    @Test
    void stringEqualsIsExactAndCaseSensitive() {
        PolicyDocument p = allowIf("{\"StringEquals\":{\"aws:PrincipalTag/team\":\"blue\"}}");
        assertEquals(Decision.ALLOW, decide(p, get(Map.of("aws:PrincipalTag/team", List.of("blue")))));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, get(Map.of("aws:PrincipalTag/team", List.of("Blue")))));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, get(Map.of())), "missing key: condition false");
    }

    @Test
    void stringEqualsDoesNotExpandWildcards() {
        PolicyDocument p = allowIf("{\"StringEquals\":{\"k\":\"a*\"}}");
        assertEquals(Decision.IMPLICIT_DENY, decide(p, get(Map.of("k", List.of("abc")))));
        assertEquals(Decision.ALLOW, decide(p, get(Map.of("k", List.of("a*")))));
    }

    @Test
    void multipleValuesAreOredAndKeysAnded() {
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-logic-multiple-context-keys-or-values.html
        PolicyDocument p = allowIf("{\"StringEquals\":{\"a\":[\"1\",\"2\"],\"b\":\"x\"}}");
        assertEquals(Decision.ALLOW, decide(p, get(Map.of("a", List.of("2"), "b", List.of("x")))));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, get(Map.of("a", List.of("2"), "b", List.of("y")))));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, get(Map.of("a", List.of("3"), "b", List.of("x")))));
        PolicyDocument twoOps = allowIf("{\"StringEquals\":{\"a\":\"1\"},\"StringLike\":{\"b\":\"x*\"}}");
        assertEquals(Decision.ALLOW, decide(twoOps, get(Map.of("a", List.of("1"), "b", List.of("xy")))));
        assertEquals(Decision.IMPLICIT_DENY, decide(twoOps, get(Map.of("a", List.of("1"), "b", List.of("yx")))));
    }

    @Test
    void stringNotEqualsHoldsWhenNoValueMatchesOrKeyIsMissing() {
        PolicyDocument p = allowIf("{\"StringNotEquals\":{\"k\":[\"a\",\"b\"]}}");
        assertEquals(Decision.ALLOW, decide(p, get(Map.of("k", List.of("c")))));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, get(Map.of("k", List.of("b")))));
        assertEquals(Decision.ALLOW, decide(p, get(Map.of())), "negated operator with a missing key is true");
    }

    @Test
    void ignoreCaseOperators() {
        assertEquals(Decision.ALLOW, decide(allowIf("{\"StringEqualsIgnoreCase\":{\"k\":\"BLUE\"}}"), get(Map.of("k", List.of("blue")))));
        assertEquals(Decision.IMPLICIT_DENY, decide(allowIf("{\"StringNotEqualsIgnoreCase\":{\"k\":\"BLUE\"}}"), get(Map.of("k", List.of("blue")))));
    }

    @Test
    void stringLikeIsCaseSensitiveWithStarAndQuestionMark() {
        PolicyDocument p = allowIf("{\"StringLike\":{\"k\":\"home/?/*\"}}");
        assertEquals(Decision.ALLOW, decide(p, get(Map.of("k", List.of("home/a/x/y")))));
        assertEquals(Decision.ALLOW, decide(p, get(Map.of("k", List.of("home/a/")))));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, get(Map.of("k", List.of("home/ab/x")))));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, get(Map.of("k", List.of("HOME/a/x")))));
    }

    @Test
    void stringLikeTreatsRegexCharactersLiterally() {
        PolicyDocument p = allowIf("{\"StringLike\":{\"k\":\"a.b(c)+#*\"}}");
        assertEquals(Decision.ALLOW, decide(p, get(Map.of("k", List.of("a.b(c)+#1")))));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, get(Map.of("k", List.of("aXb(c)+#1")))));
    }

    @Test
    void stringNotLike() {
        PolicyDocument p = allowIf("{\"StringNotLike\":{\"k\":\"secret*\"}}");
        assertEquals(Decision.ALLOW, decide(p, get(Map.of("k", List.of("public")))));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, get(Map.of("k", List.of("secret-1")))));
        assertEquals(Decision.ALLOW, decide(p, get(Map.of())));
    }

    @Test
    void boolOperator() {
        PolicyDocument p = allowIf("{\"Bool\":{\"aws:SecureTransport\":\"true\"}}");
        assertEquals(Decision.ALLOW, decide(p, get(Map.of("aws:SecureTransport", List.of("true")))));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, get(Map.of("aws:SecureTransport", List.of("false")))));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, get(Map.of())));
        // JSON booleans are accepted as well as strings.
        assertEquals(Decision.ALLOW, decide(allowIf("{\"Bool\":{\"aws:SecureTransport\":true}}"),
                get(Map.of("aws:SecureTransport", List.of("true")))));
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_Null
    @Test
    void nullChecksPresence() {
        PolicyDocument absent = allowIf("{\"Null\":{\"k\":\"true\"}}");
        PolicyDocument present = allowIf("{\"Null\":{\"k\":\"false\"}}");
        assertEquals(Decision.ALLOW, decide(absent, get(Map.of())));
        assertEquals(Decision.IMPLICIT_DENY, decide(absent, get(Map.of("k", List.of("v")))));
        assertEquals(Decision.ALLOW, decide(present, get(Map.of("k", List.of("v")))));
        assertEquals(Decision.IMPLICIT_DENY, decide(present, get(Map.of())));
        assertEquals(Decision.IMPLICIT_DENY, decide(present, get(Map.of("k", List.of()))), "an empty value is null");
    }

    // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition_operators.html#Conditions_IfExists
    @Test
    void ifExistsHoldsWhenTheKeyIsMissingAndChecksItOtherwise() {
        PolicyDocument p = allowIf("{\"StringEqualsIfExists\":{\"dynamodb:Select\":\"SPECIFIC_ATTRIBUTES\"}}");
        assertEquals(Decision.ALLOW, decide(p, get(Map.of())));
        assertEquals(Decision.ALLOW, decide(p, get(Map.of("dynamodb:Select", List.of("SPECIFIC_ATTRIBUTES")))));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, get(Map.of("dynamodb:Select", List.of("ALL_ATTRIBUTES")))));
        PolicyDocument bool = allowIf("{\"BoolIfExists\":{\"aws:MultiFactorAuthPresent\":\"true\"}}");
        assertEquals(Decision.ALLOW, decide(bool, get(Map.of())));
        assertEquals(Decision.IMPLICIT_DENY, decide(bool, get(Map.of("aws:MultiFactorAuthPresent", List.of("false")))));
    }

    // --- Set operators: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html

    @Test
    void forAllValuesRequiresEveryValueToMatch() {
        PolicyDocument p = allowIf("{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":[\"environment\",\"cost-center\"]}}");
        assertEquals(Decision.ALLOW, decide(p, get(Map.of("aws:TagKeys", List.of("environment", "cost-center")))));
        assertEquals(Decision.ALLOW, decide(p, get(Map.of("aws:TagKeys", List.of("environment")))));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, get(Map.of("aws:TagKeys", List.of("environment", "owner")))));
    }

    @Test
    void forAllValuesIsTrueWhenTheKeyIsMissingOrEmpty() {
        // "The ForAllValues set operator also returns true if there are no context keys in the request."
        // https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html
        PolicyDocument p = allowIf("{\"ForAllValues:StringLike\":{\"dynamodb:LeadingKeys\":\"ATT#alice#*\"}}");
        PolicyEvaluator.Evaluation e = PolicyEvaluator.evaluate(p, get(Map.of()));
        assertEquals(Decision.ALLOW, e.decision());
        assertTrue(e.explanation().contains("vacuously"), e.explanation());
        assertEquals(Decision.ALLOW, decide(p, get(Map.of("dynamodb:LeadingKeys", List.of()))));
    }

    @Test
    void forAnyValueNeedsOneMatchAndIsFalseWhenMissing() {
        PolicyDocument p = allowIf("{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":[\"environment\",\"cost-center\"]}}");
        assertEquals(Decision.ALLOW, decide(p, get(Map.of("aws:TagKeys", List.of("owner", "environment")))));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, get(Map.of("aws:TagKeys", List.of("owner")))));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, get(Map.of())));
    }

    @Test
    void forAnyValueWithNegatedOperator() {
        PolicyDocument p = allowIf("{\"ForAnyValue:StringNotLike\":{\"k\":\"x*\"}}");
        assertEquals(Decision.ALLOW, decide(p, get(Map.of("k", List.of("x1", "y")))));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, get(Map.of("k", List.of("x1", "x2")))));
    }

    @Test
    void forAllValuesWithNegatedOperator() {
        PolicyDocument p = allowIf("{\"ForAllValues:StringNotEquals\":{\"k\":[\"a\",\"b\"]}}");
        assertEquals(Decision.ALLOW, decide(p, get(Map.of("k", List.of("c", "d")))));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, get(Map.of("k", List.of("c", "a")))));
    }

    // --- Policy variables: https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_variables.html

    @Test
    void principalTagVariableInConditionAndResource() {
        PolicyDocument p = policy("{\"Sid\":\"Own\",\"Effect\":\"Allow\",\"Action\":\"dynamodb:Query\","
                + "\"Resource\":\"arn:aws:dynamodb:*:*:table/ws-att-${aws:PrincipalTag/AttendeeId}\"}");
        RequestContext alice = new RequestContext("dynamodb:Query", "arn:aws:dynamodb:us-east-1:0:table/ws-att-alice",
                Map.of("aws:PrincipalTag/AttendeeId", List.of("alice")));
        assertEquals(Decision.ALLOW, decide(p, alice));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, alice.with("aws:PrincipalTag/AttendeeId", "bob")));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, new RequestContext(alice.action(), alice.resource(), Map.of())),
                "a variable with no value matches nothing");
    }

    @Test
    void usernameAndUseridVariables() {
        PolicyDocument p = allowIf("{\"StringEquals\":{\"k\":\"${aws:username}\"},\"StringLike\":{\"j\":\"${aws:userid}:*\"}}");
        RequestContext r = get(Map.of("aws:username", List.of("alice"), "aws:userid", List.of("AIDAX"),
                "k", List.of("alice"), "j", List.of("AIDAX:s1")));
        assertEquals(Decision.ALLOW, decide(p, r));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, r.with("k", "bob")));
    }

    @Test
    void specialCharacterVariablesAreLiteral() {
        PolicyDocument p = allowIf("{\"StringLike\":{\"k\":\"a${*}b${?}${$}*\"}}");
        assertEquals(Decision.ALLOW, decide(p, get(Map.of("k", List.of("a*b?$anything")))));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, get(Map.of("k", List.of("axbx$")))));
    }

    @Test
    void variableDefaultValue() {
        PolicyDocument p = allowIf("{\"StringEquals\":{\"k\":\"${aws:PrincipalTag/team, 'none'}\"}}");
        assertEquals(Decision.ALLOW, decide(p, get(Map.of("k", List.of("none")))));
        assertEquals(Decision.ALLOW, decide(p, get(Map.of("k", List.of("red"), "aws:PrincipalTag/team", List.of("red")))));
    }

    @Test
    void variableValuesAreNotWildcards() {
        PolicyDocument p = allowIf("{\"StringLike\":{\"k\":\"ATT#${aws:PrincipalTag/AttendeeId}#*\"}}");
        RequestContext star = get(Map.of("aws:PrincipalTag/AttendeeId", List.of("*"), "k", List.of("ATT#bob#x")));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, star));
    }

    @Test
    void variablesAreTextInOldPolicyVersions() {
        PolicyDocument p = PolicyDocument.parse("{\"Version\":\"2008-10-17\",\"Statement\":{\"Effect\":\"Allow\","
                + "\"Action\":\"s3:GetObject\",\"Resource\":\"*\",\"Condition\":{\"StringEquals\":{\"k\":\"${aws:username}\"}}}}");
        assertEquals(Decision.ALLOW, decide(p, get(Map.of("k", List.of("${aws:username}"), "aws:username", List.of("alice")))));
        assertEquals(Decision.IMPLICIT_DENY, decide(p, get(Map.of("k", List.of("alice"), "aws:username", List.of("alice")))));
    }

    @Test
    void conditionKeyNamesAreCaseInsensitive() {
        PolicyDocument p = allowIf("{\"StringEquals\":{\"AWS:PrincipalTag/Team\":\"blue\"}}");
        assertEquals(Decision.ALLOW, decide(p, get(Map.of("aws:principaltag/team", List.of("blue")))));
    }

    @Test
    void explanationNamesTheStatementAndTheFailingValue() {
        PolicyDocument p = policy("{\"Sid\":\"SharedTableOwnNamespace\",\"Effect\":\"Allow\",\"Action\":\"dynamodb:Query\",\"Resource\":\"*\","
                + "\"Condition\":{\"ForAllValues:StringLike\":{\"dynamodb:LeadingKeys\":\"ATT#${aws:PrincipalTag/AttendeeId}#*\"}}}");
        PolicyEvaluator.Evaluation e = PolicyEvaluator.evaluate(p, new RequestContext("dynamodb:Query", "t",
                Map.of("aws:PrincipalTag/AttendeeId", List.of("alice"), "dynamodb:LeadingKeys", List.of("ATT#bob#COMPANY#c01"))));
        assertEquals(Decision.IMPLICIT_DENY, e.decision());
        assertEquals("denied: statement SharedTableOwnNamespace did not match because dynamodb:LeadingKeys value "
                + "'ATT#bob#COMPANY#c01' is not like 'ATT#alice#*' (ForAllValues:StringLike)", e.explanation());
    }

    @Test
    void unsupportedOperatorsAndMalformedPoliciesAreRejected() {
        assertThrows(PolicyDocument.InvalidPolicyException.class, () -> allowIf("{\"NumericAbout\":{\"k\":\"1\"}}"));
        assertThrows(PolicyDocument.InvalidPolicyException.class, () -> allowIf("{\"NullIfExists\":{\"k\":\"true\"}}"));
        assertThrows(PolicyDocument.InvalidPolicyException.class,
                () -> policy("{\"Effect\":\"Allow\",\"Resource\":\"*\"}"));
        assertThrows(PolicyDocument.InvalidPolicyException.class,
                () -> policy("{\"Effect\":\"Permit\",\"Action\":\"*\",\"Resource\":\"*\"}"));
        assertFalse(PolicyDocument.parse("{\"Statement\":[]}").variablesEnabled());
    }

    // --- issue 13: evaluator fidelity

    /** "Condition key names are not case-sensitive": https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_condition.html */
    @Test
    void keyNamesDifferingInCaseAreOneKeyWithAllTheValues() {
        RequestContext r = get(new java.util.LinkedHashMap<>(Map.of("dynamodb:LeadingKeys", List.of("ATT#bob#1"))) {{
            put("DynamoDB:leadingkeys", List.of("ATT#alice#1"));
        }});
        assertEquals(List.of("ATT#bob#1", "ATT#alice#1"), r.values("DYNAMODB:LEADINGKEYS"));
        PolicyDocument p = allowIf("{\"ForAllValues:StringLike\":{\"dynamodb:LeadingKeys\":\"ATT#alice#*\"}}");
        assertEquals(Decision.IMPLICIT_DENY, decide(p, r), "bob's key is not dropped");
    }

    /**
     * Values that "resolve to a null data set, such as an empty string" are no values for the set operators:
     * https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition-single-vs-multi-valued-context-keys.html
     */
    @Test
    void anEmptyStringIsNoValueForTheSetOperatorsAndNull() {
        RequestContext empty = get(Map.of("aws:TagKeys", List.of("")));
        assertEquals(Decision.ALLOW, decide(allowIf("{\"ForAllValues:StringEquals\":{\"aws:TagKeys\":\"Owner\"}}"), empty),
                "ForAllValues holds for the empty set");
        assertEquals(Decision.IMPLICIT_DENY, decide(allowIf("{\"ForAnyValue:StringEquals\":{\"aws:TagKeys\":\"\"}}"), empty),
                "ForAnyValue needs a value");
        PolicyEvaluator.Evaluation guard = PolicyEvaluator.evaluate(allowIf("{\"Null\":{\"aws:TagKeys\":\"false\"}}"), empty);
        assertEquals(Decision.IMPLICIT_DENY, guard.decision(), "stricter reading: an Allow's Null fails on an empty string");
        assertTrue(guard.explanation().contains("the evaluator takes the stricter reading"), guard.explanation());
        assertEquals(Decision.IMPLICIT_DENY, decide(allowIf("{\"Null\":{\"aws:TagKeys\":\"true\"}}"), empty), "whichever way Null is asked");
        // a plain operator on a single-valued key still compares the empty string
        assertEquals(Decision.ALLOW, decide(allowIf("{\"StringEquals\":{\"aws:TagKeys\":\"\"}}"), empty));
    }

    /**
     * "If the * wildcard is the last character of a resource ARN segment, it can expand to match beyond the colon
     * boundaries": a '*' inside a segment does not. https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_elements_resource.html
     */
    @Test
    void aWildcardInsideAnArnSegmentDoesNotCrossColons() {
        PolicyDocument inside = policy("{\"Effect\":\"Allow\",\"Action\":\"dynamodb:*\",\"Resource\":\"arn:aws:dynamodb:us-*-1:*:table/Music\"}");
        assertEquals(Decision.ALLOW, decide(inside, RequestContext.of("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:1:table/Music")));
        assertEquals(Decision.IMPLICIT_DENY, decide(inside, RequestContext.of("dynamodb:GetItem", "arn:aws:dynamodb:us-x:y-1:1:table/Music")),
                "'us-*-1' must not swallow a ':'");
        PolicyDocument end = policy("{\"Effect\":\"Allow\",\"Action\":\"dynamodb:*\",\"Resource\":\"arn:aws:dynamodb:*\"}");
        assertEquals(Decision.ALLOW, decide(end, RequestContext.of("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:1:table/Music")),
                "a final '*' expands beyond the colons");
        PolicyDocument q = policy("{\"Effect\":\"Allow\",\"Action\":\"dynamodb:*\",\"Resource\":\"arn:aws:dynamodb:us-east-1?1:table/M\"}");
        assertEquals(Decision.IMPLICIT_DENY, decide(q, RequestContext.of("dynamodb:GetItem", "arn:aws:dynamodb:us-east-1:1:table/M")),
                "stricter reading: '?' never matches ':'");
    }
}
