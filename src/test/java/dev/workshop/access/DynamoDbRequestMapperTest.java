package dev.workshop.access;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Actions and condition keys: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html
 * Transactions: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html
 * PartiQL: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-iam.html
 */
class DynamoDbRequestMapperTest {
    static final String T = "arn:aws:dynamodb:us-east-1:000000000000:table/";
    final DynamoDbRequestMapper mapper = DynamoDbRequestMapper.local(KeySchemaLookup.workshop("ws-shared"));

    RequestContext one(String op, String body) {
        List<RequestContext> all = mapper.map(op, body);
        assertEquals(1, all.size(), all.toString());
        return all.get(0);
    }

    @Test
    void getItemTakesThePartitionKeyAndProjection() {
        RequestContext r = one("GetItem", "{\"TableName\":\"ws-shared\",\"Key\":{\"SK\":{\"S\":\"#C\"},\"PK\":{\"S\":\"ATT#a#C\"}},"
                + "\"ProjectionExpression\":\"#n, Tier.x\",\"ExpressionAttributeNames\":{\"#n\":\"Name\"},\"ReturnConsumedCapacity\":\"TOTAL\"}");
        assertEquals("dynamodb:GetItem", r.action());
        assertEquals(T + "ws-shared", r.resource());
        assertEquals(List.of("ATT#a#C"), r.values("dynamodb:LeadingKeys"));
        // the key's names count too ("you must specify the names of all of the primary key ... attributes", FGAC page)
        assertEquals(List.of("SK", "PK", "Name", "Tier"), r.values("dynamodb:Attributes"));
        assertEquals(List.of("TOTAL"), r.values("dynamodb:ReturnConsumedCapacity"));
    }

    @Test
    void putAndUpdateCarryReturnValuesAndAttributes() {
        RequestContext put = one("PutItem", "{\"TableName\":\"ws-shared\",\"Item\":{\"PK\":{\"S\":\"p\"},\"SK\":{\"S\":\"s\"},\"X\":{\"N\":\"1\"}},\"ReturnValues\":\"ALL_OLD\"}");
        assertEquals(List.of("ALL_OLD"), put.values("dynamodb:ReturnValues"));
        assertEquals(List.of("PK", "SK", "X"), put.values("dynamodb:Attributes"));
        RequestContext upd = one("UpdateItem", "{\"TableName\":\"ws-shared\",\"Key\":{\"PK\":{\"S\":\"p\"},\"SK\":{\"S\":\"s\"}},"
                + "\"UpdateExpression\":\"SET #a = :v, b.c = list_append(b.c, :l) REMOVE d ADD e :n\",\"ExpressionAttributeNames\":{\"#a\":\"Status\"}}");
        assertEquals(List.of("PK", "SK", "Status", "b", "d", "e"), upd.values("dynamodb:Attributes"));
        assertEquals(List.of("p"), upd.values("dynamodb:LeadingKeys"));
    }

    @Test
    void queryReadsThePartitionKeyFromTheKeyCondition() {
        String values = ",\"ExpressionAttributeValues\":{\":p\":{\"S\":\"ATT#a#X\"},\":s\":{\"S\":\"A\"}}}";
        assertEquals(List.of("ATT#a#X"), one("Query", "{\"TableName\":\"ws-shared\",\"KeyConditionExpression\":\"PK = :p AND begins_with(SK, :s)\"" + values)
                .values("dynamodb:LeadingKeys"));
        assertEquals(List.of("ATT#a#X"), one("Query", "{\"TableName\":\"ws-shared\",\"KeyConditionExpression\":\"(SK >= :s) and :p = #k\","
                + "\"ExpressionAttributeNames\":{\"#k\":\"PK\"}" + values).values("dynamodb:LeadingKeys"));
        RequestContext idx = one("Query", "{\"TableName\":\"ws-shared\",\"IndexName\":\"GSI2\",\"KeyConditionExpression\":\"GSI2PK = :p\"" + values);
        assertEquals(T + "ws-shared/index/GSI2", idx.resource());
        assertEquals(List.of("ATT#a#X"), idx.values("dynamodb:LeadingKeys"));
        // The table's PK named on an index query is not that index's partition key.
        assertEquals(List.of(), one("Query", "{\"TableName\":\"ws-shared\",\"IndexName\":\"GSI2\",\"KeyConditionExpression\":\"PK = :p\"" + values)
                .values("dynamodb:LeadingKeys"));
        RequestContext legacy = one("Query", "{\"TableName\":\"ws-shared\",\"Select\":\"COUNT\",\"KeyConditions\":{\"PK\":{\"ComparisonOperator\":\"EQ\","
                + "\"AttributeValueList\":[{\"S\":\"ATT#a#Y\"}]}}}");
        assertEquals(List.of("ATT#a#Y"), legacy.values("dynamodb:LeadingKeys"));
        assertEquals(List.of("COUNT"), legacy.values("dynamodb:Select"));
    }

    @Test
    void scanHasNoLeadingKeys() {
        RequestContext r = one("Scan", "{\"TableName\":\"ws-shared\",\"IndexName\":\"ByOwner\",\"Select\":\"ALL_PROJECTED_ATTRIBUTES\"}");
        assertEquals("dynamodb:Scan", r.action());
        assertEquals(T + "ws-shared/index/ByOwner", r.resource());
        assertEquals(false, r.has("dynamodb:LeadingKeys"));
        assertEquals(List.of("ALL_PROJECTED_ATTRIBUTES"), r.values("dynamodb:Select"));
    }

    @Test
    void batchesMakeOneRequestPerTableWithEveryPartitionKey() {
        List<RequestContext> get = mapper.map("BatchGetItem", "{\"RequestItems\":{"
                + "\"ws-shared\":{\"Keys\":[{\"PK\":{\"S\":\"a\"},\"SK\":{\"S\":\"1\"}},{\"PK\":{\"S\":\"b\"},\"SK\":{\"S\":\"1\"}},{\"PK\":{\"S\":\"a\"},\"SK\":{\"S\":\"2\"}}]},"
                + "\"ws-att-x\":{\"Keys\":[{\"PK\":{\"S\":\"c\"},\"SK\":{\"S\":\"1\"}}]}}}");
        assertEquals(2, get.size());
        assertEquals(List.of("a", "b"), get.get(0).values("dynamodb:LeadingKeys"));
        assertEquals(T + "ws-att-x", get.get(1).resource());
        assertEquals("dynamodb:BatchGetItem", get.get(1).action());
        List<RequestContext> write = mapper.map("BatchWriteItem", "{\"RequestItems\":{\"ws-shared\":["
                + "{\"PutRequest\":{\"Item\":{\"PK\":{\"S\":\"a\"},\"SK\":{\"S\":\"1\"}}}},{\"DeleteRequest\":{\"Key\":{\"PK\":{\"S\":\"z\"},\"SK\":{\"S\":\"1\"}}}}]}}");
        assertEquals("dynamodb:BatchWriteItem", write.get(0).action());
        assertEquals(List.of("a", "z"), write.get(0).values("dynamodb:LeadingKeys"));
    }

    @Test
    void transactionsAuthorizeEachItemAsItsOwnAction() {
        String k = "\"TableName\":\"ws-shared\",\"Key\":{\"PK\":{\"S\":\"p\"},\"SK\":{\"S\":\"s\"}}";
        List<RequestContext> w = mapper.map("TransactWriteItems", "{\"TransactItems\":[{\"Put\":{\"TableName\":\"ws-shared\",\"Item\":{\"PK\":{\"S\":\"q\"}}}},"
                + "{\"Update\":{" + k + ",\"UpdateExpression\":\"SET x = :v\"}},{\"Delete\":{" + k + "}},{\"ConditionCheck\":{" + k + "}}]}");
        assertEquals(List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem", "dynamodb:ConditionCheckItem"),
                w.stream().map(RequestContext::action).toList());
        assertEquals(List.of("q"), w.get(0).values("dynamodb:LeadingKeys"));
        assertEquals(List.of("TransactWriteItems"), w.get(3).values("dynamodb:EnclosingOperation"));
        List<RequestContext> g = mapper.map("TransactGetItems", "{\"TransactItems\":[{\"Get\":{" + k + "}}]}");
        assertEquals("dynamodb:GetItem", g.get(0).action());
    }

    @Test
    void partiqlActionComesFromTheVerb() {
        assertEquals("dynamodb:PartiQLSelect", mapper.partiql("select * from \"ws-shared\" where PK = 'x'").action());
        assertEquals(T + "ws-shared/index/GSI1", mapper.partiql("SELECT * FROM \"ws-shared\".\"GSI1\" WHERE GSI1PK = 'x'").resource());
        assertEquals(T + "Music", mapper.partiql("INSERT INTO Music VALUE {'a':1}").resource());
        assertEquals("dynamodb:PartiQLInsert", mapper.partiql("INSERT INTO Music VALUE {'a':1}").action());
        assertEquals("dynamodb:PartiQLUpdate", mapper.partiql("UPDATE \"ws-shared\" SET x = 1 WHERE PK = 'a'").action());
        assertEquals("dynamodb:PartiQLDelete", mapper.partiql("DELETE FROM \"ws-shared\" WHERE PK = 'a'").action());
        List<RequestContext> batch = mapper.map("BatchExecuteStatement", "{\"Statements\":[{\"Statement\":\"SELECT a FROM t1\"},{\"Statement\":\"DELETE FROM t2 WHERE PK='x'\"}]}");
        assertEquals(List.of("dynamodb:PartiQLSelect", "dynamodb:PartiQLDelete"), batch.stream().map(RequestContext::action).toList());
        assertEquals(1, mapper.map("ExecuteTransaction", "{\"TransactStatements\":[{\"Statement\":\"UPDATE t SET a=1 WHERE PK='x'\"}]}").size());
        assertThrows(IllegalArgumentException.class, () -> mapper.partiql("DROP TABLE x"));
    }

    @Test
    void controlPlaneOperations() {
        assertEquals(RequestContext.of("dynamodb:ListTables", "*"), one("ListTables", "{}"));
        for (String op : List.of("DescribeTable", "DeleteTable", "UpdateTable", "UpdateTimeToLive", "DescribeTimeToLive")) {
            assertEquals(RequestContext.of("dynamodb:" + op, T + "ws-att-a"), one(op, "{\"TableName\":\"ws-att-a\"}"));
        }
        assertEquals(RequestContext.of("dynamodb:ListTagsOfResource", T + "x"), one("ListTagsOfResource", "{\"ResourceArn\":\"" + T + "x\"}"));
        assertEquals(List.of("dynamodb:CreateTable", "dynamodb:TagResource"), mapper.map("CreateTable",
                "{\"TableName\":\"ws-att-a\",\"Tags\":[{\"Key\":\"Owner\",\"Value\":\"a\"}]}").stream().map(RequestContext::action).toList());
        assertEquals(1, mapper.map("CreateTable", "{\"TableName\":\"ws-att-a\"}").size());
    }

    @Test
    void unknownSchemaUsesEveryKeyValue() {
        RequestContext r = one("GetItem", "{\"TableName\":\"other\",\"Key\":{\"H\":{\"S\":\"a\"},\"R\":{\"N\":\"1\"}}}");
        assertEquals(List.of("a", "1"), r.values("dynamodb:LeadingKeys"));
    }

    @Test
    void malformedBodiesAreRejected() {
        assertThrows(IllegalArgumentException.class, () -> mapper.map("GetItem", "{not json"));
        assertThrows(IllegalArgumentException.class, () -> mapper.map("GetItem", "{\"Key\":{}}"));
    }

    // --- issue 13: what the mapper derives where AWS documents it

    /** https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.select.html: '=' or IN on the partition key. */
    @Test
    void partiqlSelectCarriesFullTableScan() {
        assertEquals(List.of("true"), one("ExecuteStatement", "{\"Statement\":\"SELECT * FROM \\\"ws-shared\\\"\"}").values("dynamodb:FullTableScan"));
        assertEquals(List.of("false"), one("ExecuteStatement", "{\"Statement\":\"SELECT * FROM \\\"ws-shared\\\" WHERE PK = 'ATT#a#X'\"}")
                .values("dynamodb:FullTableScan"));
        // on an index, its own partition key decides
        assertEquals(List.of("false"), one("ExecuteStatement", "{\"Statement\":\"SELECT * FROM \\\"ws-shared\\\".\\\"GSI1\\\" WHERE GSI1PK = 'x'\"}")
                .values("dynamodb:FullTableScan"));
        assertEquals(List.of("true"), one("ExecuteStatement", "{\"Statement\":\"SELECT * FROM \\\"ws-shared\\\".\\\"GSI1\\\" WHERE PK = 'x'\"}")
                .values("dynamodb:FullTableScan"));
        // unknown key schema: the stricter reading, a full table scan
        assertEquals(List.of("true"), one("ExecuteStatement", "{\"Statement\":\"SELECT * FROM Unknown WHERE PK = 'x'\"}").values("dynamodb:FullTableScan"));
        // where AWS is silent the mapper says so, and the evaluator repeats it in its explanation
        RequestContext or = one("ExecuteStatement", "{\"Statement\":\"SELECT * FROM \\\"ws-shared\\\" WHERE PK = 'a' OR X = 1\"}");
        assertEquals(List.of("true"), or.values("dynamodb:FullTableScan"));
        assertEquals(true, or.values(RequestContext.UNDOCUMENTED).toString().contains("names the key other than with = or IN"));
        String why = PolicyEvaluator.evaluate(PolicyDocument.parse("{\"Version\":\"2012-10-17\",\"Statement\":[]}"), or).explanation();
        assertEquals(true, why.contains("[undocumented: ") && why.contains("the evaluator takes the stricter reading]"), why);
        assertEquals(false, one("ExecuteStatement", "{\"Statement\":\"SELECT * FROM \\\"ws-shared\\\" WHERE Rating > 3\"}")
                .values(RequestContext.UNDOCUMENTED).toString().contains("FullTableScan"), "no key named: a full scan, as documented");
        // only SELECT carries it
        assertEquals(false, one("ExecuteStatement", "{\"Statement\":\"DELETE FROM \\\"ws-shared\\\" WHERE PK = 'x' AND SK = 'y'\"}").has("dynamodb:FullTableScan"));
    }

    /** https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-iam.html (examples 4 and 5). */
    @Test
    void statementsOfExecuteTransactionCarryTheEnclosingOperation() {
        String st = "{\"Statement\":\"UPDATE \\\"ws-shared\\\" SET X = 1 WHERE PK = 'p' AND SK = 's'\"}";
        List<RequestContext> txn = mapper.map("ExecuteTransaction", "{\"TransactStatements\":[" + st + "," + st + "]}");
        assertEquals(2, txn.size());
        for (RequestContext r : txn) assertEquals(List.of("ExecuteTransaction"), r.values("dynamodb:EnclosingOperation"));
        assertEquals(false, mapper.map("BatchExecuteStatement", "{\"Statements\":[" + st + "]}").get(0).has("dynamodb:EnclosingOperation"));
        assertEquals(false, one("ExecuteStatement", st).has("dynamodb:EnclosingOperation"));
    }

    /**
     * "the Select parameter always has a value (ALL_ATTRIBUTES, unless otherwise specified)" and "the ReturnValues
     * parameter always has a value (NONE unless otherwise specified)", and condition and filter attributes are
     * attributes the request evaluates: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
     */
    @Test
    void selectAndReturnValuesAlwaysHaveAValue() {
        assertEquals(List.of("ALL_ATTRIBUTES"), one("Scan", "{\"TableName\":\"ws-shared\"}").values("dynamodb:Select"));
        assertEquals(List.of("ALL_PROJECTED_ATTRIBUTES"), one("Scan", "{\"TableName\":\"ws-shared\",\"IndexName\":\"GSI1\"}").values("dynamodb:Select"));
        assertEquals(List.of("SPECIFIC_ATTRIBUTES"), one("Scan", "{\"TableName\":\"ws-shared\",\"ProjectionExpression\":\"a\"}").values("dynamodb:Select"));
        assertEquals(List.of("NONE"), one("DeleteItem", "{\"TableName\":\"ws-shared\",\"Key\":{\"PK\":{\"S\":\"p\"}}}").values("dynamodb:ReturnValues"));
        RequestContext put = one("PutItem", "{\"TableName\":\"ws-shared\",\"Item\":{\"PK\":{\"S\":\"p\"}},"
                + "\"ConditionExpression\":\"attribute_not_exists(#v) AND size(Tags) > :n OR Nested.x = :n\",\"ExpressionAttributeNames\":{\"#v\":\"Version\"}}");
        assertEquals(List.of("PK", "Version", "Tags", "Nested"), put.values("dynamodb:Attributes"));
        assertEquals(false, one("GetItem", "{\"TableName\":\"ws-shared\",\"Key\":{\"PK\":{\"S\":\"p\"}}}").has("dynamodb:ReturnValues"));
    }
}
