package dev.workshop.workspace;

import dev.workshop.WorkshopException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
import software.amazon.awssdk.awscore.exception.AwsServiceException;
import software.amazon.awssdk.core.internal.metrics.SdkErrorType;
import software.amazon.awssdk.core.metrics.CoreMetric;
import software.amazon.awssdk.metrics.MetricCollection;
import software.amazon.awssdk.metrics.MetricPublisher;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * BatchWriteItem with a bounded number of requests in flight, shared by everything that writes through one
 * instance (a facilitator's 100 parallel bootstraps share one budget), and retries of UnprocessedItems with
 * exponential backoff and full jitter, as the DynamoDB developer guide asks for batch operations
 * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html#Programming.Errors.BatchOperations).
 *
 * <p>A room seeding at once can throttle the shared table for minutes (150 attendees ask ~319,000 write units of a
 * new on-demand table that starts at 4,000/s), so the writer gives up on time, not on a count of attempts: a batch
 * may go {@link #DEFAULT_BUDGET} without any of its items written, backing off, before the command stops with exit 1
 * and says to run it again. The SDK retries a throttled request itself first; when its attempts run out, the
 * throttle is handled here like unprocessed items.
 */
public final class BatchWriter {
    /** BatchWriteItem takes at most 25 put or delete requests. */
    public static final int MAX_BATCH = 25;
    /** How long one batch may make no progress, backing off, before the writer gives up. */
    public static final Duration DEFAULT_BUDGET = Duration.ofMinutes(3);
    /** The longest single backoff: long enough to let a throttled partition refill, short enough to notice recovery. */
    static final long MAX_DELAY_MS = 5_000;

    private final DynamoDbAsyncClient client;
    private final Semaphore inFlight;
    private final Duration budget;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();
    private final AtomicLong throttledRetries = new AtomicLong();
    private volatile LongConsumer onThrottled = n -> {};
    private final MetricPublisher throttleCounter = new MetricPublisher() {
        @Override
        public void publish(MetricCollection call) {
            // Each attempt the SDK saw throttled (it retried it, or gave up after it): what the user waits for.
            long t = call.children().stream().filter(c -> c.name().equals("ApiCallAttempt"))
                    .filter(c -> c.metricValues(CoreMetric.ERROR_TYPE).contains(SdkErrorType.THROTTLING.toString())).count();
            if (t > 0) throttled(t);
        }

        @Override
        public void close() {}
    };

    public BatchWriter(DynamoDbAsyncClient client, int maxInFlight) {
        this(client, new Semaphore(maxInFlight));
    }

    /** A writer that shares its in-flight budget with others (e.g. one per attendee, one budget per command). */
    public BatchWriter(DynamoDbAsyncClient client, Semaphore sharedBudget) {
        this(client, sharedBudget, DEFAULT_BUDGET);
    }

    public BatchWriter(DynamoDbAsyncClient client, Semaphore sharedBudget, Duration budget) {
        this.client = client;
        this.inFlight = sharedBudget;
        this.budget = budget;
    }

    /** Told the running count of throttled retries as they happen (for a progress line). */
    public BatchWriter onThrottled(LongConsumer listener) {
        this.onThrottled = listener;
        return this;
    }

    public long requests() {
        return requests.get();
    }

    public long retries() {
        return retries.get();
    }

    /** Throttled attempts the SDK retried plus batches sent again for their unprocessed or throttled items. */
    public long throttledRetries() {
        return throttledRetries.get();
    }

    private void throttled(long n) {
        onThrottled.accept(throttledRetries.addAndGet(n));
    }

    public void putAll(String table, List<Map<String, AttributeValue>> items, LongConsumer written) {
        List<WriteRequest> writes = new ArrayList<>(items.size());
        for (Map<String, AttributeValue> item : items) {
            writes.add(WriteRequest.builder().putRequest(PutRequest.builder().item(item).build()).build());
        }
        run(table, writes, written);
    }

    public void deleteAll(String table, List<Map<String, AttributeValue>> keys, LongConsumer deleted) {
        List<WriteRequest> writes = new ArrayList<>(keys.size());
        for (Map<String, AttributeValue> key : keys) {
            writes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key).build()).build());
        }
        run(table, writes, deleted);
    }

    private void run(String table, List<WriteRequest> writes, LongConsumer done) {
        List<CompletableFuture<Void>> all = new ArrayList<>();
        for (int i = 0; i < writes.size(); i += MAX_BATCH) {
            List<WriteRequest> chunk = writes.subList(i, Math.min(writes.size(), i + MAX_BATCH));
            acquire(all);
            all.add(send(table, chunk, 0, System.nanoTime(), done).whenComplete((r, e) -> inFlight.release()));
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException re) throw re;
            throw e;
        }
    }

    /**
     * @param backoffs backoffs since the batch last made progress (the exponent of the next delay)
     * @param progressAt when the batch last had items written (or was first sent)
     */
    private CompletableFuture<Void> send(String table, List<WriteRequest> chunk, int backoffs, long progressAt, LongConsumer done) {
        requests.incrementAndGet();
        BatchWriteItemRequest request = BatchWriteItemRequest.builder().requestItems(Map.of(table, chunk))
                .overrideConfiguration(o -> o.addMetricPublisher(throttleCounter)).build();
        return client.batchWriteItem(request).handle((BatchWriteItemResponse r, Throwable e) -> {
            List<WriteRequest> left;
            if (e != null) {
                Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
                if (!(c instanceof AwsServiceException a && a.isThrottlingException())) {
                    return CompletableFuture.<Void>failedFuture(c);
                }
                left = chunk; // the SDK's own retries ran out: nothing of this batch was written
            } else {
                left = r.hasUnprocessedItems() ? r.unprocessedItems().getOrDefault(table, List.of()) : List.of();
                done.accept(chunk.size() - left.size());
                if (left.isEmpty()) return CompletableFuture.<Void>completedFuture(null);
                throttled(1); // DynamoDB leaves items unprocessed when it throttles them
            }
            boolean progressed = left.size() < chunk.size();
            long now = System.nanoTime();
            long since = progressed ? now : progressAt;
            int next = progressed ? 0 : backoffs + 1;
            if (now - since >= budget.toNanos()) return CompletableFuture.<Void>failedFuture(throttledTooLong(table, left.size()));
            retries.incrementAndGet();
            long cap = Math.min(MAX_DELAY_MS, 50L << Math.min(next, 12));
            long delay = Math.min(ThreadLocalRandom.current().nextLong(1, cap + 1),
                    Math.max(1, TimeUnit.NANOSECONDS.toMillis(budget.toNanos() - (now - since))));
            return CompletableFuture.supplyAsync(() -> null, CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS))
                    .thenCompose(x -> send(table, left, next, since, done));
        }).thenCompose(f -> f);
    }

    private WorkshopException throttledTooLong(String table, int left) {
        String which = table.startsWith(dev.workshop.model.Tables.PERSONAL_PREFIX) ? "table " + table : "the shared table";
        return WorkshopException.failed(String.format(Locale.ROOT,
                "DynamoDB is throttling %s; run the same command again (it continues where it stopped). "
                        + "%d item(s) of %s were still refused after %s of retries with backoff.",
                which, left, table, human(budget)), "run the same command again");
    }

    private static String human(Duration d) {
        return d.toSeconds() >= 60 && d.toSeconds() % 60 == 0 ? d.toMinutes() + " min" : d.toMillis() / 1000.0 + " s";
    }

    private void acquire(List<CompletableFuture<Void>> sent) {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw WorkshopException.failed("Interrupted after " + sent.size() + " batch(es) were sent; what was written stays.",
                    "run the same command again (it continues where it stopped)");
        }
    }
}
