package dev.workshop.labs;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.HashMap;
import java.util.Optional;
import org.reactivestreams.Publisher;
import org.reactivestreams.Subscriber;
import org.reactivestreams.Subscription;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import java.util.List;
import java.util.Map;
import java.util.function.Supplier;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.SdkResponse;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.Capacity;
import software.amazon.awssdk.services.dynamodb.model.ConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.DeleteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteStatementRequest;
import software.amazon.awssdk.services.dynamodb.model.ExecuteTransactionRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ReturnConsumedCapacity;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItemsRequest;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Observes every call of a lab's clients: asks DynamoDB for ConsumedCapacity (INDEXES) on each data-plane request,
 * counts calls and HTTP attempts (retries are round trips too), counts every throttled attempt with its
 * ThrottlingReasons from DynamoDB's error body, and adds up what DynamoDB says was consumed.
 * Lab steps run one at a time, so one open measurement at a time is enough; calls outside one are not counted.
 */
public final class Meter implements ExecutionInterceptor {
    private final Object lock = new Object();
    private Open open;
    private final java.util.Set<String> operations = java.util.concurrent.ConcurrentHashMap.newKeySet();

    private static final class Open {
        final String label;
        final long start = System.nanoTime();
        int calls;
        int attempts;
        int throttled;
        double read;
        double write;
        final Map<String, Double> byResource = new HashMap<>();
        final Map<String, Long> reasons = new java.util.TreeMap<>();

        Open(String label) {
            this.label = label;
        }
    }

    /** Runs the block as one measurement. */
    public <T> Measured<T> measure(String label, Supplier<T> block) {
        synchronized (lock) {
            open = new Open(label);
        }
        T value;
        try {
            value = block.get();
        } catch (RuntimeException | Error e) {
            close(); // a failed block must not leave its measurement open for the next step's calls
            throw e;
        }
        Map<String, Long> reasons;
        synchronized (lock) {
            reasons = open == null ? Map.of() : Map.copyOf(open.reasons);
        }
        return new Measured<>(value, close(), reasons);
    }

    public Measurement measureRun(String label, Runnable block) {
        return measure(label, () -> {
            block.run();
            return null;
        }).measurement();
    }

    /** @param throttlingReasons DynamoDB's ThrottlingReasons over every throttled attempt, retried ones included */
    public record Measured<T>(T value, Measurement measurement, Map<String, Long> throttlingReasons) {}

    private Measurement close() {
        synchronized (lock) {
            Open o = open;
            open = null;
            if (o == null) return new Measurement("", 0, 0, 0, 0, 0, Map.of(), 0, 0);
            return new Measurement(o.label, o.calls, o.attempts, o.throttled, o.read, o.write, o.byResource,
                    (System.nanoTime() - o.start) / 1e6, 0);
        }
    }

    /** Every operation name any metered client sent (e.g. to prove a lab never issued a Scan). */
    public java.util.Set<String> operationsSeen() {
        return java.util.Set.copyOf(operations);
    }

    @Override
    public SdkRequest modifyRequest(Context.ModifyRequest context, ExecutionAttributes attributes) {
        SdkRequest r = context.request();
        ReturnConsumedCapacity rcc = ReturnConsumedCapacity.INDEXES;
        if (r instanceof GetItemRequest g && g.returnConsumedCapacity() == null) return g.toBuilder().returnConsumedCapacity(rcc).build();
        if (r instanceof PutItemRequest g && g.returnConsumedCapacity() == null) return g.toBuilder().returnConsumedCapacity(rcc).build();
        if (r instanceof UpdateItemRequest g && g.returnConsumedCapacity() == null) return g.toBuilder().returnConsumedCapacity(rcc).build();
        if (r instanceof DeleteItemRequest g && g.returnConsumedCapacity() == null) return g.toBuilder().returnConsumedCapacity(rcc).build();
        if (r instanceof QueryRequest g && g.returnConsumedCapacity() == null) return g.toBuilder().returnConsumedCapacity(rcc).build();
        if (r instanceof ScanRequest g && g.returnConsumedCapacity() == null) return g.toBuilder().returnConsumedCapacity(rcc).build();
        if (r instanceof BatchGetItemRequest g && g.returnConsumedCapacity() == null) return g.toBuilder().returnConsumedCapacity(rcc).build();
        if (r instanceof BatchWriteItemRequest g && g.returnConsumedCapacity() == null) return g.toBuilder().returnConsumedCapacity(rcc).build();
        if (r instanceof TransactGetItemsRequest g && g.returnConsumedCapacity() == null) return g.toBuilder().returnConsumedCapacity(rcc).build();
        if (r instanceof TransactWriteItemsRequest g && g.returnConsumedCapacity() == null) return g.toBuilder().returnConsumedCapacity(rcc).build();
        if (r instanceof ExecuteStatementRequest g && g.returnConsumedCapacity() == null) return g.toBuilder().returnConsumedCapacity(rcc).build();
        if (r instanceof BatchExecuteStatementRequest g && g.returnConsumedCapacity() == null) return g.toBuilder().returnConsumedCapacity(rcc).build();
        if (r instanceof ExecuteTransactionRequest g && g.returnConsumedCapacity() == null) return g.toBuilder().returnConsumedCapacity(rcc).build();
        return r;
    }

    @Override
    public void beforeExecution(Context.BeforeExecution context, ExecutionAttributes attributes) {
        String op = context.request().getClass().getSimpleName().replaceFirst("Request$", "");
        operations.add(op);
        synchronized (lock) {
            if (open != null) open.calls++;
        }
    }

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        synchronized (lock) {
            if (open != null) open.attempts++;
        }
    }

    /**
     * Every attempt's error body, synchronous clients: a throttle is counted from DynamoDB's own answer to that
     * attempt ({@code __type} and {@code ThrottlingReasons}), so retried throttles count and their reasons show even
     * when the call finally succeeds. DynamoDB names the error in the body; no header is needed.
     */
    @Override
    public Optional<InputStream> modifyHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        Optional<InputStream> body = context.responseBody();
        if (context.httpResponse().statusCode() < 400 || body.isEmpty()) return body;
        byte[] bytes;
        try {
            bytes = body.get().readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        inspectError(bytes);
        return Optional.of(new ByteArrayInputStream(bytes));
    }

    /** The same for asynchronous clients: the error body is copied as it streams through, and read at its end. */
    @Override
    public Optional<Publisher<ByteBuffer>> modifyAsyncHttpResponseContent(Context.ModifyHttpResponse context, ExecutionAttributes attributes) {
        Optional<Publisher<ByteBuffer>> body = context.responsePublisher();
        if (context.httpResponse().statusCode() < 400 || body.isEmpty()) return body;
        Publisher<ByteBuffer> upstream = body.get();
        return Optional.of(subscriber -> upstream.subscribe(new Subscriber<ByteBuffer>() {
            private final ByteArrayOutputStream copy = new ByteArrayOutputStream();

            @Override
            public void onSubscribe(Subscription s) {
                subscriber.onSubscribe(s);
            }

            @Override
            public void onNext(ByteBuffer b) {
                ByteBuffer d = b.duplicate();
                byte[] chunk = new byte[d.remaining()];
                d.get(chunk);
                copy.write(chunk, 0, chunk.length);
                subscriber.onNext(b);
            }

            @Override
            public void onError(Throwable t) {
                subscriber.onError(t);
            }

            @Override
            public void onComplete() {
                inspectError(copy.toByteArray());
                subscriber.onComplete();
            }
        }));
    }

    /** The error codes DynamoDB throttles with (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html). */
    static final java.util.Set<String> THROTTLE_CODES = java.util.Set.of("ProvisionedThroughputExceededException",
            "ThrottlingException", "RequestLimitExceeded");

    /** Counts one throttled attempt, and its ThrottlingReasons, if the error body says it was throttled. */
    void inspectError(byte[] body) {
        Map<String, JsonNode> error;
        try {
            JsonNode n = JsonNode.parser().parse(body);
            if (!n.isObject()) return;
            error = n.asObject();
        } catch (RuntimeException notJson) {
            return;
        }
        JsonNode type = error.get("__type");
        if (type == null || !type.isString()) return;
        String code = type.asString().substring(type.asString().lastIndexOf('#') + 1);
        if (!THROTTLE_CODES.contains(code)) return;
        List<String> reasons = new java.util.ArrayList<>();
        JsonNode list = error.get("ThrottlingReasons");
        if (list != null && list.isArray()) {
            for (JsonNode r : list.asArray()) {
                if (r.isObject() && r.asObject().get("reason") != null && r.asObject().get("reason").isString()) {
                    reasons.add(r.asObject().get("reason").asString());
                }
            }
        }
        if (reasons.isEmpty()) reasons.add(code); // an older answer without reasons still says what it was
        synchronized (lock) {
            if (open == null) return;
            open.throttled++;
            for (String r : reasons) open.reasons.merge(r, 1L, Long::sum);
        }
    }

    @Override
    public void afterExecution(Context.AfterExecution context, ExecutionAttributes attributes) {
        SdkResponse response = context.response();
        Object cc = response.getValueForField("ConsumedCapacity", Object.class).orElse(null);
        if (cc == null) return;
        boolean write = isWrite(context.request());
        synchronized (lock) {
            if (open == null) return;
            if (cc instanceof ConsumedCapacity c) add(open, c, write);
            else if (cc instanceof List<?> list) for (Object o : list) if (o instanceof ConsumedCapacity c) add(open, c, write);
        }
    }

    /** Whether the request's capacity is write capacity: DynamoDB often reports only CapacityUnits, without the split. */
    static boolean isWrite(SdkRequest r) {
        if (r instanceof PutItemRequest || r instanceof UpdateItemRequest || r instanceof DeleteItemRequest
                || r instanceof BatchWriteItemRequest || r instanceof TransactWriteItemsRequest) return true;
        if (r instanceof ExecuteStatementRequest e) return !isSelect(e.statement());
        if (r instanceof BatchExecuteStatementRequest b) return b.hasStatements() && !b.statements().isEmpty() && !isSelect(b.statements().get(0).statement());
        if (r instanceof ExecuteTransactionRequest t) return t.hasTransactStatements() && !t.transactStatements().isEmpty()
                && !isSelect(t.transactStatements().get(0).statement());
        return false;
    }

    private static boolean isSelect(String statement) {
        return statement != null && statement.stripLeading().regionMatches(true, 0, "SELECT", 0, 6);
    }

    private static void add(Open o, ConsumedCapacity c, boolean write) {
        double r = c.readCapacityUnits() == null ? 0 : c.readCapacityUnits();
        double w = c.writeCapacityUnits() == null ? 0 : c.writeCapacityUnits();
        if (r == 0 && w == 0 && c.capacityUnits() != null) {
            if (write) w = c.capacityUnits();
            else r = c.capacityUnits();
        }
        o.read += r;
        o.write += w;
        if (c.table() != null) o.byResource.merge(c.tableName(), total(c.table()), Double::sum);
        else o.byResource.merge(c.tableName(), r + w, Double::sum);
        if (c.hasGlobalSecondaryIndexes()) {
            c.globalSecondaryIndexes().forEach((name, cap) -> o.byResource.merge(c.tableName() + "/" + name, total(cap), Double::sum));
        }
        if (c.hasLocalSecondaryIndexes()) {
            c.localSecondaryIndexes().forEach((name, cap) -> o.byResource.merge(c.tableName() + "/" + name, total(cap), Double::sum));
        }
    }

    private static double total(Capacity c) {
        if (c.capacityUnits() != null) return c.capacityUnits();
        return (c.readCapacityUnits() == null ? 0 : c.readCapacityUnits()) + (c.writeCapacityUnits() == null ? 0 : c.writeCapacityUnits());
    }
}
