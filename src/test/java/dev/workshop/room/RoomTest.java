package dev.workshop.room;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.Machine;
import dev.workshop.TestSupport;
import dev.workshop.metrics.CloudWatchMetricsSource;
import dev.workshop.gateway.CapacityFilter;
import dev.workshop.metrics.FakeCloudWatch;
import dev.workshop.metrics.MetricNames;
import dev.workshop.metrics.MetricsStore;
import dev.workshop.metrics.MetricsReport;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.KeyDesign;
import dev.workshop.model.SampleData;
import dev.workshop.model.Tables;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

/**
 * A room in one JVM: 20 attendees bootstrap and run no-joins, single-table and abac at the same time, through one
 * local gateway with its capacity model on, against a shared table that throttles. The model has no settable warm
 * throughput, so the table is capped instead (OnDemandThroughput MaxWriteRequestUnits 300), which throttles writes
 * the same way a table below the room's demand does. Every command must succeed (bootstrap rides out the throttles),
 * every seeded item must be there, and each attendee's metrics refresh must be one GetMetricData call against
 * {@link FakeCloudWatch}, a loopback CloudWatch stand-in that enforces the documented 50 TPS.
 */
@Machine(Machine.Use.SHARED)
class RoomTest {
    static final int ATTENDEES = 20;

    @Test
    void twentyAttendeesAtOnceOnAThrottlingSharedTable() throws Exception {
        String shared = TestSupport.randomTable();
        TestSupport.admin().createTable(Tables.sharedTable(shared).toBuilder()
                .onDemandThroughput(o -> o.maxWriteRequestUnits(300L).maxReadRequestUnits(12_000L)).build());
        Instant started = Instant.now();
        List<String> ids = new ArrayList<>();
        for (int i = 0; i < ATTENDEES; i++) ids.add(TestSupport.randomId("room"));
        ExecutorService pool = Executors.newFixedThreadPool(ATTENDEES);
        List<Future<List<String>>> runs = new ArrayList<>();
        try (FakeCloudWatch cw = new FakeCloudWatch()) {
            for (String id : ids) {
                runs.add(pool.submit(() -> {
                    List<String> failures = new ArrayList<>();
                    for (String[] cmd : List.of(new String[] {"bootstrap"}, new String[] {"no-joins", "--no-pause"},
                            new String[] {"single-table", "--no-pause"}, new String[] {"abac", "--no-pause"})) {
                        List<String> args = new ArrayList<>(List.of(cmd));
                        args.addAll(List.of("--id", id, "--shared-table", shared));
                        TestSupport.Result r = TestSupport.run(args.toArray(String[]::new));
                        if (r.exit() != 0) failures.add(id + " " + cmd[0] + ": " + r);
                    }
                    // What `workshop metrics --id` does on AWS for this attendee: one refresh of both tables.
                    try (CloudWatchClient client = cw.client()) {
                        MetricsReport.fetchAll(new CloudWatchMetricsSource(client, "us-east-1"), List.of(
                                new MetricsReport.Resource(AttendeeId.of(id).personalTable(), null),
                                new MetricsReport.Resource(shared, null)), Instant.now().minusSeconds(900), Instant.now());
                    } catch (RuntimeException e) {
                        failures.add(id + " metrics: " + e);
                    }
                    return failures;
                }));
            }
            List<String> failures = new ArrayList<>();
            for (Future<List<String>> f : runs) failures.addAll(f.get(15, TimeUnit.MINUTES));
            assertEquals(List.of(), failures, "0 failures");
            assertEquals(ATTENDEES, cw.admitted.get(), "one GetMetricData call per attendee's refresh");
            assertTrue(cw.peakAdmittedTps() <= FakeCloudWatch.TPS);
        } finally {
            pool.shutdownNow();
        }
        // The shared table did throttle: the gateway's metrics, counted the way CloudWatch counts them.
        MetricsStore store = TestSupport.server().gateway().filters().stream().filter(CapacityFilter.class::isInstance)
                .map(f -> ((CapacityFilter) f).metrics()).findFirst().orElseThrow();
        double throttled = store.series(shared, null, MetricNames.WRITE_THROTTLE_EVENTS, started.minusSeconds(60), Instant.now().plusSeconds(60))
                .values().stream().mapToDouble(Double::doubleValue).sum();
        assertTrue(throttled > 0, "the capped shared table throttled the room's writes");
        // 0 lost items: every item each bootstrap seeded is in the shared table.
        int lost = 0;
        for (String id : ids) {
            AttendeeId att = AttendeeId.of(id);
            Set<String> found = new HashSet<>();
            TestSupport.admin().queryPaginator(q -> q.tableName(shared).indexName(Tables.BY_OWNER.name())
                            .keyConditionExpression("OwnerPK = :p").expressionAttributeValues(Map.of(":p", AttributeValue.fromS(att.prefix()))))
                    .items().forEach(i -> found.add(i.get(Tables.PK).s() + "|" + i.get(Tables.SK).s()));
            for (Map<String, AttributeValue> item : KeyDesign.items(att, SampleData.generate(att), Instant.now())) {
                if (!found.contains(item.get(Tables.PK).s() + "|" + item.get(Tables.SK).s())) lost++;
            }
        }
        assertEquals(0, lost, "0 lost items");
    }
}
