package dev.workshop.labs;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import dev.workshop.WorkshopException;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.SampleData;
import dev.workshop.model.SiloDesign;
import dev.workshop.model.Tables;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/** Online index changes on DynamoDB Local: one per call, idempotent, bounded waits with a clear error. */
class OnlineIndexesTest {
    private final DynamoDbClient admin = TestSupport.admin();

    private String tableWithData() {
        AttendeeId id = AttendeeId.of(TestSupport.randomId("oi"));
        admin.createTable(Tables.personalTable(id));
        for (var item : SiloDesign.items(SampleData.generate(id)).subList(0, 40)) admin.putItem(b -> b.tableName(id.personalTable()).item(item));
        return id.personalTable();
    }

    @Test
    void ensureCreatesThenFindsThenReplacesAChangedDefinition() {
        String table = tableWithData();
        StringWriter log = new StringWriter();
        OnlineIndexes online = new OnlineIndexes(admin, table, Duration.ofMinutes(2), new PrintWriter(log, true), false, "rerun");
        assertEquals(OnlineIndexes.Outcome.CREATED, online.ensure(SiloDesign.URGENT).outcome());
        assertEquals(OnlineIndexes.Outcome.FOUND, online.ensure(SiloDesign.URGENT).outcome());
        SiloDesign.Index changed = new SiloDesign.Index(SiloDesign.URGENT.name(), SiloDesign.URGENT.pk(), SiloDesign.URGENT.sk(),
                ProjectionType.KEYS_ONLY, List.of());
        assertEquals(OnlineIndexes.Outcome.RECREATED, online.ensure(changed).outcome());
        assertTrue(changed.matches(online.find(changed.name()).orElseThrow()));
        assertEquals(OnlineIndexes.Outcome.DELETED, online.delete(changed.name()).outcome());
        assertEquals(OnlineIndexes.Outcome.ABSENT, online.delete(changed.name()).outcome());
        assertTrue(log.toString().contains("IndexStatus=CREATING"), "the wait shows the index status: " + log);
    }

    @Test
    void severalIndexesAreBuiltSideBySideThenFoundThenDeletedTogether() {
        String table = tableWithData();
        StringWriter log = new StringWriter();
        OnlineIndexes online = new OnlineIndexes(admin, table, Duration.ofMinutes(2), new PrintWriter(log, true), false, "rerun");
        List<OnlineIndexes.Change> made = online.ensureAll(SiloDesign.PROJECTIONS);
        assertEquals(List.of(OnlineIndexes.Outcome.CREATED, OnlineIndexes.Outcome.CREATED, OnlineIndexes.Outcome.CREATED),
                made.stream().map(OnlineIndexes.Change::outcome).toList());
        for (SiloDesign.Index i : SiloDesign.PROJECTIONS) {
            assertTrue(online.find(i.name()).map(g -> g.indexStatusAsString().equals("ACTIVE") && i.matches(g)).orElse(false), i.name());
        }
        // Every creation was sent before the waiting began: the last UpdateTable precedes the first index's ACTIVE.
        String text = log.toString();
        int lastCreate = text.lastIndexOf("Creating " + SiloDesign.PROJECTIONS.get(2).name());
        int firstActive = text.indexOf(SiloDesign.PROJECTIONS.get(0).name() + ": ACTIVE");
        assertTrue(lastCreate >= 0 && (firstActive < 0 || lastCreate < firstActive), text);
        assertTrue(online.ensureAll(SiloDesign.PROJECTIONS).stream().allMatch(c -> c.outcome() == OnlineIndexes.Outcome.FOUND));
        List<String> two = List.of(SiloDesign.BY_ASSIGNEE_ALL.name(), SiloDesign.BY_ASSIGNEE_KEYS.name());
        assertTrue(online.deleteAll(two).stream().allMatch(c -> c.outcome() == OnlineIndexes.Outcome.DELETED));
        assertTrue(online.find(two.get(0)).isEmpty() && online.find(two.get(1)).isEmpty());
        assertTrue(online.deleteAll(two).stream().allMatch(c -> c.outcome() == OnlineIndexes.Outcome.ABSENT));
    }

    @Test
    void aBuildShowsTheProgressSourceAndSurvivesItsFailure() {
        String table = tableWithData();
        StringWriter log = new StringWriter();
        java.util.concurrent.atomic.AtomicInteger asked = new java.util.concurrent.atomic.AtomicInteger();
        OnlineIndexes online = new OnlineIndexes(admin, table, Duration.ofMinutes(2), new PrintWriter(log, true), false, "rerun")
                .withProgress(name -> {
                    if (asked.incrementAndGet() > 1) throw new IllegalStateException("CloudWatch is throttling");
                    return "OnlineIndexPercentageProgress 42%";
                }, Duration.ZERO);
        assertEquals(OnlineIndexes.Outcome.CREATED, online.ensure(SiloDesign.URGENT).outcome());
        assertTrue(asked.get() >= 1, "asked while building");
        assertTrue(log.toString().contains(SiloDesign.URGENT.name() + ": IndexStatus=CREATING") && log.toString().contains("OnlineIndexPercentageProgress 42%"),
                log.toString());
    }

    @Test
    void beginSendsTheCreationWithoutWaitingAndAwaitWatchesItToActive() {
        String table = tableWithData();
        StringWriter log = new StringWriter();
        OnlineIndexes online = new OnlineIndexes(admin, table, Duration.ofMinutes(2), new PrintWriter(log, true), false, "rerun");
        assertEquals(OnlineIndexes.Outcome.CREATED, online.begin(SiloDesign.GSI1).outcome());
        // Sent, not waited for: DynamoDB Local lists it CREATING right after the call.
        assertEquals("CREATING", online.find(SiloDesign.GSI1.name()).orElseThrow().indexStatusAsString());
        // A second change on the same table is refused while this one runs (one online index change per table).
        assertThrows(software.amazon.awssdk.services.dynamodb.model.LimitExceededException.class, () -> admin.updateTable(b -> b
                .tableName(table).attributeDefinitions(SiloDesign.URGENT.attributeDefinitions())
                .globalSecondaryIndexUpdates(software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate.builder()
                        .create(SiloDesign.URGENT.createAction()).build())));
        OnlineIndexes.Change watched = online.awaitActive(SiloDesign.GSI1.name());
        assertTrue(watched.polls() >= 1);
        assertEquals("ACTIVE", online.find(SiloDesign.GSI1.name()).orElseThrow().indexStatusAsString());
        assertTrue(log.toString().contains("GSI1: IndexStatus=CREATING") && log.toString().contains("GSI1: ACTIVE"), log.toString());
        assertEquals(OnlineIndexes.Outcome.FOUND, online.begin(SiloDesign.GSI1).outcome());
    }

    @Test
    void twoCreationsInOneCallAreRefused() {
        String table = tableWithData();
        OnlineIndexes online = new OnlineIndexes(admin, table, Duration.ofMinutes(2), new PrintWriter(new StringWriter()), false, "rerun");
        var refused = online.tryTwoAtOnce(SiloDesign.BY_ASSIGNEE_KEYS, SiloDesign.GSI1);
        assertTrue(refused.isPresent(), "DynamoDB Local, like AWS, takes one index creation per UpdateTable");
        assertTrue(online.find(SiloDesign.GSI1.name()).isEmpty());
    }

    @Test
    void aWaitThatRunsOutSaysWhatIsGoingOnAndHowToResume() {
        String table = tableWithData();
        OnlineIndexes online = new OnlineIndexes(admin, table, Duration.ofMillis(1), new PrintWriter(new StringWriter()), false,
                "workshop personal-gsis --id x");
        WorkshopException e = assertThrows(WorkshopException.class, () -> online.ensure(SiloDesign.GSI1));
        assertTrue(e.getMessage().contains("GSI1") && e.getMessage().contains("not done after 1 ms"), e.getMessage());
        assertEquals("workshop personal-gsis --id x", e.fix());
        // The index keeps building; a later ensure with time to spare finds it.
        OnlineIndexes patient = new OnlineIndexes(admin, table, Duration.ofMinutes(2), new PrintWriter(new StringWriter()), false, "rerun");
        assertTrue(List.of(OnlineIndexes.Outcome.FOUND, OnlineIndexes.Outcome.CREATED).contains(patient.ensure(SiloDesign.GSI1).outcome()));
    }
}
