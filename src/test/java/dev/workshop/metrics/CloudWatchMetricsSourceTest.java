package dev.workshop.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.Machine;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * The CloudWatch metrics source against {@link FakeCloudWatch}, a loopback stand-in for CloudWatch that speaks its
 * wire format (Smithy RPC v2 CBOR, as SDK 2.41 sends it) and enforces GetMetricData's documented quota of 50 TPS
 * per account and Region and 500 queries per call
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html).
 */
@Machine(Machine.Use.SHARED)
class CloudWatchMetricsSourceTest {
    static final Instant M1 = Instant.parse("2025-01-01T10:01:00Z");
    static final Instant M2 = Instant.parse("2025-01-01T10:02:00Z");
    static final Instant FROM = Instant.parse("2025-01-01T10:00:00Z");
    static final Instant TO = Instant.parse("2025-01-01T10:05:00Z");

    @Test
    void oneRefreshOfTwoTablesIsOneGetMetricDataCallCarryingEveryMetric() throws Exception {
        try (FakeCloudWatch cw = new FakeCloudWatch(); CloudWatchClient client = cw.client()) {
            cw.data = (table, metric) -> metric.equals(MetricNames.CONSUMED_WRITE)
                    ? FakeCloudWatch.minutes(M1, table.equals("ws-att-alice") ? 1600 : 30, M2, 400) : new java.util.TreeMap<>();
            CloudWatchMetricsSource source = new CloudWatchMetricsSource(client, "us-east-1");
            List<MetricsReport> reports = MetricsReport.fetchAll(source, List.of(new MetricsReport.Resource("ws-att-alice", null),
                    new MetricsReport.Resource("ws-shared", null)), FROM, TO);
            assertEquals(1, cw.admitted.get(), "one call per refresh");
            assertEquals(1, source.calls());
            List<FakeCloudWatch.QuerySeen> first = cw.requests.get(0);
            List<FakeCloudWatch.QuerySeen> queries = first;
            assertEquals(2 * MetricNames.SHOWN.size(), queries.size(), queries.toString());
            assertEquals(queries.size(), queries.stream().map(FakeCloudWatch.QuerySeen::id).distinct().count(), "ids are unique");
            // each table's answers land in its own report
            assertEquals(2000.0, reports.get(0).totals().get(MetricNames.CONSUMED_WRITE));
            assertEquals(430.0, reports.get(1).totals().get(MetricNames.CONSUMED_WRITE));
            assertTrue(reports.get(0).hasDatapoint(MetricNames.CONSUMED_WRITE, M1.plusSeconds(5), M1.plusSeconds(20)));
            assertTrue(!reports.get(0).hasDatapoint(MetricNames.CONSUMED_WRITE, M2.plusSeconds(70), M2.plusSeconds(80)));
            // ThrottledRequests exists only per TableName and Operation: a SEARCH summed over operations.
            assertTrue(queries.stream().anyMatch(q -> q.strings().stream().anyMatch(s -> s.startsWith("SUM(SEARCH('{AWS/DynamoDB,TableName,Operation}")
                    && s.contains("ThrottledRequests") && s.contains("ws-shared"))), queries.toString());
            assertTrue(queries.get(1).strings().containsAll(List.of("AWS/DynamoDB", "TableName", "ws-att-alice", "Sum")), queries.get(1).toString());
            assertTrue(reports.get(0).costLine().contains("(us-east-1 on-demand") && !reports.get(0).costLine().contains("prices differ"),
                    reports.get(0).costLine());
            // Another Region: the line says whose prices it used.
            String singapore = MetricsReport.fetch(new CloudWatchMetricsSource(client, "ap-southeast-1"), "ws-att-alice", null, FROM, TO).costLine();
            assertTrue(singapore.contains("us-east-1 on-demand") && singapore.contains("your tables are in ap-southeast-1, whose prices differ"), singapore);
        }
    }

    @Test
    void theNewestBackfillProgressOfAnIndexInOneCall() throws Exception {
        try (FakeCloudWatch cw = new FakeCloudWatch(); CloudWatchClient client = cw.client()) {
            cw.data = (table, metric) -> metric.equals(MetricNames.ONLINE_INDEX_PROGRESS) ? FakeCloudWatch.minutes(M1, 10, M2, 55) : new java.util.TreeMap<>();
            CloudWatchMetricsSource source = new CloudWatchMetricsSource(client, "us-east-1");
            assertEquals(55.0, source.latest("ws-att-alice", "ByAssignee-All", MetricNames.ONLINE_INDEX_PROGRESS, "Maximum", FROM, TO).getAsDouble());
            assertEquals(1, cw.admitted.get());
            List<String> carried = cw.requests.get(0).get(0).strings();
            assertTrue(carried.containsAll(List.of("OnlineIndexPercentageProgress", "Maximum", "GlobalSecondaryIndexName", "ByAssignee-All")), carried.toString());
            cw.data = (table, metric) -> new java.util.TreeMap<>();
            assertTrue(source.latest("ws-att-alice", "ByAssignee-All", MetricNames.ONLINE_INDEX_PROGRESS, "Maximum", FROM, TO).isEmpty());
        }
    }

    @Test
    void moreThan500SeriesAreSplitIntoCallsOf500() throws Exception {
        try (FakeCloudWatch cw = new FakeCloudWatch(); CloudWatchClient client = cw.client()) {
            List<MetricsReport.Resource> tables = new ArrayList<>();
            for (int i = 0; i < 80; i++) tables.add(new MetricsReport.Resource("ws-att-a" + i, null)); // 560 series
            MetricsReport.fetchAll(new CloudWatchMetricsSource(client, "us-east-1"), tables, FROM, TO);
            assertEquals(2, cw.admitted.get());
            assertEquals(List.of(500, 60), cw.requests.stream().map(List::size).toList());
        }
    }

    @Test
    void aThrottledCallIsRetriedAndFinallyNamesCloudWatch() throws Exception {
        try (FakeCloudWatch cw = new FakeCloudWatch(); CloudWatchClient client = cw.client()) {
            cw.alwaysThrottle = true;
            CloudWatchMetricsSource source = new CloudWatchMetricsSource(client, "us-east-1");
            AwsServiceException e = assertThrows(AwsServiceException.class,
                    () -> MetricsReport.fetch(source, "ws-att-alice", null, FROM, TO));
            assertEquals("Throttling", e.awsErrorDetails().errorCode());
            assertEquals("CloudWatch", e.awsErrorDetails().serviceName());
            assertTrue(e.isThrottlingException());
            // The adaptive mode's 3 attempts, all refused.
            assertEquals(3, cw.throttled.get());
        }
    }

    /**
     * A room of 150 attendees whose step 4 polls land within the same 4 seconds (worse than the lab's 15 s polls
     * jittered by a quarter, which spread 150 attendees to 10 calls/s): one call per refresh keeps the offered load
     * near 38 TPS, under the 50 TPS quota, and every refresh gets its answer. Each attendee has its own client, as
     * each runs its own workshop process.
     */
    @Test
    void aRoomOf150AttendeesRefreshingTogetherStaysWithinTheQuota() throws Exception {
        int attendees = 150;
        try (FakeCloudWatch cw = new FakeCloudWatch()) {
            cw.data = (table, metric) -> FakeCloudWatch.minutes(M1, 1);
            ExecutorService pool = Executors.newFixedThreadPool(attendees);
            List<Future<Double>> done = new ArrayList<>();
            // Built before the clock starts, as each attendee's process has its client long before the poll: 150 built
            // inside the 4 s on a busy machine would arrive at once when they are done, not spread as the room is.
            List<CloudWatchClient> clients = new ArrayList<>();
            for (int a = 0; a < attendees; a++) clients.add(cw.client());
            long start = System.nanoTime();
            for (int a = 0; a < attendees; a++) {
                String table = "ws-att-a" + a;
                long at = ThreadLocalRandom.current().nextLong(4_000);
                CloudWatchClient own = clients.get(a);
                done.add(pool.submit(() -> {
                    try (CloudWatchClient client = own) {
                        long wait = start + TimeUnit.MILLISECONDS.toNanos(at) - System.nanoTime();
                        if (wait > 0) TimeUnit.NANOSECONDS.sleep(wait);
                        return MetricsReport.fetchAll(new CloudWatchMetricsSource(client, "us-east-1"),
                                List.of(new MetricsReport.Resource(table, null), new MetricsReport.Resource("ws-shared", null)), FROM, TO)
                                .get(0).totals().get(MetricNames.CONSUMED_WRITE);
                    }
                }));
            }
            for (Future<Double> f : done) assertEquals(1.0, f.get(2, TimeUnit.MINUTES));
            pool.shutdown();
            // Every refresh answered, each by one admitted call; what the stand-in refused, the adaptive retries absorbed.
            assertEquals(attendees, cw.admitted.get(), "one GetMetricData per refresh; refused: " + cw.throttled.get());
            assertTrue(cw.peakAdmittedTps() <= FakeCloudWatch.TPS, "peak " + cw.peakAdmittedTps());
        }
    }
}
