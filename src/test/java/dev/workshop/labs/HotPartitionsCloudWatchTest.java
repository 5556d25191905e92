package dev.workshop.labs;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.Machine;
import dev.workshop.TestSupport;
import dev.workshop.console.Console;
import dev.workshop.metrics.CloudWatchMetricsSource;
import dev.workshop.metrics.FakeCloudWatch;
import dev.workshop.metrics.MetricNames;
import dev.workshop.model.AttendeeId;
import dev.workshop.target.Target;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.SortedMap;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;

/**
 * Step 4 of hot-partitions as it behaves on AWS, with the loads run on the local target and the metrics read from
 * {@link FakeCloudWatch}, a loopback stand-in for CloudWatch in its wire format that enforces GetMetricData's 50 TPS
 * quota: the step waits until the minutes of both runs have datapoints, and a CloudWatch that refuses or has not
 * published yet is a soft result that neither fails the lab nor asks to run its loads again.
 */
@Machine(Machine.Use.ALONE)
class HotPartitionsCloudWatchTest {
    @Test
    void step4WaitsForBothRunsAndTreatsCloudWatchTroubleAsSoft() throws Exception {
        String id = TestSupport.randomId("hc");
        String shared = TestSupport.randomTable();
        TestSupport.Result boot = TestSupport.run("bootstrap", "--id", id, "--shared-table", shared);
        assertTrue(boot.exit() == 0, boot.toString());
        try (FakeCloudWatch cw = new FakeCloudWatch(); CloudWatchClient client = cw.client(); Target t = TestSupport.target()) {
            // CloudWatch publishes late: nothing for the first two calls, then every minute up to the call's own.
            cw.data = (table, metric) -> {
                if (cw.admitted.get() < 3 || !metric.equals(MetricNames.CONSUMED_WRITE)) return new TreeMap<>();
                SortedMap<Instant, Double> m = new TreeMap<>();
                Instant now = Instant.now();
                for (Instant x = now.minusSeconds(600).truncatedTo(java.time.temporal.ChronoUnit.MINUTES); !x.isAfter(now); x = x.plusSeconds(60)) m.put(x, 100.0);
                return m;
            };
            HotPartitionsLab lab = new HotPartitionsLab().metricsFrom(x -> new CloudWatchMetricsSource(client, "us-east-1"),
                    Duration.ofMillis(200), Duration.ofSeconds(20));
            lab.settings().seconds = 2;
            StringWriter out = new StringWriter();
            StringWriter err = new StringWriter();
            Console console = new Console(new PrintWriter(out, true), new PrintWriter(err, true), false, false, 1000);
            LabContext ctx = new LabContext(t, AttendeeId.of(id), shared, console, Clock.systemUTC());
            LabRunner.Outcome o = LabRunner.run(lab, ctx, new LabRunner.Options(null, LabRunner.Output.TEXT, LabRunner.Pause.NONE));
            assertTrue(o.passed(), out.toString());
            assertTrue(cw.admitted.get() >= 3, "waited for the datapoints: " + cw.admitted.get());
            assertTrue(err.toString().contains("Waiting for CloudWatch's datapoints (single-key run not yet, sharded run not yet)"), err.toString());
            assertTrue(out.toString().contains("From CloudWatch GetMetricData (us-east-1)"), out.toString());
            assertFalse(out.toString().contains("had not published"), out.toString());
            // every poll was one call carrying the table's seven metrics
            assertTrue(cw.requests.stream().allMatch(r -> r.size() == MetricNames.SHOWN.size()));

            // CloudWatch refuses every call (the room is over the quota): the step still passes, and says what to run.
            cw.alwaysThrottle = true;
            lab.metricsFrom(x -> new CloudWatchMetricsSource(client, "us-east-1"), Duration.ofMillis(200), Duration.ofSeconds(2));
            StringWriter out2 = new StringWriter();
            LabContext ctx2 = copy(ctx, t, id, shared, out2);
            LabRunner.Outcome o2 = LabRunner.run(lab, ctx2, new LabRunner.Options(4, LabRunner.Output.TEXT, LabRunner.Pause.NONE));
            assertTrue(o2.passed(), out2.toString());
            String text2 = out2.toString().replaceAll("\\s+", " "); // the console wraps prose
            assertTrue(text2.contains("Metrics not available yet (CloudWatch answered Throttling: Rate exceeded): run workshop metrics --id "
                    + id + " --minutes"), text2);

            // CloudWatch answers but has published nothing by the deadline: the table as it is, and the same advice.
            cw.alwaysThrottle = false;
            cw.data = (table, metric) -> new TreeMap<>();
            lab.metricsFrom(x -> new CloudWatchMetricsSource(client, "us-east-1"), Duration.ofMillis(200), Duration.ofSeconds(1));
            StringWriter out3 = new StringWriter();
            LabRunner.Outcome o3 = LabRunner.run(lab, copy(ctx, t, id, shared, out3), new LabRunner.Options(4, LabRunner.Output.TEXT, LabRunner.Pause.NONE));
            assertTrue(o3.passed(), out3.toString());
            assertTrue(out3.toString().replaceAll("\\s+", " ").contains("CloudWatch had not published the minutes of either run yet"), out3.toString());
        }
    }

    /** A context with the first run's state (load times and results), writing to another buffer. */
    private static LabContext copy(LabContext from, Target t, String id, String shared, StringWriter out) {
        Console console = new Console(new PrintWriter(out, true), new PrintWriter(new StringWriter(), true), false, false, 1000);
        LabContext c = new LabContext(t, AttendeeId.of(id), shared, console, Clock.systemUTC());
        for (String k : new String[] {"loadStart", "singleEnd", "shardedStart", "loadEnd", "single", "sharded"}) c.put(k, from.get(k));
        return c;
    }
}
