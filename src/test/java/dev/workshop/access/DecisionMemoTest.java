package dev.workshop.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.access.AttendeePolicy.Variant;
import dev.workshop.model.AttendeeId;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * The gateway's AccessControl remembers decisions (DecisionMemo): one instance decides request after request here, and
 * every answer must equal a fresh AccessControl's, whatever the memo holds from the requests before it.
 */
class DecisionMemoTest {
    private static final String SHARED = "ws-shared";
    private static final AccessPrincipal ALICE = AccessPrincipal.attendee(AttendeeId.of("a"));
    private static final AccessPrincipal BOB = AccessPrincipal.attendee(AttendeeId.of("bob"));

    private static String put(String table, String pk, String... more) {
        StringBuilder item = new StringBuilder("{\"PK\":{\"S\":\"" + pk + "\"},\"SK\":{\"S\":\"X\"}");
        for (String attribute : more) item.append(",\"").append(attribute).append("\":{\"S\":\"v\"}");
        return "{\"TableName\":\"" + table + "\",\"Item\":" + item + "}}";
    }

    private static AccessControl fresh(Variant v) {
        return AccessControl.local(SHARED, v, KeySchemaLookup.workshop(SHARED));
    }

    /** Decides with the shared (remembering) instance and with a fresh one; they must agree in decision and words. */
    private static AccessDecision same(AccessControl shared, Variant v, AccessPrincipal who, String op, String body) {
        AccessDecision remembered = shared.decide(who, op, body);
        AccessDecision alone = fresh(v).decide(who, op, body);
        assertEquals(alone.allowed(), remembered.allowed(), op + " " + body);
        assertEquals(alone.explanation(), remembered.explanation(), op + " " + body);
        assertEquals(alone.message(), remembered.message(), op + " " + body);
        assertEquals(alone.evaluations().get(0).request(), remembered.evaluations().get(0).request(), "the request IAM saw, principal keys included");
        return remembered;
    }

    @Test
    void aRememberedDecisionIsNeverAnotherPrincipals() {
        AccessControl shared = fresh(Variant.CORRECT);
        assertTrue(same(shared, Variant.CORRECT, ALICE, "PutItem", put("ws-att-a", "k1")).allowed());
        assertTrue(same(shared, Variant.CORRECT, ALICE, "PutItem", put("ws-att-a", "k1")).allowed());
        // Bob's request differs from Alice's only in the principal's tag: the memo must not answer it with hers.
        assertFalse(same(shared, Variant.CORRECT, BOB, "PutItem", put("ws-att-a", "k1")).allowed());
        assertTrue(same(shared, Variant.CORRECT, BOB, "PutItem", put("ws-att-bob", "k1")).allowed());
    }

    @Test
    void aRememberedDecisionIsNeverAnotherKeys() {
        AccessControl shared = fresh(Variant.CORRECT);
        for (int round = 0; round < 2; round++) {
            assertTrue(same(shared, Variant.CORRECT, ALICE, "PutItem", put(SHARED, "ATT#a#CUST#1")).allowed());
            assertFalse(same(shared, Variant.CORRECT, ALICE, "PutItem", put(SHARED, "ATT#ab#CUST#1")).allowed());
            assertFalse(same(shared, Variant.CORRECT, ALICE, "Scan", "{\"TableName\":\"" + SHARED + "\"}").allowed());
            assertTrue(same(shared, Variant.CORRECT, ALICE, "DescribeTable", "{\"TableName\":\"" + SHARED + "\"}").allowed());
            // Batches: too large to remember, decided every time, and never taken for one another.
            assertTrue(same(shared, Variant.CORRECT, ALICE, "BatchWriteItem", batch("ATT#a#")).allowed());
            assertFalse(same(shared, Variant.CORRECT, ALICE, "BatchWriteItem", batch("ATT#ab#")).allowed());
        }
    }

    /** 25 puts of 200-character keys, the last one under {@code lastPrefix}. */
    private static String batch(String lastPrefix) {
        StringBuilder b = new StringBuilder("{\"RequestItems\":{\"" + SHARED + "\":[");
        for (int i = 0; i < 25; i++) {
            String pk = (i == 24 ? lastPrefix : "ATT#a#") + "K" + i + "-" + "x".repeat(200);
            b.append(i == 0 ? "" : ",").append("{\"PutRequest\":{\"Item\":{\"PK\":{\"S\":\"").append(pk)
                    .append("\"},\"SK\":{\"S\":\"X\"}}}}");
        }
        return b.append("]}}").toString();
    }

    @Test
    void aRememberedDecisionIsNeverAnotherRequestsAttributes() {
        // The index-key guard reads dynamodb:Attributes: the same key with and without an index key attribute.
        AccessControl shared = fresh(Variant.INDEX_KEY_GUARD);
        String index = AttendeePolicy.indexPartitionKeyAttributes().get(0);
        for (int round = 0; round < 2; round++) {
            assertTrue(same(shared, Variant.INDEX_KEY_GUARD, ALICE, "PutItem", put(SHARED, "ATT#a#CUST#1")).allowed());
            assertFalse(same(shared, Variant.INDEX_KEY_GUARD, ALICE, "PutItem", put(SHARED, "ATT#a#CUST#1", index)).allowed());
        }
    }

    @Test
    void keyNamesInThePolicyAreReadIgnoringCase() {
        // IAM compares condition key names ignoring case; a policy that spells the tag in lower case still reads it.
        String json = """
                {"Version":"2012-10-17","Statement":[{"Sid":"Own","Effect":"Allow","Action":"dynamodb:PutItem",
                 "Resource":"arn:aws:dynamodb:*:*:table/t",
                 "Condition":{"ForAllValues:StringLike":{"DYNAMODB:leadingkeys":["ATT#${aws:principaltag/attendeeid}#*"]}}}]}""";
        AccessControl shared = new AccessControl(List.of(PolicyDocument.parse(json)), DynamoDbRequestMapper.local(KeySchemaLookup.workshop("t")), "000000000000");
        for (int round = 0; round < 2; round++) {
            assertTrue(shared.decide(ALICE, "PutItem", put("t", "ATT#a#1")).allowed());
            assertFalse(shared.decide(BOB, "PutItem", put("t", "ATT#a#1")).allowed());
            assertTrue(shared.decide(BOB, "PutItem", put("t", "ATT#bob#1")).allowed());
            assertFalse(shared.decide(ALICE, "PutItem", put("t", "ATT#bob#1")).allowed());
        }
    }
}
