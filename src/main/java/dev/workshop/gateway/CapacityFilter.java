package dev.workshop.gateway;

import dev.workshop.capacity.Access;
import dev.workshop.capacity.BillingMode;
import dev.workshop.capacity.CapacityModel;
import dev.workshop.capacity.Consistency;
import dev.workshop.capacity.Decision;
import dev.workshop.capacity.DynamoDbLimits;
import dev.workshop.capacity.IndexSpec;
import dev.workshop.capacity.IndexWrite;
import dev.workshop.capacity.Operation;
import dev.workshop.capacity.TableSpec;
import dev.workshop.capacity.ThrottlingReason;
import dev.workshop.capacity.Units;
import dev.workshop.metrics.MetricNames;
import dev.workshop.metrics.MetricsStore;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The partition capacity model on the local target. Every data-plane request passes the {@link CapacityModel}; one
 * over a limit is answered as DynamoDB answers it (HTTP 400, ProvisionedThroughputExceededException or
 * ThrottlingException, with ThrottlingReasons), so the SDK's own retries and backoff run, and its exception, with
 * {@code throttlingReasons()}, reaches the caller when they run out. It also counts DynamoDB's CloudWatch metrics
 * into a {@link MetricsStore} (see {@link MetricNames} for how each is counted).
 *
 * <p>Sizes: writes are sized from the request's item by DynamoDB's rules ({@link ItemSize}); a PutItem also writes
 * every GSI whose key attributes the item carries. UpdateItem and DeleteItem are admitted at the size of their key
 * (the stored item is DynamoDB Local's) and charged the rest afterwards when the response reports ConsumedCapacity.
 * Reads are admitted at their minimum (one 4 KB block) and charged afterwards what the response's ConsumedCapacity
 * says, or else what the returned items' sizes come to. Transactions are admitted all or nothing at double cost,
 * BatchGetItem key by key (UnprocessedKeys), and PartiQL statements as their non-PartiQL twins.
 *
 * <p>BatchWriteItem is decided item by item, as DynamoDB does: throttled items come back in UnprocessedItems and
 * the rest are written; only when every item is throttled does the whole request fail with
 * ProvisionedThroughputExceededException ("If none of the items can be processed due to insufficient provisioned
 * throughput on all of the tables in the request", API_BatchWriteItem.html). That is what a bulk loader such as
 * bootstrap's BatchWriter expects, and it retries the unprocessed items with backoff.
 *
 * <p>Tables come from the gateway's {@link TableCatalogue}: defined when created or changed, dropped when deleted,
 * and learnt from their description on first sight (a server restarted on persisted data).
 */
public final class CapacityFilter implements GatewayFilter, AutoCloseable {
    private static final Pattern EQUALITY = Pattern.compile("([#A-Za-z0-9_.]+)\\s*=\\s*(:[A-Za-z0-9_]+)");
    private static final String PENDING = "capacity.pending";

    record IndexKeys(String hash, String range, String projection, Set<String> include) {}

    record TableKeys(String hash, String range, Map<String, IndexKeys> gsis) {}

    /** Units taken at admission, to reconcile with what the response says was consumed. */
    private record Pending(String table, String index, String partitionKey, Operation operation, double units,
                           Consistency consistency, List<IndexWrite> indexWrites) {}

    private final CapacityModel model;
    private final MetricsStore metrics;
    private final Clock clock;
    private final TableCatalogue catalogue;
    /** The key schemas of the tables the model has been told about (from the catalogue). */
    private final Map<String, TableKeys> tables = new ConcurrentHashMap<>();

    /**
     * @param catalogue the gateway's tables: a table created or changed there is (re)defined in the model with fresh
     *                  capacity, a deleted one dropped, and one first met in a request is learnt from its description
     */
    public CapacityFilter(CapacityModel model, MetricsStore metrics, TableCatalogue catalogue, Clock clock) {
        this.model = model;
        this.metrics = metrics;
        this.clock = clock;
        this.catalogue = catalogue;
        catalogue.listen(new TableCatalogue.Listener() {
            @Override
            public void defined(JsonNode description) {
                learn(description);
            }

            @Override
            public void dropped(String table) {
                forget(table);
            }
        });
    }

    /** The gateway's usual setup: wall-clock model, metrics in {@code metrics}. */
    public static CapacityFilter forCatalogue(TableCatalogue catalogue, MetricsStore metrics) {
        return new CapacityFilter(new CapacityModel(System::nanoTime), metrics, catalogue, Clock.systemUTC());
    }

    public CapacityModel model() {
        return model;
    }

    public MetricsStore metrics() {
        return metrics;
    }

    // ------------------------------------------------------------------ before

    @Override
    public GatewayResponse before(GatewayExchange ex) {
        switch (ex.operation()) {
            case "PutItem":
                return single(ex, putAccess(ex.json(), str(ex.json(), "TableName")));
            case "UpdateItem":
            case "DeleteItem":
                return single(ex, keyWriteAccess(ex.json()));
            case "GetItem": {
                JsonNode j = ex.json();
                String table = str(j, "TableName");
                TableKeys k = keys(table);
                if (k == null) return null;
                Consistency c = bool(j, "ConsistentRead") ? Consistency.STRONG : Consistency.EVENTUAL;
                String pk = pkValue(j.field("Key").orElse(null), k.hash);
                return single(ex, new Pending(table, null, pk, Operation.READ, Units.readUnits(0, c), c, List.of()));
            }
            case "Query":
                return single(ex, queryAccess(ex.json()));
            case "Scan": {
                JsonNode j = ex.json();
                String table = str(j, "TableName");
                TableKeys k = keys(table);
                if (k == null) return null;
                String index = gsiOf(table, str(j, "IndexName"));
                Consistency c = bool(j, "ConsistentRead") ? Consistency.STRONG : Consistency.EVENTUAL;
                // A Scan reads the table in key order, one page (up to 1 MB) at a time: a page is served by the
                // partition that holds its ExclusiveStartKey, the first page by where the key order begins. Charging
                // that partition (and the table) is what a real scan does; one pseudo key per segment was not.
                String hash = index == null ? k.hash : k.gsis.get(index).hash;
                String pk = j.field("ExclusiveStartKey").map(start -> pkValue(start, hash)).filter(v -> !v.isEmpty())
                        .orElse("scan-start#" + j.field("Segment").map(JsonNode::asNumber).orElse("0"));
                return single(ex, new Pending(table, index, pk, Operation.READ, Units.readUnits(0, c), c, List.of()));
            }
            case "BatchWriteItem":
                return batchWrite(ex);
            case "TransactWriteItems":
            case "TransactGetItems":
                return transaction(ex, transactionItems(ex.json()));
            case "BatchGetItem":
                return batchGet(ex);
            case "ExecuteStatement": {
                Pending p = statementAccess(ex.json());
                return p == null ? null : single(ex, p);
            }
            case "BatchExecuteStatement":
                return batchStatements(ex);
            case "ExecuteTransaction": {
                List<Pending> items = new ArrayList<>();
                for (JsonNode st : ex.json().field("TransactStatements").filter(JsonNode::isArray).map(JsonNode::asArray).orElse(List.of())) {
                    Pending p = statementAccess(st);
                    items.add(p == null ? null : transactional(p));
                }
                return transaction(ex, items);
            }
            default:
                return null;
        }
    }

    private GatewayResponse single(GatewayExchange ex, Pending p) {
        if (p == null) return null;
        Decision d = model.admit(accessOf(p));
        if (d.throttled()) {
            Instant now = clock.instant();
            metrics.add(now, p.table, null, ex.operation(), MetricNames.THROTTLED_REQUESTS, 1);
            countEvents(now, ex.operation(), d);
            return throttledResponse(d);
        }
        ex.attributes().put(PENDING, List.of(p));
        return null;
    }

    // ------------------------------------------------------------------ transactions, BatchGetItem, PartiQL

    /**
     * Transactions are all or nothing, at double cost: "Transactional read requests require two read capacity units
     * per 4 KB ... Transactional write requests require two write capacity units per 1 KB"
     * (https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis.html#transaction-capacity-handling).
     * A throttled transaction is cancelled whole with TransactionCanceledException, the throttled item's reason
     * ThrottlingError and every other item's None (API_TransactWriteItems.html, "Throttling Error").
     * Undocumented, and taken here as a transactional write: the capacity a ConditionCheck consumes.
     */
    private List<Pending> transactionItems(JsonNode j) {
        List<Pending> out = new ArrayList<>();
        for (JsonNode item : j.field("TransactItems").filter(JsonNode::isArray).map(JsonNode::asArray).orElse(List.of())) {
            Pending p = null;
            for (Map.Entry<String, JsonNode> e : item.asObject().entrySet()) {
                JsonNode req = e.getValue();
                String table = str(req, "TableName");
                TableKeys k = keys(table);
                if (k == null) continue;
                p = switch (e.getKey()) {
                    case "Put" -> putAccess(req, table);
                    case "Update", "Delete", "ConditionCheck" -> keyWriteAccess(req);
                    case "Get" -> new Pending(table, null, pkValue(req.field("Key").orElse(null), k.hash), Operation.READ,
                            Units.readUnits(0, Consistency.STRONG), Consistency.STRONG, List.of());
                    default -> null;
                };
            }
            out.add(p == null ? null : transactional(p));
        }
        return out;
    }

    private static Pending transactional(Pending p) {
        List<IndexWrite> doubled = p.indexWrites.stream().map(w -> new IndexWrite(w.index(), w.partitionKey(), 2 * w.units())).toList();
        return new Pending(p.table, p.index, p.partitionKey, p.operation, 2 * p.units, p.consistency, doubled);
    }

    private GatewayResponse transaction(GatewayExchange ex, List<Pending> items) {
        List<Access> accesses = new ArrayList<>();
        List<Integer> positions = new ArrayList<>();
        List<Pending> pending = new ArrayList<>();
        for (int i = 0; i < items.size(); i++) {
            Pending p = items.get(i);
            if (p == null) continue;
            accesses.add(accessOf(p));
            positions.add(i);
            pending.add(p);
        }
        CapacityModel.AllDecision all = model.admitAll(accesses);
        if (!all.throttled()) {
            ex.attributes().put(PENDING, pending);
            return null;
        }
        Decision d = all.decision();
        Instant now = clock.instant();
        metrics.add(now, pending.get(all.throttledIndex()).table, null, ex.operation(), MetricNames.THROTTLED_REQUESTS, 1);
        countEvents(now, ex.operation(), d);
        int throttled = positions.get(all.throttledIndex());
        StringBuilder codes = new StringBuilder();
        StringBuilder reasons = new StringBuilder("\"CancellationReasons\":[");
        for (int i = 0; i < items.size(); i++) {
            boolean it = i == throttled;
            codes.append(i == 0 ? "" : ", ").append(it ? "ThrottlingError" : "None");
            reasons.append(i == 0 ? "" : ",").append(it
                    ? "{\"Code\":\"ThrottlingError\",\"Message\":" + GatewayResponse.quote(message(d)) + "}"
                    : "{\"Code\":\"None\"}");
        }
        reasons.append(']');
        return GatewayResponse.error("com.amazonaws.dynamodb.v20120810#TransactionCanceledException",
                "Transaction cancelled, please refer cancellation reasons for specific reasons [" + codes + "]", reasons.toString());
    }

    private static Access accessOf(Pending p) {
        return p.index == null && p.operation == Operation.READ
                ? Access.read(p.table, p.partitionKey, p.units, p.consistency)
                : p.index != null ? Access.readIndex(p.table, p.index, p.partitionKey, p.units)
                : Access.write(p.table, p.partitionKey, p.units, p.indexWrites.toArray(new IndexWrite[0]));
    }

    /**
     * BatchGetItem is decided key by key, like BatchWriteItem: throttled keys come back in UnprocessedKeys (with their
     * table's ProjectionExpression, ConsistentRead, ...), and only when every key is throttled does the call fail
     * with ProvisionedThroughputExceededException (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchGetItem.html).
     */
    private GatewayResponse batchGet(GatewayExchange ex) {
        JsonNode j = ex.json();
        Map<String, JsonNode> requestItems = j.field("RequestItems").map(JsonNode::asObject).orElse(Map.of());
        Map<String, List<JsonNode>> admitted = new LinkedHashMap<>();
        Map<String, List<JsonNode>> unprocessed = new LinkedHashMap<>();
        List<Pending> pending = new ArrayList<>();
        Decision first = null;
        Instant now = clock.instant();
        for (Map.Entry<String, JsonNode> e : requestItems.entrySet()) {
            String table = e.getKey();
            TableKeys k = keys(table);
            Consistency c = bool(e.getValue(), "ConsistentRead") ? Consistency.STRONG : Consistency.EVENTUAL;
            for (JsonNode key : e.getValue().field("Keys").filter(JsonNode::isArray).map(JsonNode::asArray).orElse(List.of())) {
                Pending p = k == null ? null : new Pending(table, null, pkValue(key, k.hash), Operation.READ, Units.readUnits(0, c), c, List.of());
                Decision d = p == null ? Decision.ADMITTED : model.admit(accessOf(p));
                if (d.throttled()) {
                    if (first == null) first = d;
                    countEvents(now, ex.operation(), d);
                    unprocessed.computeIfAbsent(table, x -> new ArrayList<>()).add(key);
                } else {
                    if (p != null) pending.add(p);
                    admitted.computeIfAbsent(table, x -> new ArrayList<>()).add(key);
                }
            }
        }
        return split(ex, requestItems.keySet(), now, first, pending, admitted.isEmpty(), () -> keysJson(requestItems, admitted),
                r -> withMember(r, "UnprocessedKeys", keysJson(requestItems, unprocessed)));
    }

    /**
     * The end of a batch decided item by item (BatchGetItem, BatchWriteItem): nothing throttled goes on as it is;
     * everything throttled fails the call, the one case where a batch counts as a throttled request
     * (metrics-dimensions.html); otherwise only the admitted part is forwarded and the rest comes back unprocessed.
     *
     * @param admittedJson the RequestItems member holding the admitted part
     * @param unprocessed adds the throttled part to DynamoDB Local's answer
     */
    private GatewayResponse split(GatewayExchange ex, java.util.Set<String> tables, Instant now, Decision first,
                                  List<Pending> pending, boolean noneAdmitted, java.util.function.Supplier<String> admittedJson,
                                  java.util.function.UnaryOperator<GatewayResponse> unprocessed) {
        if (first == null) {
            ex.attributes().put(PENDING, pending);
            return null;
        }
        if (noneAdmitted) {
            for (String table : tables) metrics.add(now, table, null, ex.operation(), MetricNames.THROTTLED_REQUESTS, 1);
            return throttledResponse(first);
        }
        ex.attributes().put(PENDING, pending);
        StringBuilder body = new StringBuilder("{");
        for (Map.Entry<String, JsonNode> e : ex.json().asObject().entrySet()) {
            if (e.getKey().equals("RequestItems")) continue;
            body.append(GatewayResponse.quote(e.getKey())).append(':').append(JsonText.write(e.getValue())).append(',');
        }
        body.append("\"RequestItems\":").append(admittedJson.get()).append('}');
        ex.replaceBody(body.toString().getBytes(StandardCharsets.UTF_8));
        ex.rewriteResponse(unprocessed);
        return null;
    }

    /** Per table, its KeysAndAttributes with only the given keys. */
    private static String keysJson(Map<String, JsonNode> requestItems, Map<String, List<JsonNode>> keysByTable) {
        StringBuilder b = new StringBuilder("{");
        boolean firstTable = true;
        for (Map.Entry<String, List<JsonNode>> e : keysByTable.entrySet()) {
            if (!firstTable) b.append(',');
            firstTable = false;
            b.append(GatewayResponse.quote(e.getKey())).append(":{");
            for (Map.Entry<String, JsonNode> f : requestItems.get(e.getKey()).asObject().entrySet()) {
                if (f.getKey().equals("Keys")) continue;
                b.append(GatewayResponse.quote(f.getKey())).append(':').append(JsonText.write(f.getValue())).append(',');
            }
            b.append("\"Keys\":[");
            for (int i = 0; i < e.getValue().size(); i++) b.append(i == 0 ? "" : ",").append(JsonText.write(e.getValue().get(i)));
            b.append("]}");
        }
        return b.append('}').toString();
    }

    /** The response with one top-level member replaced (and its CRC32 recomputed). */
    private static GatewayResponse withMember(GatewayResponse r, String member, String json) {
        if (!r.ok()) return r;
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, JsonNode> e : r.json().asObject().entrySet()) {
            if (e.getKey().equals(member)) continue;
            b.append(GatewayResponse.quote(e.getKey())).append(':').append(JsonText.write(e.getValue())).append(',');
        }
        b.append(GatewayResponse.quote(member)).append(':').append(json).append('}');
        return withBody(r, b.toString().getBytes(StandardCharsets.UTF_8));
    }

    private static GatewayResponse withBody(GatewayResponse r, byte[] body) {
        // The SDK checks DynamoDB's x-amz-crc32 against the body it receives: a new body needs its own.
        Map<String, String> headers = new LinkedHashMap<>();
        r.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("x-amz-crc32")) headers.put(k, v);
        });
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body);
        headers.put("x-amz-crc32", Long.toString(crc.getValue()));
        return new GatewayResponse(r.status(), headers, body);
    }

    private static final Pattern STATEMENT = Pattern.compile(
            "(?is)^\\s*(SELECT\\b.*?\\bFROM|INSERT\\s+INTO|UPDATE|DELETE\\s+FROM)\\s+(\"(?:[^\"]|\"\")+\"|[A-Za-z0-9_.-]+)(?:\\s*\\.\\s*(\"(?:[^\"]|\"\")+\"|[A-Za-z0-9_-]+))?");

    /**
     * A PartiQL statement as its non-PartiQL twin: a SELECT naming the partition key with '=' is a Query (or GetItem)
     * of that partition, any other SELECT a Scan; INSERT a PutItem; UPDATE and DELETE an UpdateItem or DeleteItem of
     * the key in their WHERE clause. Admitted at the twin's minimum and charged what DynamoDB Local reports.
     * A key given as a '?' parameter, or not found, is charged to one pseudo key of the statement's kind.
     */
    private Pending statementAccess(JsonNode request) {
        String statement = str(request, "Statement");
        if (statement == null) return null;
        Matcher m = STATEMENT.matcher(statement);
        if (!m.find()) return null;
        String table = unquote(m.group(2));
        String index = m.group(3) == null ? null : unquote(m.group(3));
        TableKeys k = keys(table);
        if (k == null) return null;
        String verb = m.group(1).trim().substring(0, 1).toUpperCase(java.util.Locale.ROOT);
        String rest = statement.substring(m.end());
        if (verb.equals("S")) {
            String gsi = gsiOf(table, index);
            String hash = gsi == null ? k.hash : k.gsis.get(gsi).hash;
            String pk = literalFor(rest, hash, "=");
            Consistency c = bool(request, "ConsistentRead") ? Consistency.STRONG : Consistency.EVENTUAL;
            return new Pending(table, gsi, pk == null ? "scan-start#0" : "S:" + pk, Operation.READ, Units.readUnits(0, c), c, List.of());
        }
        String pk = verb.equals("I") ? literalFor(rest, k.hash, ":") : literalFor(rest, k.hash, "=");
        return new Pending(table, null, pk == null ? "(partiql)" : "S:" + pk, Operation.WRITE, Units.writeUnits(0, false),
                Consistency.STRONG, List.of());
    }

    /**
     * BatchExecuteStatement, statement by statement as its twins: a throttled statement gets its Error in its place
     * and the call still answers 200 (API_BatchStatementError.html). Which code a throttle gets is undocumented:
     * ProvisionedThroughputExceeded where the twin would raise ProvisionedThroughputExceededException, ThrottlingError
     * where it would raise ThrottlingException. It reads the body as the access filter left it.
     */
    private GatewayResponse batchStatements(GatewayExchange ex) {
        JsonNode current = GatewayExchange.parse(ex.body());
        List<JsonNode> statements = current.field("Statements").filter(JsonNode::isArray).map(JsonNode::asArray).orElse(List.of());
        String[] errors = new String[statements.size()];
        List<Pending> pending = new ArrayList<>();
        boolean anyThrottled = false;
        boolean anyAdmitted = false;
        Instant now = clock.instant();
        String throttledTable = null;
        for (int i = 0; i < statements.size(); i++) {
            Pending p = statementAccess(statements.get(i));
            Decision d = p == null ? Decision.ADMITTED : model.admit(accessOf(p));
            if (d.throttled()) {
                anyThrottled = true;
                throttledTable = p.table;
                countEvents(now, ex.operation(), d);
                String code = d.errorType() == dev.workshop.capacity.ErrorType.PROVISIONED_THROUGHPUT_EXCEEDED
                        ? "ProvisionedThroughputExceeded" : "ThrottlingError";
                errors[i] = BatchStatements.error(code, message(d));
            } else {
                anyAdmitted = true;
                if (p != null) pending.add(p);
            }
        }
        if (!anyThrottled) {
            ex.attributes().put(PENDING, pending);
            return null;
        }
        if (!anyAdmitted) {
            metrics.add(now, throttledTable, null, ex.operation(), MetricNames.THROTTLED_REQUESTS, 1);
            return BatchStatements.allFailed(errors, Map.of());
        }
        ex.attributes().put(PENDING, pending);
        ex.replaceBody(BatchStatements.forwarded(current, statements, errors));
        ex.rewriteResponse(r -> BatchStatements.splice(r, errors, Map.of()));
        return null;
    }

    /** The string literal next to an attribute name: {@code name = 'v'} in a WHERE, {@code 'name' : 'v'} in a VALUE. */
    private static String literalFor(String text, String attribute, String separator) {
        String name = "(?:\"" + Pattern.quote(attribute) + "\"|'" + Pattern.quote(attribute) + "'|\\b" + Pattern.quote(attribute) + "\\b)";
        Matcher v = Pattern.compile(name + "\\s*" + Pattern.quote(separator) + "\\s*'((?:[^']|'')*)'").matcher(text);
        return v.find() ? v.group(1).replace("''", "'") : null;
    }

    private static String unquote(String id) {
        return id.startsWith("\"") ? id.substring(1, id.length() - 1).replace("\"\"", "\"") : id;
    }

    private Pending putAccess(JsonNode item, String table, boolean fromBatch) {
        TableKeys k = keys(table);
        if (k == null) return null;
        JsonNode it = item.field("Item").orElse(null);
        long size = ItemSize.of(it);
        String pk = pkValue(it, k.hash);
        List<IndexWrite> writes = new ArrayList<>();
        if (it != null) {
            Map<String, JsonNode> attrs = it.asObject();
            k.gsis.forEach((name, ix) -> {
                if (attrs.containsKey(ix.hash) && (ix.range == null || attrs.containsKey(ix.range))) {
                    writes.add(new IndexWrite(name, canonical(attrs.get(ix.hash)),
                            Units.writeUnits(projectedSize(attrs, k, ix), false)));
                }
            });
        }
        return new Pending(table, null, pk, Operation.WRITE, Units.writeUnits(size, false), Consistency.STRONG, writes);
    }

    private Pending putAccess(JsonNode request, String table) {
        return putAccess(request, table, false);
    }

    private static long projectedSize(Map<String, JsonNode> attrs, TableKeys k, IndexKeys ix) {
        if ("ALL".equals(ix.projection)) {
            long s = 0;
            for (Map.Entry<String, JsonNode> e : attrs.entrySet()) s += ItemSize.utf8(e.getKey()) + ItemSize.value(e.getValue());
            return s;
        }
        Set<String> names = new HashSet<>();
        names.add(k.hash);
        if (k.range != null) names.add(k.range);
        names.add(ix.hash);
        if (ix.range != null) names.add(ix.range);
        if ("INCLUDE".equals(ix.projection)) names.addAll(ix.include);
        long s = 0;
        for (String n : names) {
            JsonNode v = attrs.get(n);
            if (v != null) s += ItemSize.utf8(n) + ItemSize.value(v);
        }
        return s;
    }

    private Pending keyWriteAccess(JsonNode j) {
        String table = str(j, "TableName");
        TableKeys k = keys(table);
        if (k == null) return null;
        JsonNode key = j.field("Key").orElse(null);
        return new Pending(table, null, pkValue(key, k.hash), Operation.WRITE, Units.writeUnits(ItemSize.of(key), false),
                Consistency.STRONG, List.of());
    }

    private Pending queryAccess(JsonNode j) {
        String table = str(j, "TableName");
        TableKeys k = keys(table);
        if (k == null) return null;
        String indexName = str(j, "IndexName");
        String index = gsiOf(table, indexName);
        String hash = index == null ? k.hash : k.gsis.get(index).hash;
        String pk = queryPartitionKey(j, hash);
        Consistency c = bool(j, "ConsistentRead") ? Consistency.STRONG : Consistency.EVENTUAL;
        return new Pending(table, index, pk == null ? "query" : pk, Operation.READ, Units.readUnits(0, c), c, List.of());
    }

    /** The partition key value a Query names: "#pk = :v" in KeyConditionExpression, or legacy KeyConditions EQ. */
    static String queryPartitionKey(JsonNode j, String hash) {
        Map<String, JsonNode> names = j.field("ExpressionAttributeNames").map(JsonNode::asObject).orElse(Map.of());
        Map<String, JsonNode> values = j.field("ExpressionAttributeValues").map(JsonNode::asObject).orElse(Map.of());
        String expr = str(j, "KeyConditionExpression");
        if (expr != null) {
            Matcher m = EQUALITY.matcher(expr);
            while (m.find()) {
                String name = m.group(1);
                if (name.startsWith("#") && names.containsKey(name)) name = names.get(name).asString();
                if (name.equals(hash) && values.containsKey(m.group(2))) return canonical(values.get(m.group(2)));
            }
        }
        JsonNode legacy = j.field("KeyConditions").flatMap(kc -> kc.field(hash)).orElse(null);
        if (legacy != null) {
            List<JsonNode> list = legacy.field("AttributeValueList").map(JsonNode::asArray).orElse(List.of());
            if (!list.isEmpty()) return canonical(list.get(0));
        }
        return null;
    }

    private GatewayResponse batchWrite(GatewayExchange ex) {
        JsonNode j = ex.json();
        Map<String, JsonNode> requestItems = j.field("RequestItems").map(JsonNode::asObject).orElse(Map.of());
        Map<String, List<JsonNode>> admitted = new LinkedHashMap<>();
        Map<String, List<JsonNode>> unprocessed = new LinkedHashMap<>();
        List<Pending> pending = new ArrayList<>();
        Decision first = null;
        int total = 0;
        Instant now = clock.instant();
        for (Map.Entry<String, JsonNode> e : requestItems.entrySet()) {
            String table = e.getKey();
            TableKeys k = keys(table);
            for (JsonNode req : e.getValue().asArray()) {
                total++;
                Pending p = null;
                if (k != null) {
                    JsonNode put = req.field("PutRequest").orElse(null);
                    JsonNode del = req.field("DeleteRequest").orElse(null);
                    if (put != null) p = putAccess(put, table, true);
                    else if (del != null) {
                        JsonNode key = del.field("Key").orElse(null);
                        p = new Pending(table, null, pkValue(key, k.hash), Operation.WRITE,
                                Units.writeUnits(ItemSize.of(key), false), Consistency.STRONG, List.of());
                    }
                }
                Decision d = p == null ? Decision.ADMITTED
                        : model.admit(Access.write(p.table, p.partitionKey, p.units, p.indexWrites.toArray(new IndexWrite[0])));
                if (d.throttled()) {
                    if (first == null) first = d;
                    countEvents(now, ex.operation(), d);
                    unprocessed.computeIfAbsent(table, x -> new ArrayList<>()).add(req);
                } else {
                    if (p != null) pending.add(p);
                    admitted.computeIfAbsent(table, x -> new ArrayList<>()).add(req);
                }
            }
        }
        return split(ex, requestItems.keySet(), now, first, pending, admitted.isEmpty(), () -> itemsJson(admitted),
                r -> withUnprocessed(r, unprocessed));
    }

    private static String itemsJson(Map<String, List<JsonNode>> byTable) {
        StringBuilder b = new StringBuilder("{");
        boolean firstTable = true;
        for (Map.Entry<String, List<JsonNode>> e : byTable.entrySet()) {
            if (!firstTable) b.append(',');
            firstTable = false;
            b.append(GatewayResponse.quote(e.getKey())).append(":[");
            for (int i = 0; i < e.getValue().size(); i++) {
                if (i > 0) b.append(',');
                JsonText.write(e.getValue().get(i), b);
            }
            b.append(']');
        }
        return b.append('}').toString();
    }

    private static GatewayResponse withUnprocessed(GatewayResponse r, Map<String, List<JsonNode>> ours) {
        if (!r.ok()) return r;
        JsonNode json = r.json();
        Map<String, List<JsonNode>> all = new LinkedHashMap<>();
        json.field("UnprocessedItems").ifPresent(u -> u.asObject().forEach((t, list) -> all.put(t, new ArrayList<>(list.asArray()))));
        ours.forEach((t, list) -> all.computeIfAbsent(t, x -> new ArrayList<>()).addAll(list));
        StringBuilder b = new StringBuilder("{");
        for (Map.Entry<String, JsonNode> e : json.asObject().entrySet()) {
            if (e.getKey().equals("UnprocessedItems")) continue;
            b.append(GatewayResponse.quote(e.getKey())).append(':').append(JsonText.write(e.getValue())).append(',');
        }
        b.append("\"UnprocessedItems\":").append(itemsJson(all)).append('}');
        byte[] body = b.toString().getBytes(StandardCharsets.UTF_8);
        // The SDK checks DynamoDB's x-amz-crc32 against the body it receives: a new body needs its own.
        Map<String, String> headers = new LinkedHashMap<>();
        r.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("x-amz-crc32")) headers.put(k, v);
        });
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body);
        headers.put("x-amz-crc32", Long.toString(crc.getValue()));
        return new GatewayResponse(r.status(), headers, body);
    }

    // ------------------------------------------------------------------ responses and metrics

    static GatewayResponse throttledResponse(Decision d) {
        StringBuilder reasons = new StringBuilder("\"ThrottlingReasons\":[");
        for (int i = 0; i < d.reasons().size(); i++) {
            ThrottlingReason r = d.reasons().get(i);
            if (i > 0) reasons.append(',');
            reasons.append("{\"reason\":").append(GatewayResponse.quote(r.reason()))
                    .append(",\"resource\":").append(GatewayResponse.quote(r.resource())).append('}');
        }
        reasons.append(']');
        // As DynamoDB answers: the error named in the body's __type only (no x-amzn-ErrorType header), so whatever
        // counts throttles here counts them on AWS too.
        return GatewayResponse.error(d.errorType().awsType(), message(d), reasons.toString());
    }

    /** DynamoDB's own wording for each kind of throttle. */
    private static String message(Decision d) {
        String reason = d.reasons().isEmpty() ? "" : d.reasons().get(0).reason();
        if (reason.endsWith("KeyRangeThroughputExceeded")) {
            return "Throughput exceeds the current throughput limit for your account or partition. "
                    + "Reduce the request rate for the hot key, or spread it over more partition key values ("
                    + reason + " on " + d.resource() + ").";
        }
        if (reason.endsWith("MaxOnDemandThroughputExceeded")) {
            return "Throughput exceeds the maximum on-demand throughput configured for the table or index (" + reason + ").";
        }
        if (reason.endsWith("AccountLimitExceeded")) {
            return "Throughput exceeds the current throughput limit for your account (" + reason + ").";
        }
        return "The level of configured provisioned throughput for the table was exceeded. "
                + "Consider increasing your provisioning level with the UpdateTable API.";
    }

    /** One throttle event per reason: a resource (table or GSI) that could not take the event. */
    private void countEvents(Instant now, String operation, Decision d) {
        for (ThrottlingReason r : d.reasons()) {
            String[] ti = tableAndIndex(r.resource());
            boolean read = r.reason().contains("Read");
            metrics.add(now, ti[0], ti[1], operation,
                    read ? MetricNames.READ_THROTTLE_EVENTS : MetricNames.WRITE_THROTTLE_EVENTS, 1);
            if (r.reason().endsWith("KeyRangeThroughputExceeded")) {
                metrics.add(now, ti[0], ti[1], operation,
                        read ? MetricNames.READ_KEY_RANGE_THROTTLE_EVENTS : MetricNames.WRITE_KEY_RANGE_THROTTLE_EVENTS, 1);
            }
        }
    }

    static String[] tableAndIndex(String arn) {
        int i = arn.indexOf(":table/");
        String rest = i < 0 ? arn : arn.substring(i + 7);
        int ix = rest.indexOf("/index/");
        return ix < 0 ? new String[] {rest, null} : new String[] {rest.substring(0, ix), rest.substring(ix + 7)};
    }

    // ------------------------------------------------------------------ after

    @Override
    public void after(GatewayExchange ex, GatewayResponse response) {
        @SuppressWarnings("unchecked")
        List<Pending> pending = (List<Pending>) ex.attributes().get(PENDING);
        boolean conditionFailed = "ConditionalCheckFailedException".equals(response.errorCode());
        if (pending == null) {
            if (response.ok()) chargeReported(ex.operation(), response.json());
            return;
        }
        if (!response.ok() && !conditionFailed) return;
        Instant now = clock.instant();
        JsonNode json = response.ok() ? response.json() : null;
        if (json != null && MANY.contains(ex.operation())) {
            reconcile(now, ex.operation(), pending, json);
            return;
        }
        if (pending.size() == 1 && json != null && !ex.operation().equals("BatchWriteItem")) {
            Pending p = pending.get(0);
            double actual = actualUnits(ex.operation(), p, json);
            if (actual > p.units) charge(p, actual - p.units);
            record(now, ex.operation(), p, Math.max(actual, p.units));
            return;
        }
        for (Pending p : pending) record(now, ex.operation(), p, p.units);
    }

    /** Calls admitted item by item at their minimum, whose real cost is known only from the response. */
    private static final Set<String> MANY = Set.of("BatchGetItem", "TransactGetItems", "TransactWriteItems", "ExecuteTransaction",
            "BatchExecuteStatement");

    /**
     * Charges what a many-item call really cost, per table: the ConsumedCapacity DynamoDB Local reports when the
     * caller asked for it, else (BatchGetItem) each returned item's size rounded up on its own. The part above what
     * was admitted is charged to the table's first admitted partition and counted in the metrics.
     */
    private void reconcile(Instant now, String operation, List<Pending> pending, JsonNode json) {
        Map<String, Double> actual = new LinkedHashMap<>();
        JsonNode cc = json.field("ConsumedCapacity").orElse(null);
        if (cc != null && cc.isArray()) {
            for (JsonNode c : cc.asArray()) {
                String table = str(c, "TableName");
                JsonNode units = c.field("CapacityUnits").orElse(null);
                if (table != null && units != null) actual.merge(table, Double.parseDouble(units.asNumber()), Double::sum);
            }
        } else if (operation.equals("BatchGetItem")) {
            Map<String, Consistency> consistency = new LinkedHashMap<>();
            for (Pending p : pending) consistency.putIfAbsent(p.table, p.consistency);
            json.field("Responses").filter(JsonNode::isObject).ifPresent(r -> r.asObject().forEach((table, items) -> {
                Consistency c = consistency.getOrDefault(table, Consistency.EVENTUAL);
                for (JsonNode item : items.asArray()) actual.merge(table, Units.readUnits(ItemSize.of(item), c), Double::sum);
            }));
        }
        for (Pending p : pending) record(now, operation, p, p.units);
        actual.forEach((table, units) -> {
            Pending first = pending.stream().filter(p -> p.table.equals(table)).findFirst().orElse(null);
            if (first == null) return;
            double admitted = pending.stream().filter(p -> p.table.equals(table)).mapToDouble(p -> p.units).sum();
            double extra = units - admitted;
            if (extra <= 0) return;
            charge(first, extra);
            metrics.add(now, table, null, operation, first.operation == Operation.READ ? MetricNames.CONSUMED_READ : MetricNames.CONSUMED_WRITE, extra);
        });
    }

    private double actualUnits(String operation, Pending p, JsonNode json) {
        Double reported = reportedUnits(json, p.table, p.index);
        if (reported != null) return reported;
        switch (operation) {
            case "GetItem":
                return Units.readUnits(ItemSize.of(json.field("Item").orElse(null)), p.consistency);
            case "Query":
            case "Scan": {
                // A Query or Scan adds up the sizes of the items it read and rounds the sum up once.
                long bytes = 0;
                for (JsonNode item : json.field("Items").map(JsonNode::asArray).orElse(List.of())) bytes += ItemSize.of(item);
                return Units.readUnits(bytes, p.consistency);
            }
            default:
                return p.units;
        }
    }

    /** ConsumedCapacity of the table (or index) when the response carries it. */
    private static Double reportedUnits(JsonNode json, String table, String index) {
        JsonNode cc = json.field("ConsumedCapacity").orElse(null);
        if (cc == null || !cc.isObject()) return null;
        if (index != null) {
            return cc.field("GlobalSecondaryIndexes").flatMap(g -> g.field(index)).flatMap(c -> c.field("CapacityUnits"))
                    .map(n -> Double.parseDouble(n.asNumber())).orElse(null);
        }
        JsonNode t = cc.field("Table").flatMap(x -> x.field("CapacityUnits")).orElse(null);
        if (t != null) return Double.parseDouble(t.asNumber());
        return cc.field("CapacityUnits").map(n -> Double.parseDouble(n.asNumber())).orElse(null);
    }

    private void charge(Pending p, double units) {
        if (p.operation == Operation.READ) {
            model.charge(p.index == null ? Access.read(p.table, p.partitionKey, units, p.consistency)
                    : Access.readIndex(p.table, p.index, p.partitionKey, units));
        } else {
            model.charge(Access.write(p.table, p.partitionKey, units));
        }
    }

    private void record(Instant now, String operation, Pending p, double units) {
        if (p.operation == Operation.READ) {
            metrics.add(now, p.table, p.index, operation, MetricNames.CONSUMED_READ, units);
        } else {
            metrics.add(now, p.table, null, operation, MetricNames.CONSUMED_WRITE, units);
            for (IndexWrite w : p.indexWrites) metrics.add(now, p.table, w.index(), operation, MetricNames.CONSUMED_WRITE, w.units());
        }
    }

    /** Operations the model does not throttle (transactions, PartiQL, BatchGetItem): charged what DynamoDB Local reports. */
    private void chargeReported(String operation, JsonNode json) {
        JsonNode cc = json.field("ConsumedCapacity").orElse(null);
        if (cc == null) return;
        boolean write = operation.startsWith("TransactWrite") || operation.equals("ExecuteTransaction")
                || operation.equals("BatchExecuteStatement") || operation.equals("ExecuteStatement");
        List<JsonNode> list = cc.isArray() ? cc.asArray() : List.of(cc);
        Instant now = clock.instant();
        for (JsonNode c : list) {
            String table = str(c, "TableName");
            if (table == null) continue;
            double units = c.field("CapacityUnits").map(n -> Double.parseDouble(n.asNumber())).orElse(0.0);
            JsonNode w = c.field("WriteCapacityUnits").orElse(null);
            JsonNode r = c.field("ReadCapacityUnits").orElse(null);
            double writeUnits = w != null ? Double.parseDouble(w.asNumber()) : write ? units : 0;
            double readUnits = r != null ? Double.parseDouble(r.asNumber()) : write ? 0 : units;
            if (writeUnits > 0) {
                model.charge(Access.write(table, "(" + operation + ")", writeUnits));
                metrics.add(now, table, null, operation, MetricNames.CONSUMED_WRITE, writeUnits);
            }
            if (readUnits > 0) {
                model.charge(Access.read(table, "(" + operation + ")", readUnits, Consistency.STRONG));
                metrics.add(now, table, null, operation, MetricNames.CONSUMED_READ, readUnits);
            }
        }
    }

    // ------------------------------------------------------------------ table definitions

    private TableKeys keys(String table) {
        if (table == null) return null;
        TableKeys k = tables.get(table);
        if (k != null) return k;
        // First sight of a table the model was not told about (a server restarted on persisted data).
        JsonNode described = catalogue.table(table).orElse(null);
        if (described == null) return null;
        learn(described);
        return tables.get(table);
    }

    /** Defines (or redefines) a table from its TableDescription. */
    void learn(JsonNode d) {
        String name = str(d, "TableName");
        if (name == null) return;
        String[] keys = keySchema(d);
        Map<String, IndexKeys> gsis = new LinkedHashMap<>();
        boolean onDemand = d.field("BillingModeSummary").map(b -> "PAY_PER_REQUEST".equals(str(b, "BillingMode"))).orElse(false);
        long rcu = num(d.field("ProvisionedThroughput").orElse(null), "ReadCapacityUnits");
        long wcu = num(d.field("ProvisionedThroughput").orElse(null), "WriteCapacityUnits");
        if (!onDemand && (rcu < 1 || wcu < 1)) onDemand = true;
        BillingMode mode = onDemand ? BillingMode.PAY_PER_REQUEST : BillingMode.PROVISIONED;
        List<IndexSpec> specs = new ArrayList<>();
        for (JsonNode g : d.field("GlobalSecondaryIndexes").map(JsonNode::asArray).orElse(List.of())) {
            String ix = str(g, "IndexName");
            String[] gk = keySchema(g);
            JsonNode proj = g.field("Projection").orElse(null);
            Set<String> include = new HashSet<>();
            if (proj != null) proj.field("NonKeyAttributes").ifPresent(a -> a.asArray().forEach(x -> include.add(x.asString())));
            gsis.put(ix, new IndexKeys(gk[0], gk[1], proj == null ? "ALL" : str(proj, "ProjectionType"), include));
            JsonNode pt = g.field("ProvisionedThroughput").orElse(null);
            JsonNode od = g.field("OnDemandThroughput").orElse(null);
            specs.add(onDemand
                    ? new IndexSpec(ix, 0, 0, maxUnits(od, "MaxReadRequestUnits"), maxUnits(od, "MaxWriteRequestUnits"))
                    : IndexSpec.provisioned(ix, Math.max(1, num(pt, "ReadCapacityUnits")), Math.max(1, num(pt, "WriteCapacityUnits"))));
        }
        JsonNode od = d.field("OnDemandThroughput").orElse(null);
        TableSpec spec = new TableSpec(name, mode, onDemand ? 0 : rcu, onDemand ? 0 : wcu,
                onDemand ? maxUnits(od, "MaxReadRequestUnits") : DynamoDbLimits.NO_MAXIMUM,
                onDemand ? maxUnits(od, "MaxWriteRequestUnits") : DynamoDbLimits.NO_MAXIMUM, specs);
        model.defineTable(spec);
        tables.put(name, new TableKeys(keys[0], keys[1], gsis));
    }

    void forget(String table) {
        if (table == null) return;
        tables.remove(table);
        model.dropTable(table);
    }

    private String gsiOf(String table, String indexName) {
        if (indexName == null) return null;
        TableKeys k = tables.get(table);
        // A local secondary index shares the base table's partitions.
        return k != null && k.gsis.containsKey(indexName) ? indexName : null;
    }

    private static String[] keySchema(JsonNode d) {
        String hash = null;
        String range = null;
        for (JsonNode k : d.field("KeySchema").map(JsonNode::asArray).orElse(List.of())) {
            if ("HASH".equals(str(k, "KeyType"))) hash = str(k, "AttributeName");
            else range = str(k, "AttributeName");
        }
        return new String[] {hash, range};
    }

    private static long maxUnits(JsonNode od, String field) {
        if (od == null) return DynamoDbLimits.NO_MAXIMUM;
        long v = num(od, field);
        return v > 0 ? v : DynamoDbLimits.NO_MAXIMUM;
    }

    private static long num(JsonNode n, String field) {
        if (n == null) return 0;
        return n.field(field).map(x -> (long) Double.parseDouble(x.asNumber())).orElse(0L);
    }

    static String str(JsonNode n, String field) {
        if (n == null || !n.isObject()) return null;
        return n.field(field).filter(JsonNode::isString).map(JsonNode::asString).orElse(null);
    }

    private static boolean bool(JsonNode n, String field) {
        return n.field(field).filter(JsonNode::isBoolean).map(JsonNode::asBoolean).orElse(false);
    }

    private static String pkValue(JsonNode item, String hash) {
        if (item == null || hash == null) return "";
        return item.field(hash).map(CapacityFilter::canonical).orElse("");
    }

    /** A typed value as one string, so that S "1" and N "1" are different keys. */
    static String canonical(JsonNode typed) {
        if (typed == null || !typed.isObject()) return "";
        for (Map.Entry<String, JsonNode> e : typed.asObject().entrySet()) {
            JsonNode v = e.getValue();
            return e.getKey() + ":" + (v.isString() ? v.asString() : v.isNumber() ? v.asNumber() : JsonText.write(v));
        }
        return "";
    }

    @Override
    public void close() {
        metrics.close();
    }
}
