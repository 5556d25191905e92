package dev.workshop.gateway;

import static dev.workshop.TestSupport.admin;
import static dev.workshop.TestSupport.randomId;
import static dev.workshop.TestSupport.randomTable;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.KeyDesign;
import dev.workshop.model.Tables;
import dev.workshop.target.Principal;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/** The gateway as attendees meet it through the SDK: AccessDeniedException for every foreign key, nothing for their own. */
class AccessFilterTest {
    static String shared;
    static AttendeeId a;
    static AttendeeId ab;
    static DynamoDbClient asA;

    @BeforeAll
    static void sharedTable() {
        shared = randomTable();
        admin().createTable(Tables.sharedTable(shared));
        a = AttendeeId.of(randomId("g"));
        ab = AttendeeId.of(a.value() + "b");
        asA = TestSupport.target().dynamo(Principal.attendee(a));
        // the neighbour's item really exists: a wrongly allowed read would return it
        admin().putItem(b -> b.tableName(shared).item(item(ab, "SECRET")));
    }

    static Map<String, AttributeValue> item(AttendeeId id, String sk) {
        return KeyDesign.item(id, KeyDesign.expiresFrom(java.time.Instant.now()), id.prefix() + "X", sk, "T");
    }

    static Map<String, AttributeValue> key(AttendeeId id, String sk) {
        return Map.of(Tables.PK, KeyDesign.s(id.prefix() + "X"), Tables.SK, KeyDesign.s(sk));
    }

    static DynamoDbException denied(Consumer<DynamoDbClient> call) {
        DynamoDbException e = assertThrows(DynamoDbException.class, () -> call.accept(asA));
        assertEquals("AccessDeniedException", e.awsErrorDetails().errorCode(), e.toString());
        assertEquals(400, e.statusCode());
        return e;
    }

    @Test
    void ownKeysAreAllowedOnTheTableAndEveryIndex() {
        asA.putItem(b -> b.tableName(shared).item(item(a, "1")));
        assertEquals("1", asA.getItem(b -> b.tableName(shared).key(key(a, "1"))).item().get(Tables.SK).s());
        for (Tables.Index idx : Tables.SHARED_INDEXES) {
            asA.query(q -> q.tableName(shared).indexName(idx.name()).keyConditionExpression("#p = :p")
                    .expressionAttributeNames(Map.of("#p", idx.pk())).expressionAttributeValues(Map.of(":p", KeyDesign.s(a.prefix()))));
        }
        assertEquals(1, asA.query(q -> q.tableName(shared).indexName(Tables.BY_OWNER.name()).keyConditionExpression("OwnerPK = :p")
                .expressionAttributeValues(Map.of(":p", KeyDesign.s(a.prefix())))).count());
        asA.deleteItem(b -> b.tableName(shared).key(key(a, "1")));
    }

    @Test
    void theNeighboursKeyIsDeniedAsDynamoDbDeniesItWithTheExplanationAttached() {
        DynamoDbException e = denied(c -> c.getItem(b -> b.tableName(shared).key(key(ab, "SECRET"))));
        assertTrue(e.awsErrorDetails().errorMessage().startsWith("User: arn:aws:sts::000000000000:assumed-role/WorkshopStudent/" + a
                + " is not authorized to perform: dynamodb:GetItem on resource: arn:aws:dynamodb:us-east-1:000000000000:table/" + shared),
                e.awsErrorDetails().errorMessage());
        String explanation = JsonNode.parser().parse(e.awsErrorDetails().rawResponse().asUtf8String())
                .field(AccessFilter.EXPLANATION_MEMBER).orElseThrow().asString();
        assertTrue(explanation.contains("'" + ab.prefix() + "X' is not like '" + a.prefix() + "*'"), explanation);
        String header = e.awsErrorDetails().sdkHttpResponse().firstMatchingHeader(AccessFilter.EXPLANATION_HEADER).orElse(null);
        assertNotNull(header);
        assertTrue(header.contains("SharedTableOwnNamespace"), header);
    }

    @Test
    void prefixSiblingWritesAndIndexQueriesAreDeniedAndWriteNothing() {
        denied(c -> c.putItem(b -> b.tableName(shared).item(item(ab, "EVIL"))));
        denied(c -> c.updateItem(b -> b.tableName(shared).key(key(ab, "SECRET")).updateExpression("SET Evil = :v")
                .expressionAttributeValues(Map.of(":v", KeyDesign.s("x")))));
        denied(c -> c.deleteItem(b -> b.tableName(shared).key(key(ab, "SECRET"))));
        denied(c -> c.batchWriteItem(b -> b.requestItems(Map.of(shared, java.util.List.of(
                software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder().putRequest(p -> p.item(item(a, "OK"))).build(),
                software.amazon.awssdk.services.dynamodb.model.WriteRequest.builder().putRequest(p -> p.item(item(ab, "EVIL"))).build())))));
        for (Tables.Index idx : Tables.SHARED_INDEXES) {
            denied(c -> c.query(q -> q.tableName(shared).indexName(idx.name()).keyConditionExpression("#p = :p")
                    .expressionAttributeNames(Map.of("#p", idx.pk())).expressionAttributeValues(Map.of(":p", KeyDesign.s(ab.prefix())))));
        }
        denied(c -> c.scan(b -> b.tableName(shared)));
        denied(c -> c.executeStatement(b -> b.statement("SELECT * FROM \"" + shared + "\" WHERE PK = '" + a.prefix() + "X'")));
        // nothing of the denied writes arrived, and the batch's own item did not either (all or nothing)
        assertEquals(1, admin().scan(b -> b.tableName(shared)).items().stream()
                .filter(i -> i.get(Tables.PK).s().startsWith(ab.prefix()) || i.get(Tables.SK).s().equals("OK")).count());
        assertFalse(admin().getItem(b -> b.tableName(shared).key(key(ab, "SECRET"))).item().containsKey("Evil"));
    }

    @Test
    void tablesOtherThanSharedAndOwnPersonalAreDeniedTheAdministratorNever() {
        String other = randomTable();
        admin().createTable(CreateTableRequest.builder().tableName(other).billingMode("PAY_PER_REQUEST")
                .attributeDefinitions(d -> d.attributeName("PK").attributeType("S")).keySchema(k -> k.attributeName("PK").keyType("HASH")).build());
        denied(c -> c.getItem(b -> b.tableName(other).key(Map.of("PK", KeyDesign.s(a.prefix() + "X")))));
        denied(c -> c.describeTable(b -> b.tableName(other)));
        denied(c -> c.createTable(Tables.personalTable(ab)));
        denied(c -> c.deleteTable(b -> b.tableName(shared)));
        // the administrator: everything, including what attendees may never do
        admin().scan(b -> b.tableName(shared));
        admin().executeStatement(b -> b.statement("SELECT * FROM \"" + shared + "\""));
        admin().getItem(b -> b.tableName(other).key(Map.of("PK", KeyDesign.s("ATT#anyone#X"))));
        admin().deleteTable(b -> b.tableName(other));
    }

    @Test
    void aRestartedGatewayDerivesWhichTablesAreSharedFromDynamoDbLocal() {
        AccessFilter fresh = AccessFilter.forBackend(TestSupport.server().backendEndpoint());
        assertTrue(fresh.isShared(shared));
        assertFalse(fresh.isShared(shared.toUpperCase()), "DynamoDB Local ignores case; the gateway governs only the exact name");
        assertFalse(fresh.isShared("no-such-table-" + a));
    }

    /**
     * Issue 13 point 7: BatchExecuteStatement is authorised per statement and answers HTTP 200, each denied statement
     * carrying Error.Code AccessDenied in its place (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchStatementError.html,
     * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchExecuteStatement.html).
     */
    @Test
    void batchExecuteStatementDeniesStatementByStatementWithHttp200() {
        admin().createTable(Tables.personalTable(a));
        try {
            for (String sk : new String[] {"1", "2"}) {
                admin().putItem(b -> b.tableName(a.personalTable()).item(Map.of(Tables.PK, KeyDesign.s("P"), Tables.SK, KeyDesign.s(sk),
                        "Note", KeyDesign.s("mine"))));
            }
            String own = "SELECT * FROM \"" + a.personalTable() + "\" WHERE PK = 'P' AND SK = '1'";
            String own2 = "SELECT * FROM \"" + a.personalTable() + "\" WHERE PK = 'P' AND SK = '2'";
            String foreign = "SELECT * FROM \"" + shared + "\" WHERE PK = '" + ab.prefix() + "X' AND SK = 'SECRET'";
            var r = asA.batchExecuteStatement(b -> b.statements(st -> st.statement(own), st -> st.statement(foreign), st -> st.statement(own2)));
            assertEquals(200, r.sdkHttpResponse().statusCode());
            assertEquals(3, r.responses().size());
            assertEquals("mine", r.responses().get(0).item().get("Note").s());
            assertEquals("mine", r.responses().get(2).item().get("Note").s());
            var error = r.responses().get(1).error();
            assertNotNull(error, r.toString());
            assertEquals("AccessDenied", error.codeAsString());
            assertTrue(error.message().contains("is not authorized to perform: dynamodb:PartiQLSelect on resource: arn:aws:dynamodb:us-east-1:000000000000:table/"
                    + shared), error.message());
            assertFalse(r.responses().get(1).hasItem() && !r.responses().get(1).item().isEmpty(), "the neighbour's item never comes back");
            assertTrue(r.sdkHttpResponse().firstMatchingHeader(AccessFilter.EXPLANATION_HEADER).orElse("").contains("PartiQLSelect"), r.toString());
            // every statement denied: still HTTP 200, every response an AccessDenied error
            var none = asA.batchExecuteStatement(b -> b.statements(st -> st.statement(foreign), st -> st.statement(foreign.replace("SECRET", "OTHER"))));
            assertEquals(2, none.responses().size());
            assertTrue(none.responses().stream().allMatch(x -> "AccessDenied".equals(x.error().codeAsString())), none.toString());
        } finally {
            admin().deleteTable(b -> b.tableName(a.personalTable()));
        }
    }
}
