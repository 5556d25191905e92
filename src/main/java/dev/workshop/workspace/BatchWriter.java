package dev.workshop.workspace;

import dev.workshop.WorkshopException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
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
    /**
     * Requests in flight for a whole command (every attendee's writer shares them); measured best on 2 cores against
     * DynamoDB Local (BootstrapBenchmark).
     */
    public static final int COMMAND_IN_FLIGHT = 16;
    /**
     * Attendees a facilitator's bootstrap runs at once by default: the roster up to this many. With {@link #perWriter}
     * each has about one request in flight, so the budget is spread over as many ByOwner partition keys as it can be,
     * as a raw loop that sends its batches round-robin over all attendees does. At 8 at once (each with two requests
     * or more in flight, and the last few with all sixteen), two or three often shared one partition of the ByOwner
     * index and were throttled while others sat idle (BootstrapBenchmark: 400 to 950 batches sent again against the
     * raw loop's 250 to 580; with this, none). Twice the budget, not more: each attendee in progress holds its ~740
     * items in memory (100 attendees on the local target: 445 MB peak at 8 at once, 520 MB at 32, 554 MB at 64).
     * On AWS, 32 personal tables created at once stay well inside "up to 500 simultaneous table operations ... per
     * account" (DynamoDB's LimitExceededException, as the SDKs document it:
     * https://docs.aws.amazon.com/botocore/latest/reference/services/dynamodb/client/exceptions/LimitExceededException.html).
     */
    public static final int ATTENDEES_AT_ONCE = 2 * COMMAND_IN_FLIGHT;
    /** The most a facilitator may ask for ({@code --parallel}): more only holds more attendees' items in memory. */
    public static final int MAX_ATTENDEES_AT_ONCE = 64;

    /** The share of a command's budget one of {@code writersAtOnce} writers may hold: at least one request. */
    public static int perWriter(int writersAtOnce) {
        return Math.max(1, (COMMAND_IN_FLIGHT + writersAtOnce - 1) / Math.max(1, writersAtOnce));
    }

    /** The budget a command's writers share; fair, so that waiting writers take turns as the raw loop's batches do. */
    public static Semaphore commandBudget() {
        return new Semaphore(COMMAND_IN_FLIGHT, true);
    }

    /** How long one batch may make no progress, backing off, before the writer gives up. */
    public static final Duration DEFAULT_BUDGET = Duration.ofMinutes(3);
    /** The longest single backoff: long enough to let a throttled partition refill, short enough to notice recovery. */
    static final long MAX_DELAY_MS = 5_000;

    private final DynamoDbAsyncClient client;
    private final Semaphore inFlight;
    /** This writer's own share of the budget (none when null): one attendee's batches all go to one ByOwner key. */
    private Semaphore own;
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

    /** At most {@code n} of this writer's requests in flight, however many permits the shared budget has free. */
    public BatchWriter atMostInFlight(int n) {
        this.own = new Semaphore(n);
        return this;
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

    /** In order: SDK threads report at once, and a count shown must never go back to a smaller one. */
    private synchronized void throttled(long n) {
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

    /**
     * One dispatcher per call, on the caller's thread: it sends each batch, and each batch's remainder once its backoff
     * has passed, taking a permit of the shared budget for every attempt. A batch backing off holds no permit, so
     * the requests in flight stay at the budget with other batches (another attendee's, on another partition) while
     * a throttled one waits. The call returns when every batch is written, or throws the first failure once the
     * attempts in flight have ended (nothing of this call is still writing after it returns).
     */
    private void run(String table, List<WriteRequest> writes, LongConsumer done) {
        BlockingQueue<Attempt> ready = new LinkedBlockingQueue<>();
        AtomicReference<Throwable> failure = new AtomicReference<>();
        int open = 0; // batches sent or backing off, not yet finished (only this thread counts them)
        int next = 0;
        while (true) {
            Attempt a = ready.poll();
            if (a == null && failure.get() == null && next < writes.size()) {
                List<WriteRequest> chunk = writes.subList(next, Math.min(writes.size(), next + MAX_BATCH));
                next += chunk.size();
                open++;
                a = new Attempt(chunk, 0, System.nanoTime());
            }
            if (a == null) {
                if (open == 0) break;
                a = take(ready, open);
            }
            if (a == Attempt.FINISHED) {
                open--;
                continue;
            }
            if (failure.get() != null) {
                open--; // a remainder due after a failure is not sent again
                continue;
            }
            acquire(open);
            send(table, a, done, ready, failure);
        }
        Throwable f = failure.get();
        if (f instanceof RuntimeException re) throw re;
        if (f != null) throw new CompletionException(f);
    }

    /** A batch (or what is left of it) to send; or {@link #FINISHED}, word that a batch is done one way or another. */
    private record Attempt(List<WriteRequest> chunk, int backoffs, long progressAt) {
        static final Attempt FINISHED = new Attempt(List.of(), 0, 0);
    }

    /**
     * Sends one attempt; its answer releases the permit and puts on {@code ready} either the batch's end or its
     * remainder once the backoff has passed. An attempt carries its backoffs since the batch last made progress (the
     * exponent of the next delay) and when that progress was (or when the batch was first sent).
     */
    private void send(String table, Attempt a, LongConsumer done, BlockingQueue<Attempt> ready,
                      AtomicReference<Throwable> failure) {
        requests.incrementAndGet();
        List<WriteRequest> chunk = a.chunk;
        BatchWriteItemRequest request = BatchWriteItemRequest.builder().requestItems(Map.of(table, chunk))
                .overrideConfiguration(o -> o.addMetricPublisher(throttleCounter)).build();
        CompletableFuture<BatchWriteItemResponse> call;
        try {
            call = client.batchWriteItem(request);
        } catch (RuntimeException e) {
            release();
            failure.compareAndSet(null, e);
            ready.add(Attempt.FINISHED);
            return;
        }
        call.whenComplete((BatchWriteItemResponse r, Throwable e) -> {
            release();
            try {
                Attempt after = answered(table, a, r, e, done);
                if (after == null) {
                    ready.add(Attempt.FINISHED);
                    return;
                }
                long delay = delayMillis(after);
                CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS).execute(() -> ready.add(after));
            } catch (RuntimeException x) {
                failure.compareAndSet(null, x);
                ready.add(Attempt.FINISHED);
            }
        });
    }

    /** What follows an answer: null when the batch is done; else its remainder (throws when it cannot go on). */
    private Attempt answered(String table, Attempt a, BatchWriteItemResponse r, Throwable e, LongConsumer done) {
        List<WriteRequest> chunk = a.chunk;
        List<WriteRequest> left;
        if (e != null) {
            Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
            if (!(c instanceof AwsServiceException x && x.isThrottlingException())) {
                throw c instanceof RuntimeException re ? re : new CompletionException(c);
            }
            left = chunk; // the SDK's own retries ran out: nothing of this batch was written
        } else {
            left = r.hasUnprocessedItems() ? r.unprocessedItems().getOrDefault(table, List.of()) : List.of();
            done.accept(chunk.size() - left.size());
            if (left.isEmpty()) return null;
            throttled(1); // DynamoDB leaves items unprocessed when it throttles them
        }
        boolean progressed = left.size() < chunk.size();
        long now = System.nanoTime();
        long since = progressed ? now : a.progressAt;
        if (now - since >= budget.toNanos()) throw throttledTooLong(table, left.size());
        retries.incrementAndGet();
        return new Attempt(left, progressed ? 0 : a.backoffs + 1, since);
    }

    /** Exponential backoff with full jitter, capped, and never past the batch's time budget. */
    private long delayMillis(Attempt a) {
        long cap = Math.min(MAX_DELAY_MS, 50L << Math.min(a.backoffs, 12));
        long left = budget.toNanos() - (System.nanoTime() - a.progressAt);
        return Math.min(ThreadLocalRandom.current().nextLong(1, cap + 1), Math.max(1, TimeUnit.NANOSECONDS.toMillis(left)));
    }

    private static Attempt take(BlockingQueue<Attempt> ready, int open) {
        try {
            return ready.take();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(open);
        }
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

    private void acquire(int open) {
        try {
            if (own != null) own.acquire();
            try {
                inFlight.acquire();
            } catch (InterruptedException e) {
                if (own != null) own.release();
                throw e;
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw interrupted(open);
        }
    }

    private void release() {
        inFlight.release();
        if (own != null) own.release();
    }

    private static WorkshopException interrupted(int open) {
        return WorkshopException.failed("Interrupted with " + open + " batch(es) sent or backing off; what was written stays.",
                "run the same command again (it continues where it stopped)");
    }
}
