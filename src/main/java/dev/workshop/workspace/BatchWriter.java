package dev.workshop.workspace;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.Semaphore;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongConsumer;
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
 * exponential backoff and full jitter, as the DynamoDB developer guide asks for batch operations.
 */
public final class BatchWriter {
    /** BatchWriteItem takes at most 25 put or delete requests. */
    public static final int MAX_BATCH = 25;
    private static final int MAX_ATTEMPTS = 10;

    private final DynamoDbAsyncClient client;
    private final Semaphore inFlight;
    private final AtomicLong requests = new AtomicLong();
    private final AtomicLong retries = new AtomicLong();

    public BatchWriter(DynamoDbAsyncClient client, int maxInFlight) {
        this(client, new Semaphore(maxInFlight));
    }

    /** A writer that shares its in-flight budget with others (e.g. one per attendee, one budget per command). */
    public BatchWriter(DynamoDbAsyncClient client, Semaphore sharedBudget) {
        this.client = client;
        this.inFlight = sharedBudget;
    }

    public long requests() {
        return requests.get();
    }

    public long retries() {
        return retries.get();
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
            acquire();
            all.add(send(table, chunk, 1, done).whenComplete((r, e) -> inFlight.release()));
        }
        try {
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).join();
        } catch (CompletionException e) {
            Throwable cause = e.getCause() == null ? e : e.getCause();
            if (cause instanceof RuntimeException re) throw re;
            throw e;
        }
    }

    private CompletableFuture<Void> send(String table, List<WriteRequest> chunk, int attempt, LongConsumer done) {
        requests.incrementAndGet();
        return client.batchWriteItem(BatchWriteItemRequest.builder().requestItems(Map.of(table, chunk)).build())
                .thenCompose((BatchWriteItemResponse r) -> {
                    List<WriteRequest> left = r.hasUnprocessedItems() ? r.unprocessedItems().getOrDefault(table, List.of()) : List.of();
                    done.accept(chunk.size() - left.size());
                    if (left.isEmpty()) return CompletableFuture.completedFuture(null);
                    if (attempt >= MAX_ATTEMPTS) {
                        return CompletableFuture.failedFuture(new IllegalStateException(
                                left.size() + " items stayed unprocessed after " + attempt + " attempts on " + table));
                    }
                    retries.incrementAndGet();
                    long delay = ThreadLocalRandom.current().nextLong(1, Math.min(2_000, 50L << attempt));
                    return CompletableFuture.supplyAsync(() -> null,
                                    CompletableFuture.delayedExecutor(delay, TimeUnit.MILLISECONDS))
                            .thenCompose(x -> send(table, left, attempt + 1, done));
                });
    }

    private void acquire() {
        try {
            inFlight.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }
}
