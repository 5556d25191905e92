package dev.workshop.target.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import dev.workshop.TestSupport.Result;
import dev.workshop.model.Tables;
import dev.workshop.workspace.RoomSizing;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Collectors;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The facilitator's create path as it runs only on AWS (warm throughput on CreateTable, then TTL and point-in-time
 * recovery), end to end through {@code workshop setup --create-table} on the aws target. STS is
 * {@link FakeAwsEndpoints}; DynamoDB is {@link DynamoDbCreatePathStandIn}, which answers what DynamoDB Local lacks as
 * the API reference documents it (including the ContinuousBackupsUnavailableException of a table just created) and
 * records each request's JSON, in front of the local gateway and DynamoDB Local.
 */
class SharedTableOnAwsTest {
    @TempDir Path home;
    private FakeAwsEndpoints aws;
    private DynamoDbCreatePathStandIn dynamo;
    private Map<String, String> vars;

    @BeforeEach
    void start() throws Exception {
        aws = new FakeAwsEndpoints();
        // Long enough that the first UpdateContinuousBackups still meets it on a loaded machine (1.5 s left little room).
        dynamo = new DynamoDbCreatePathStandIn(TestSupport.server().endpoint(), Duration.ofSeconds(4));
        vars = new HashMap<>();
        aws.staticKeys.add("AKIAFACILITATOR1"); // keys STS knows, as an admin would export them
        vars.put("AWS_ACCESS_KEY_ID", "AKIAFACILITATOR1");
        vars.put("AWS_SECRET_ACCESS_KEY", "secret");
        vars.put("AWS_REGION", "us-east-1");
        vars.put("AWS_ENDPOINT_URL_STS", aws.endpoint().toString());
        vars.put("AWS_ENDPOINT_URL_DYNAMODB", dynamo.endpoint().toString());
    }

    @AfterEach
    void stop() {
        dynamo.close();
        aws.close();
    }

    private static long number(JsonNode n, String field) {
        return Long.parseLong(n.field(field).orElseThrow().asNumber());
    }

    @Test
    void aRoomOf150GetsWarmThroughputOnTheTableAndEveryIndexThenTtlThenPitrOnceDynamoDbTakesIt() {
        String shared = TestSupport.randomTable();
        Result r = TestSupport.run(TestSupport.env(home, vars), "setup", "--create-table", "--attendees", "150", "--shared-table", shared);
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().lines().findFirst().orElse("").startsWith("Target: AWS account " + FakeAwsEndpoints.ACCOUNT), r.out());
        assertTrue(r.err().contains("Enabled TTL and point-in-time recovery on " + shared), r.toString());

        RoomSizing room = RoomSizing.of(150);
        assertTrue(room.aboveDefaults());
        List<DynamoDbCreatePathStandIn.Call> creates = dynamo.calls("CreateTable");
        assertEquals(1, creates.size());
        JsonNode create = creates.get(0).body();
        assertEquals(200, creates.get(0).status());
        JsonNode warm = create.field("WarmThroughput").orElseThrow();
        assertEquals(room.tableWarmReads(), number(warm, "ReadUnitsPerSecond"));
        assertEquals(room.tableWarmWrites(), number(warm, "WriteUnitsPerSecond"));
        List<JsonNode> gsis = create.field("GlobalSecondaryIndexes").orElseThrow().asArray();
        assertEquals(Tables.SHARED_INDEXES.stream().map(Tables.Index::name).toList(),
                gsis.stream().map(g -> g.field("IndexName").orElseThrow().asString()).toList());
        for (JsonNode g : gsis) {
            JsonNode w = g.field("WarmThroughput").orElseThrow();
            assertEquals(room.indexWarmReads(), number(w, "ReadUnitsPerSecond"), g.toString());
            assertEquals(room.indexWarmWrites(), number(w, "WriteUnitsPerSecond"), g.toString());
        }

        List<DynamoDbCreatePathStandIn.Call> ttl = dynamo.calls("UpdateTimeToLive");
        assertEquals(1, ttl.size());
        JsonNode spec = ttl.get(0).body().field("TimeToLiveSpecification").orElseThrow();
        assertEquals(shared, ttl.get(0).body().field("TableName").orElseThrow().asString());
        assertEquals(Tables.TTL, spec.field("AttributeName").orElseThrow().asString());
        assertTrue(spec.field("Enabled").orElseThrow().asBoolean());
        assertTrue(ttl.get(0).atNanos() > creates.get(0).atNanos());

        // A table just created refuses point-in-time recovery for a while; the tool tries again until it is taken.
        List<DynamoDbCreatePathStandIn.Call> pitr = dynamo.calls("UpdateContinuousBackups");
        assertTrue(pitr.size() >= 2, "refused first, then taken: " + pitr.stream().map(c -> Integer.toString(c.status())).collect(Collectors.joining(",")));
        assertEquals(400, pitr.get(0).status());
        assertEquals(200, pitr.get(pitr.size() - 1).status());
        for (var c : pitr) {
            assertEquals(shared, c.body().field("TableName").orElseThrow().asString());
            assertTrue(c.body().field("PointInTimeRecoverySpecification").orElseThrow().field("PointInTimeRecoveryEnabled").orElseThrow().asBoolean());
        }
        TestSupport.admin().deleteTable(b -> b.tableName(shared));
    }

    @Test
    void aSmallRoomAsksNoWarmThroughputSincePrewarmingIsCharged() {
        String shared = TestSupport.randomTable();
        Result r = TestSupport.run(TestSupport.env(home, vars), "setup", "--create-table", "--attendees", "1", "--shared-table", shared);
        assertEquals(0, r.exit(), r.toString());
        JsonNode create = dynamo.calls("CreateTable").get(0).body();
        assertFalse(create.field("WarmThroughput").isPresent(), create.toString());
        assertTrue(create.field("GlobalSecondaryIndexes").orElseThrow().asArray().stream().noneMatch(g -> g.field("WarmThroughput").isPresent()));
        assertEquals(1, dynamo.calls("UpdateTimeToLive").size());
        assertEquals(200, dynamo.calls("UpdateContinuousBackups").get(dynamo.calls("UpdateContinuousBackups").size() - 1).status());
        TestSupport.admin().deleteTable(b -> b.tableName(shared));
    }
}
