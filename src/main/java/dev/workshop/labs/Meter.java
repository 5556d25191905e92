package dev.workshop.labs;

import java.util.HashMap;
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
 * counts calls and HTTP attempts (retries are round trips too) and adds up what DynamoDB says was consumed.
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
        return new Measured<>(value, close());
    }

    public Measurement measureRun(String label, Runnable block) {
        return measure(label, () -> {
            block.run();
            return null;
        }).measurement();
    }

    public record Measured<T>(T value, Measurement measurement) {}

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

    @Override
    public void afterTransmission(Context.AfterTransmission context, ExecutionAttributes attributes) {
        int status = context.httpResponse().statusCode();
        if (status == 400 || status == 429) {
            // A 400 is not always a throttle; the exception handler below counts the typed ones precisely.
            context.httpResponse().firstMatchingHeader("x-amzn-ErrorType").ifPresent(t -> {
                if (t.contains("Throughput") || t.contains("Throttling")) {
                    synchronized (lock) {
                        if (open != null) open.throttled++;
                    }
                }
            });
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
