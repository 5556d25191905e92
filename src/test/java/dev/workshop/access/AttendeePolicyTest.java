package dev.workshop.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.access.AttendeePolicy.Variant;
import dev.workshop.model.AttendeeId;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The isolation matrix lab 4 shows, decided by the same JSON that is deployed.
 * LeadingKeys semantics: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
 */
class AttendeePolicyTest {
    static final String SHARED = "ws-shared";
    static final AccessPrincipal ALICE = AccessPrincipal.attendee(AttendeeId.of("a"));

    static AccessDecision decide(Variant v, AccessPrincipal who, String op, String body) {
        return AccessControl.local(SHARED, v, KeySchemaLookup.workshop(SHARED)).decide(who, op, body);
    }

    static boolean allowed(Variant v, String op, String body) {
        return decide(v, ALICE, op, body).allowed();
    }

    static String s(String v) {
        return "{\"S\":\"" + v + "\"}";
    }

    /** One body per data-plane operation, each touching partition key pk on the shared table. */
    static List<String[]> everyDataPlaneOp(String table, String pk) {
        String key = "{\"PK\":" + s(pk) + ",\"SK\":" + s("#COMPANY") + "}";
        String t = "\"TableName\":\"" + table + "\"";
        return List.of(
                new String[] {"GetItem", "{" + t + ",\"Key\":" + key + "}"},
                new String[] {"PutItem", "{" + t + ",\"Item\":" + key + "}"},
                new String[] {"UpdateItem", "{" + t + ",\"Key\":" + key + ",\"UpdateExpression\":\"SET #n = :v\","
                        + "\"ExpressionAttributeNames\":{\"#n\":\"Name\"},\"ExpressionAttributeValues\":{\":v\":" + s("x") + "}}"},
                new String[] {"DeleteItem", "{" + t + ",\"Key\":" + key + "}"},
                new String[] {"Query", "{" + t + ",\"KeyConditionExpression\":\"PK = :p\",\"ExpressionAttributeValues\":{\":p\":" + s(pk) + "}}"},
                new String[] {"BatchGetItem", "{\"RequestItems\":{\"" + table + "\":{\"Keys\":[" + key + "]}}}"},
                new String[] {"BatchWriteItem", "{\"RequestItems\":{\"" + table + "\":[{\"PutRequest\":{\"Item\":" + key + "}}]}}"},
                new String[] {"TransactGetItems", "{\"TransactItems\":[{\"Get\":{" + t + ",\"Key\":" + key + "}}]}"},
                new String[] {"TransactWriteItems", "{\"TransactItems\":[{\"ConditionCheck\":{" + t + ",\"Key\":" + key
                        + ",\"ConditionExpression\":\"attribute_exists(PK)\"}},{\"Update\":{" + t + ",\"Key\":" + key
                        + ",\"UpdateExpression\":\"SET x = :v\",\"ExpressionAttributeValues\":{\":v\":" + s("1") + "}}}]}"});
    }

    @Test
    void policyRoundTripsThroughTheSdkPolicyBuilder() {
        for (Variant v : Variant.values()) {
            String json = AttendeePolicy.json(SHARED, v);
            IamPolicy parsed = IamPolicy.fromJson(json);
            assertEquals(AttendeePolicy.iamPolicy(SHARED, v), parsed, v.name());
            assertEquals(AttendeePolicy.iamPolicy(SHARED, v).toJson(), parsed.toJson(), v.name());
            assertEquals(JsonNode.parser().parse(json), JsonNode.parser().parse(IamPolicy.fromJson(parsed.toJson()).toJson()));
        }
    }

    @Test
    void policyNamesTheSharedTableAndItsIndexesAndTheGuard() {
        String json = AttendeePolicy.json("my-shared");
        assertTrue(json.contains("arn:aws:dynamodb:*:*:table/my-shared/index/*"), json);
        assertTrue(json.contains("ATT#${aws:PrincipalTag/AttendeeId}#*"), json);
        assertTrue(json.contains("\"Null\""), json);
        assertTrue(json.contains("table/ws-att-${aws:PrincipalTag/AttendeeId}"), json);
    }

    @Test
    void ownNamespaceIsAllowedForEveryDataPlaneAction() {
        for (String[] op : everyDataPlaneOp(SHARED, "ATT#a#COMPANY#c01")) {
            AccessDecision d = decide(Variant.CORRECT, ALICE, op[0], op[1]);
            assertTrue(d.allowed(), op[0] + ": " + d.explanation());
        }
    }

    @ParameterizedTest
    @ValueSource(strings = {"ATT#bob#COMPANY#c01", "ATT#ab#COMPANY#c01", "ATT#a-b#COMPANY#c01", "COMPANY#c01", "att#a#x"})
    void neighboursAndPrefixSiblingsAreDeniedForEveryDataPlaneAction(String foreign) {
        for (String[] op : everyDataPlaneOp(SHARED, foreign)) {
            AccessDecision d = decide(Variant.CORRECT, ALICE, op[0], op[1]);
            assertFalse(d.allowed(), op[0] + " on " + foreign);
            assertTrue(d.message().startsWith("User: arn:aws:sts::000000000000:assumed-role/WorkshopStudent/a is not authorized to perform: dynamodb:"),
                    d.message());
        }
    }

    @Test
    void deniedExplanationNamesTheForeignKey() {
        AccessDecision d = decide(Variant.CORRECT, ALICE, "GetItem",
                "{\"TableName\":\"ws-shared\",\"Key\":{\"PK\":" + s("ATT#bob#COMPANY#c01") + ",\"SK\":" + s("#COMPANY") + "}}");
        assertEquals("User: arn:aws:sts::000000000000:assumed-role/WorkshopStudent/a is not authorized to perform: dynamodb:GetItem "
                + "on resource: arn:aws:dynamodb:us-east-1:000000000000:table/ws-shared because no identity-based policy allows "
                + "the dynamodb:GetItem action", d.message());
        assertTrue(d.explanation().contains("statement SharedTableOwnNamespace did not match because dynamodb:LeadingKeys value "
                + "'ATT#bob#COMPANY#c01' is not like 'ATT#a#*' (ForAllValues:StringLike)"), d.explanation());
        assertTrue(d.errorBody().startsWith("{\"__type\":\"com.amazon.coral.service#AccessDeniedException\",\"Message\":\"User: "));
    }

    @Test
    void aBatchWithOneForeignKeyIsDenied() {
        String body = "{\"RequestItems\":{\"ws-shared\":{\"Keys\":[{\"PK\":" + s("ATT#a#X") + ",\"SK\":" + s("1")
                + "},{\"PK\":" + s("ATT#ab#X") + ",\"SK\":" + s("1") + "}]}}}";
        assertFalse(allowed(Variant.CORRECT, "BatchGetItem", body));
    }

    @Test
    void indexQueryWithOwnPrefixAllowedForeignDenied() {
        for (var idx : dev.workshop.model.Tables.SHARED_INDEXES) {
            String own = "{\"TableName\":\"ws-shared\",\"IndexName\":\"" + idx.name() + "\",\"KeyConditionExpression\":\"#p = :p\","
                    + "\"ExpressionAttributeNames\":{\"#p\":\"" + idx.pk() + "\"},\"ExpressionAttributeValues\":{\":p\":" + s("ATT#a#COMPANY#c01") + "}}";
            assertTrue(allowed(Variant.CORRECT, "Query", own), idx.name());
            assertFalse(allowed(Variant.CORRECT, "Query", own.replace("ATT#a#", "ATT#ab#")), idx.name());
        }
    }

    @Test
    void scanAndPartiqlOnTheSharedTableAreDenied() {
        AccessDecision scan = decide(Variant.CORRECT, ALICE, "Scan", "{\"TableName\":\"ws-shared\"}");
        assertFalse(scan.allowed());
        assertTrue(scan.explanation().contains("the request carries no dynamodb:LeadingKeys (Null: dynamodb:LeadingKeys = false requires it)"),
                scan.explanation());
        assertFalse(allowed(Variant.CORRECT, "Scan", "{\"TableName\":\"ws-shared\",\"IndexName\":\"GSI1\"}"));
        assertFalse(allowed(Variant.CORRECT, "ExecuteStatement",
                "{\"Statement\":\"SELECT * FROM \\\"ws-shared\\\" WHERE PK = 'ATT#a#COMPANY#c01'\"}"));
        assertFalse(allowed(Variant.CORRECT, "ExecuteStatement", "{\"Statement\":\"DELETE FROM \\\"ws-shared\\\" WHERE PK = 'ATT#a#X' AND SK = '1'\"}"));
    }

    @Test
    void describeSharedTableAndListTablesAreAllowed() {
        assertTrue(allowed(Variant.CORRECT, "DescribeTable", "{\"TableName\":\"ws-shared\"}"));
        assertTrue(allowed(Variant.CORRECT, "ListTables", "{}"));
        assertFalse(allowed(Variant.CORRECT, "DeleteTable", "{\"TableName\":\"ws-shared\"}"));
        assertFalse(allowed(Variant.CORRECT, "UpdateTable", "{\"TableName\":\"ws-shared\"}"));
    }

    /** Lab 5 creates, queries and deletes ws-att-ID.scratch as the attendee; a neighbour's or a prefix sibling's stays out of reach. */
    @Test
    void theAttendeesOwnScratchTableAndItsIndexesAreAllowedNoOneElses() {
        for (String op : List.of("CreateTable", "UpdateTable", "DeleteTable", "DescribeTable")) {
            assertTrue(allowed(Variant.CORRECT, op, "{\"TableName\":\"ws-att-a.scratch\"}"), op);
            assertFalse(allowed(Variant.CORRECT, op, "{\"TableName\":\"ws-att-b.scratch\"}"), op);
            assertFalse(allowed(Variant.CORRECT, op, "{\"TableName\":\"ws-att-ab.scratch\"}"), op);
        }
        String query = "{\"TableName\":\"%s\",\"IndexName\":\"Urgent\",\"KeyConditionExpression\":\"UrgentPK = :p\","
                + "\"ExpressionAttributeValues\":{\":p\":" + s("COMPANY#c01") + "}}";
        assertTrue(allowed(Variant.CORRECT, "Query", String.format(query, "ws-att-a.scratch")));
        assertFalse(allowed(Variant.CORRECT, "Query", String.format(query, "ws-att-b.scratch")));
    }

    /** `workshop metrics` on AWS calls GetMetricData as the attendee; without this statement it is denied. */
    @Test
    void theAttendeeMayReadMetricsAndNothingElseInCloudWatch() {
        PolicyDocument policy = AttendeePolicy.document(SHARED);
        RequestContext read = RequestContext.of("cloudwatch:GetMetricData", "*").withAll(ALICE.contextKeys("000000000000"));
        RequestContext write = RequestContext.of("cloudwatch:PutMetricData", "*").withAll(ALICE.contextKeys("000000000000"));
        assertTrue(PolicyEvaluator.evaluate(List.of(policy), read).allowed());
        assertFalse(PolicyEvaluator.evaluate(List.of(policy), write).allowed());
    }

    @Test
    void personalTableOwnAllowedOthersDenied() {
        String[][] ops = {
                {"CreateTable", "{\"TableName\":\"%s\",\"Tags\":[{\"Key\":\"Owner\",\"Value\":\"a\"}]}"},
                {"DescribeTable", "{\"TableName\":\"%s\"}"},
                {"UpdateTable", "{\"TableName\":\"%s\"}"},
                {"DeleteTable", "{\"TableName\":\"%s\"}"},
                {"DescribeTimeToLive", "{\"TableName\":\"%s\"}"},
                {"Scan", "{\"TableName\":\"%s\"}"},
                {"Query", "{\"TableName\":\"%s\",\"IndexName\":\"ByStatus\",\"KeyConditionExpression\":\"S = :s\",\"ExpressionAttributeValues\":{\":s\":{\"S\":\"x\"}}}"},
                {"PutItem", "{\"TableName\":\"%s\",\"Item\":{\"PK\":{\"S\":\"anything\"},\"SK\":{\"S\":\"1\"}}}"},
                {"ExecuteStatement", "{\"Statement\":\"SELECT * FROM \\\"%s\\\"\"}"},
                {"TagResource", "{\"ResourceArn\":\"arn:aws:dynamodb:us-east-1:000000000000:table/%s\",\"Tags\":[]}"},
                {"ListTagsOfResource", "{\"ResourceArn\":\"arn:aws:dynamodb:us-east-1:000000000000:table/%s\"}"},
        };
        for (String[] op : ops) {
            assertTrue(allowed(Variant.CORRECT, op[0], op[1].formatted("ws-att-a")), op[0]);
            assertFalse(allowed(Variant.CORRECT, op[0], op[1].formatted("ws-att-ab")), op[0] + " on a prefix sibling's table");
            assertFalse(allowed(Variant.CORRECT, op[0], op[1].formatted("ws-att-bob")), op[0] + " on a neighbour's table");
        }
    }

    @Test
    void administratorIsAllowedEverything() {
        assertTrue(decide(Variant.CORRECT, AccessPrincipal.administrator(), "Scan", "{\"TableName\":\"ws-shared\"}").allowed());
        assertTrue(decide(Variant.CORRECT, AccessPrincipal.administrator(), "DeleteTable", "{\"TableName\":\"ws-shared\"}").allowed());
    }

    // --- The broken variants each get one thing wrong, and only that.

    @Test
    void stringEqualsDeniesEvenYourOwnKeys() {
        for (String[] op : everyDataPlaneOp(SHARED, "ATT#a#COMPANY#c01")) {
            assertFalse(allowed(Variant.STRING_EQUALS, op[0], op[1]), op[0]);
        }
        // It only matches the literal pattern text.
        String literal = "{\"TableName\":\"ws-shared\",\"Key\":{\"PK\":" + s("ATT#a#*") + ",\"SK\":" + s("1") + "}}";
        assertTrue(allowed(Variant.STRING_EQUALS, "GetItem", literal));
    }

    @Test
    void missingTrailingHashLeaksPrefixSiblings() {
        String sibling = "{\"TableName\":\"ws-shared\",\"Key\":{\"PK\":" + s("ATT#ab#COMPANY#c01") + ",\"SK\":" + s("1") + "}}";
        assertTrue(allowed(Variant.NO_TRAILING_HASH, "GetItem", sibling), "the wrong policy lets a read ab");
        assertFalse(allowed(Variant.CORRECT, "GetItem", sibling));
        String neighbour = sibling.replace("ATT#ab#", "ATT#bob#");
        assertFalse(allowed(Variant.NO_TRAILING_HASH, "GetItem", neighbour));
        // a-b is not a sibling under ATT#a*: '-' follows 'a', so it does match. The wrong policy leaks it too.
        assertTrue(allowed(Variant.NO_TRAILING_HASH, "GetItem", sibling.replace("ATT#ab#", "ATT#a-b#")));
    }

    @Test
    void missingNullGuardLetsScanReadEveryone() {
        AccessDecision d = decide(Variant.NO_NULL_GUARD, ALICE, "Scan", "{\"TableName\":\"ws-shared\"}");
        assertTrue(d.allowed(), "ForAllValues is vacuously true without leading keys");
        assertTrue(d.explanation().contains("vacuously"), d.explanation());
        assertTrue(allowed(Variant.NO_NULL_GUARD, "Scan", "{\"TableName\":\"ws-shared\",\"IndexName\":\"ByOwner\"}"));
        assertFalse(allowed(Variant.CORRECT, "Scan", "{\"TableName\":\"ws-shared\"}"));
        // Keyed access is unchanged.
        String neighbour = "{\"TableName\":\"ws-shared\",\"Key\":{\"PK\":" + s("ATT#bob#X") + ",\"SK\":" + s("1") + "}}";
        assertFalse(allowed(Variant.NO_NULL_GUARD, "GetItem", neighbour));
    }

    /**
     * The GSI key injection: LeadingKeys is the table's partition key only, so the deployed policy lets attendee a write
     * an item under ATT#a# whose GSI1PK is in bob's namespace. The guard denies it through dynamodb:Attributes, "the
     * top-level attribute names accessed by a request" (the names of PutItem's Item, and UpdateItem's key and updated
     * paths), in an Allow with ForAllValues:StringNotLike as the page's example 3 ("prevent updates on certain
     * attributes") uses it:
     * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
     */
    @Test
    void indexKeyGuardDeniesTheGsiInjectionThatLeadingKeysAllows() {
        String injection = "{\"TableName\":\"ws-shared\",\"Item\":{\"PK\":" + s("ATT#a#X") + ",\"SK\":" + s("1")
                + ",\"GSI1PK\":" + s("ATT#bob#COMPANY#c01#STATUS#OPEN") + ",\"GSI1SK\":" + s("P1") + "}}";
        assertTrue(allowed(Variant.CORRECT, "PutItem", injection), "LeadingKeys sees only ATT#a#X");
        AccessDecision guarded = decide(Variant.INDEX_KEY_GUARD, ALICE, "PutItem", injection);
        assertFalse(guarded.allowed());
        assertTrue(guarded.message().endsWith("because no identity-based policy allows the dynamodb:PutItem action"), guarded.message());
        assertTrue(guarded.explanation().contains("SharedTableWritesWithoutIndexKeys did not match because dynamodb:Attributes value 'GSI1PK'"),
                guarded.explanation());
        // the same through UpdateItem, a batch and a transaction (authorised per item as PutItem/UpdateItem)
        String update = "{\"TableName\":\"ws-shared\",\"Key\":{\"PK\":" + s("ATT#a#X") + ",\"SK\":" + s("1") + "},"
                + "\"UpdateExpression\":\"SET #g = :v\",\"ExpressionAttributeNames\":{\"#g\":\"OwnerPK\"},"
                + "\"ExpressionAttributeValues\":{\":v\":" + s("ATT#bob#") + "}}";
        assertTrue(allowed(Variant.CORRECT, "UpdateItem", update));
        assertFalse(allowed(Variant.INDEX_KEY_GUARD, "UpdateItem", update));
        String item = injection.substring(injection.indexOf("\"Item\":") + 7, injection.length() - 1);
        assertFalse(allowed(Variant.INDEX_KEY_GUARD, "BatchWriteItem", "{\"RequestItems\":{\"ws-shared\":[{\"PutRequest\":{\"Item\":" + item + "}}]}}"));
        assertFalse(allowed(Variant.INDEX_KEY_GUARD, "TransactWriteItems", "{\"TransactItems\":[{\"Put\":{\"TableName\":\"ws-shared\",\"Item\":" + item + "}}]}"));
        // writes that name no index key, and deletes (keys only), stay allowed; sort keys of indexes are not guarded
        assertTrue(allowed(Variant.INDEX_KEY_GUARD, "PutItem", "{\"TableName\":\"ws-shared\",\"Item\":{\"PK\":" + s("ATT#a#X")
                + ",\"SK\":" + s("1") + ",\"GSI1SK\":" + s("P1") + ",\"Note\":" + s("x") + "}}"));
        assertTrue(allowed(Variant.INDEX_KEY_GUARD, "DeleteItem", "{\"TableName\":\"ws-shared\",\"Key\":{\"PK\":" + s("ATT#a#X") + ",\"SK\":" + s("1") + "}}"));
        assertEquals(List.of("GSI1PK", "GSI2PK", "GSI3PK", "UrgentPK", "OwnerPK"), AttendeePolicy.indexPartitionKeyAttributes());
    }

    @Test
    void onlyTheThreeLabMistakesAreBroken() {
        assertEquals(List.of(Variant.STRING_EQUALS, Variant.NO_TRAILING_HASH, Variant.NO_NULL_GUARD),
                java.util.Arrays.stream(Variant.values()).filter(Variant::broken).toList());
        assertFalse(AttendeePolicy.json(SHARED).contains("dynamodb:Attributes"), "the deployed policy does not carry the guard");
    }

    @ParameterizedTest
    @EnumSource(Variant.class)
    void everyVariantKeepsPersonalTablesIsolated(Variant v) {
        assertTrue(allowed(v, "DescribeTable", "{\"TableName\":\"ws-att-a\"}"));
        assertFalse(allowed(v, "DescribeTable", "{\"TableName\":\"ws-att-ab\"}"));
    }
}
