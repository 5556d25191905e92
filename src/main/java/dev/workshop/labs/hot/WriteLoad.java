package dev.workshop.labs.hot;

import dev.workshop.console.Console;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.IntFunction;
import software.amazon.awssdk.core.internal.metrics.SdkErrorType;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.ProvisionedThroughputExceededException;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingException;
import software.amazon.awssdk.services.dynamodb.model.ThrottlingReason;

/**
 * An open-loop write load with bounded concurrency: PutItem at a steady rate, at most {@code maxInFlight} calls
 * outstanding, each retried by the SDK with its own backoff. What the SDK did on every call (attempts, throttled
 * attempts, retries) comes from its per-request metrics, so it works the same on every target. A live line on
 * stderr shows writes/s, throttles/s, retries and latency percentiles.
 */
public final class WriteLoad {
    public record Settings(double rate, int seconds, int itemBytes, int items, int maxInFlight) {}

    public record Result(String label, long calls, long succeeded, long failed, long attempts, long throttledAttempts,
                         long firstAttempts, long firstAttemptsThrottled, long retries, double seconds, double loadSeconds,
                         double p50Millis, double p99Millis, Map<String, Long> reasons, Set<String> written,
                         long[] succeededPerSecond) {
        public double writesPerSecond() {
            return seconds == 0 ? 0 : succeeded / seconds;
        }

        /**
         * New writes started per second while the load ran (retries not counted): what this machine managed to
         * offer. Below the asked rate when every slot was taken, i.e. when the writes in flight took too long.
         */
        public double offeredPerSecond() {
            return loadSeconds == 0 ? 0 : calls / loadSeconds;
        }

        /** Share of first attempts (one per call) that were throttled. */
        public double firstAttemptThrottledShare() {
            return firstAttempts == 0 ? 0 : (double) firstAttemptsThrottled / firstAttempts;
        }
    }

    /** How far behind its schedule the load may fall and still send what is due (see the loop). */
    static final long MAX_LAG_NANOS = 200_000_000L;

    private WriteLoad() {}

    /**
     * Writes {@code settings.items()} distinct items over and over (item i gets partition key {@code pkOf(i)} and sort
     * key "item#i"), so the data stays bounded however long the load runs.
     */
    public static Result run(String label, DynamoDbAsyncClient dynamo, String table, IntFunction<String> pkOf,
                             Settings s, Console console) {
        String payload = "v".repeat(Math.max(0, s.itemBytes() - 96));
        Semaphore slots = new Semaphore(s.maxInFlight());
        AtomicLong calls = new AtomicLong();
        AtomicLong succeeded = new AtomicLong();
        AtomicLong failed = new AtomicLong();
        AtomicLong attempts = new AtomicLong();
        AtomicLong throttled = new AtomicLong();
        AtomicLong firstThrottled = new AtomicLong();
        AtomicLong retries = new AtomicLong();
        Map<String, Long> reasons = new ConcurrentHashMap<>();
        Set<String> written = ConcurrentHashMap.newKeySet();
        long[] latencies = new long[(int) Math.min(Integer.MAX_VALUE - 8, (long) (s.rate() * s.seconds()) + 16)];
        AtomicLong latencyCount = new AtomicLong();
        // Writes completed in each second of the run (the drain included, which lasts at most a minute).
        java.util.concurrent.atomic.AtomicLongArray perSecond = new java.util.concurrent.atomic.AtomicLongArray(s.seconds() + 62);

        MetricPublisher publisher = new MetricPublisher() {
            @Override
            public void publish(MetricCollection call) {
                List<MetricCollection> tries = call.children().stream().filter(c -> c.name().equals("ApiCallAttempt")).toList();
                attempts.addAndGet(tries.size());
                for (int i = 0; i < tries.size(); i++) {
                    boolean t = tries.get(i).metricValues(CoreMetric.ERROR_TYPE).contains(SdkErrorType.THROTTLING.toString());
                    if (t) {
                        throttled.incrementAndGet();
                        if (i == 0) firstThrottled.incrementAndGet();
                    }
                }
                call.metricValues(CoreMetric.RETRY_COUNT).forEach(r -> retries.addAndGet(r));
            }

            @Override
            public void close() {}
        };

        long start = System.nanoTime();
        long interval = (long) (1e9 / s.rate());
        long end = start + s.seconds() * 1_000_000_000L;
        long nextReport = start + 1_000_000_000L;
        long[] lastReport = {0, 0, start};
        int i = 0;
        while (true) {
            long due = start + i * interval;
            if (due >= end) break;
            long now = System.nanoTime();
            if (due > now) LockSupport.parkNanos(due - now);
            if (System.nanoTime() >= nextReport) {
                nextReport += 1_000_000_000L;
                live(console, label, start, lastReport, succeeded.get(), throttled.get(), retries.get(), failed.get(), latencies, latencyCount.get(), false);
            }
            try {
                if (!slots.tryAcquire(end - System.nanoTime(), TimeUnit.NANOSECONDS)) break;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                break;
            }
            long late = System.nanoTime() - due;
            if (late > MAX_LAG_NANOS) {
                // Every slot was taken (slow writes, or throttled ones in backoff). The writes that could not start in
                // time are not sent late all at once: such a clump, not the steady load, is what throttled a few
                // partitions of the sharded run on a busy machine. What was offered is what was sent (calls).
                i += (int) (late / interval);
                if (start + (long) i * interval >= end) {
                    slots.release();
                    break;
                }
            }
            int item = i % s.items();
            String pk = pkOf.apply(item);
            String sk = String.format(Locale.ROOT, "item#%05d", item);
            Map<String, AttributeValue> it = Map.of("PK", AttributeValue.fromS(pk), "SK", AttributeValue.fromS(sk),
                    "Seq", AttributeValue.fromN(Integer.toString(i)), "Reading", AttributeValue.fromS(payload));
            long t0 = System.nanoTime();
            calls.incrementAndGet();
            dynamo.putItem(PutItemRequest.builder().tableName(table).item(it)
                            .overrideConfiguration(o -> o.addMetricPublisher(publisher)).build())
                    .whenComplete((r, e) -> {
                        long n = latencyCount.getAndIncrement();
                        if (n < latencies.length) latencies[(int) n] = System.nanoTime() - t0;
                        if (e == null) {
                            succeeded.incrementAndGet();
                            int second = (int) ((System.nanoTime() - start) / 1_000_000_000L);
                            if (second < perSecond.length()) perSecond.incrementAndGet(second);
                            written.add(pk + "|" + sk);
                        } else {
                            failed.incrementAndGet();
                            Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                            for (ThrottlingReason tr : reasonsOf(c)) reasons.merge(tr.reason(), 1L, Long::sum);
                            if (reasonsOf(c).isEmpty()) reasons.merge(c.getClass().getSimpleName(), 1L, Long::sum);
                        }
                        slots.release();
                    });
            i++;
        }
        double loadSeconds = Math.min(s.seconds(), (System.nanoTime() - start) / 1e9);
        // Let the calls still in flight finish their retries (bounded: the SDK gives up after its last attempt).
        long drainUntil = System.nanoTime() + 60_000_000_000L;
        while (slots.availablePermits() < s.maxInFlight() && System.nanoTime() < drainUntil) {
            LockSupport.parkNanos(20_000_000L);
            if (System.nanoTime() >= nextReport) {
                nextReport += 1_000_000_000L;
                live(console, label, start, lastReport, succeeded.get(), throttled.get(), retries.get(), failed.get(), latencies, latencyCount.get(), false);
            }
        }
        // Without a terminal the periodic line is every fifth second; the last one always shows, however short the run.
        if (!console.interactive()) {
            live(console, label, start, lastReport, succeeded.get(), throttled.get(), retries.get(), failed.get(), latencies, latencyCount.get(), true);
        }
        double seconds = (System.nanoTime() - start) / 1e9;
        if (console.interactive()) {
            console.err().println();
            console.err().flush();
        }
        int n = (int) Math.min(latencyCount.get(), latencies.length);
        long[] sorted = Arrays.copyOf(latencies, n);
        Arrays.sort(sorted);
        return new Result(label, calls.get(), succeeded.get(), failed.get(), attempts.get(), throttled.get(), calls.get(),
                firstThrottled.get(), retries.get(), seconds, loadSeconds, percentile(sorted, 0.50), percentile(sorted, 0.99),
                new TreeMap<>(reasons), Set.copyOf(written), perSecondArray(perSecond, seconds));
    }

    private static long[] perSecondArray(java.util.concurrent.atomic.AtomicLongArray a, double seconds) {
        long[] out = new long[(int) Math.min(a.length(), Math.ceil(seconds))];
        for (int i = 0; i < out.length; i++) out[i] = a.get(i);
        return out;
    }

    static List<ThrottlingReason> reasonsOf(Throwable t) {
        if (t instanceof ProvisionedThroughputExceededException p && p.hasThrottlingReasons()) return p.throttlingReasons();
        if (t instanceof ThrottlingException p && p.hasThrottlingReasons()) return p.throttlingReasons();
        if (t instanceof DynamoDbException) return List.of();
        return List.of();
    }

    private static void live(Console console, String label, long start, long[] last, long ok, long throttled, long retries,
                             long failed, long[] latencies, long count, boolean always) {
        long now = System.nanoTime();
        double dt = Math.max(1e-3, (now - last[2]) / 1e9);
        double wps = (ok - last[0]) / dt;
        double tps = (throttled - last[1]) / dt;
        last[0] = ok;
        last[1] = throttled;
        last[2] = now;
        // Percentiles of the last few thousand calls: a recent view, cheap to sort once a second.
        int n = (int) Math.min(count, latencies.length);
        int from = Math.max(0, n - 4000);
        long[] recent = Arrays.copyOfRange(latencies, from, n);
        Arrays.sort(recent);
        String line = liveLine(console.width() - 1, label, (now - start) / 1e9, wps, tps, retries, failed,
                percentile(recent, 0.5), percentile(recent, 0.99));
        if (console.interactive()) {
            console.err().print("\r" + line + "\u001b[K");
            console.err().flush();
        } else if (always || ((now - start) / 1_000_000_000L) % 5 == 0) {
            console.err().println(line);
            console.err().flush();
        }
    }

    static double percentile(long[] sorted, double p) {
        if (sorted.length == 0) return 0;
        int idx = (int) Math.min(sorted.length - 1, Math.ceil(p * sorted.length) - 1);
        return sorted[Math.max(0, idx)] / 1e6;
    }



    /**
     * The once-a-second line, as many of its figures as fit in {@code columns} (most telling first): wider than the
     * terminal, a line redrawn with a carriage return wraps and leaves a broken copy behind every second.
     */
    static String liveLine(int columns, String label, double seconds, double wps, double tps, long retries, long failed,
                           double p50, double p99) {
        List<String> parts = new java.util.ArrayList<>();
        parts.add(String.format(Locale.ROOT, "%3.0f writes/s", wps));
        parts.add(String.format(Locale.ROOT, "%3.0f throttled/s", tps));
        parts.add(String.format(Locale.ROOT, "retries %4d", retries));
        if (failed > 0) parts.add(String.format(Locale.ROOT, "failed %d", failed));
        parts.add("p99 " + millis(p99));
        parts.add("p50 " + millis(p50));
        StringBuilder b = new StringBuilder(String.format(Locale.ROOT, "[%s] %3.0fs", label, seconds));
        for (String part : parts) {
            if (b.length() + 2 + part.length() > columns) break;
            b.append("  ").append(part);
        }
        return b.toString();
    }

    private static String millis(double ms) {
        return ms >= 1000 ? String.format(Locale.ROOT, "%.1f s", ms / 1000) : String.format(Locale.ROOT, "%.0f ms", ms);
    }
}
