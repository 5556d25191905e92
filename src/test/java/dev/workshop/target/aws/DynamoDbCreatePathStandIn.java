package dev.workshop.target.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * A loopback stand-in for DynamoDB on the facilitator's create path, in front of the local gateway (DynamoDB Local
 * underneath). It speaks DynamoDB's JSON 1.0 protocol and answers what DynamoDB Local lacks, as the API reference
 * documents it, recording every request so a test can check its shape:
 *
 * <ul>
 *   <li>CreateTable: WarmThroughput on the table and its GSIs must be {ReadUnitsPerSecond, WriteUnitsPerSecond} of
 *       positive whole numbers (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_WarmThroughput.html),
 *       else ValidationException; it is taken off before the request goes on, since DynamoDB Local has no warm
 *       throughput.</li>
 *   <li>UpdateContinuousBackups (DynamoDB Local answers UnknownOperationException): TableNotFoundException for an
 *       unknown table; for {@code enabling} after the table's creation, ContinuousBackupsUnavailableException ("Backups
 *       have not yet been enabled for this table",
 *       https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContinuousBackups.html), which
 *       is what a freshly created table answers on AWS; then the documented ContinuousBackupsDescription.</li>
 *   <li>UpdateTimeToLive: answered here with its TimeToLiveSpecification (DynamoDB Local runs a never-ending job per
 *       TTL table, see Workspace); ValidationException without AttributeName or Enabled
 *       (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTimeToLive.html).</li>
 * </ul>
 * Everything else goes to the gateway unchanged. Public so that lab tests can put it in front of their target too.
 */
public final class DynamoDbCreatePathStandIn implements AutoCloseable {
    private static final String JSON = "application/x-amz-json-1.0";
    private static final String PREFIX = "com.amazonaws.dynamodb.v20120810#";
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    public record Call(String operation, JsonNode body, int status, long atNanos) {}

    private final URI backend;
    private final Duration enabling;
    private final HttpServer server;
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
    private final List<Call> calls = Collections.synchronizedList(new ArrayList<>());
    private final Map<String, Long> createdAt = new ConcurrentHashMap<>();
    private final java.util.concurrent.atomic.AtomicInteger refuseCreates = new java.util.concurrent.atomic.AtomicInteger();

    /**
     * The next {@code n} CreateTable calls are refused with LimitExceededException, as an account answers when too many
     * tables with secondary indexes are being created at once (250; the LimitExceededException reference,
     * https://docs.aws.amazon.com/botocore/latest/reference/services/dynamodb/client/exceptions/LimitExceededException.html).
     */
    public DynamoDbCreatePathStandIn refuseCreateTables(int n) {
        refuseCreates.set(n);
        return this;
    }

    public DynamoDbCreatePathStandIn(URI backend, Duration enabling) throws IOException {
        this.backend = backend;
        this.enabling = enabling;
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(Executors.newCachedThreadPool(r -> {
            Thread t = new Thread(r, "dynamodb-stand-in");
            t.setDaemon(true);
            return t;
        }));
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public List<Call> calls(String operation) {
        synchronized (calls) {
            return calls.stream().filter(c -> c.operation().equals(operation)).toList();
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        byte[] body;
        try (InputStream in = ex.getRequestBody()) {
            body = in.readAllBytes();
        }
        String target = ex.getRequestHeaders().getFirst("X-Amz-Target");
        String operation = target == null ? "" : target.substring(target.indexOf('.') + 1);
        JsonNode json = JsonNode.parser().parse(new String(body, StandardCharsets.UTF_8));
        ex.setAttribute(OPERATION, operation);
        ex.setAttribute(JSON_BODY, json);
        try {
            switch (operation) {
                case "CreateTable" -> createTable(ex, json);
                case "UpdateContinuousBackups" -> updateContinuousBackups(ex, json);
                case "UpdateTimeToLive" -> updateTimeToLive(ex, json);
                default -> forward(ex, body);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            send(ex, 500, "{\"__type\":\"" + PREFIX + "InternalServerError\",\"message\":\"interrupted\"}");
        }
    }

    private static final String OPERATION = "standin.operation";
    private static final String JSON_BODY = "standin.json";

    /**
     * Recorded before the answer goes out: a client that has its answer may look at {@link #calls} at once (a test
     * saw the last call missing when the answer won the race on a loaded machine).
     */
    private void record(HttpExchange ex, int status) {
        calls.add(new Call((String) ex.getAttribute(OPERATION), (JsonNode) ex.getAttribute(JSON_BODY), status, System.nanoTime()));
    }

    private int createTable(HttpExchange ex, JsonNode json) throws IOException, InterruptedException {
        if (refuseCreates.getAndUpdate(n -> Math.max(0, n - 1)) > 0) {
            return error(ex, "LimitExceededException", "Subscriber limit exceeded: Too many tables with secondary indexes are being created");
        }
        String problem = warmThroughputProblem(json.field("WarmThroughput").orElse(null), "WarmThroughput");
        for (JsonNode g : json.field("GlobalSecondaryIndexes").map(JsonNode::asArray).orElse(List.of())) {
            if (problem == null) problem = warmThroughputProblem(g.field("WarmThroughput").orElse(null), "GlobalSecondaryIndexes.WarmThroughput");
        }
        if (problem != null) return error(ex, "ValidationException", problem);
        HttpResponse<byte[]> r = backend(ex, write(json, Set.of("WarmThroughput")).getBytes(StandardCharsets.UTF_8));
        // Known as created before the client hears it: its next request may come at once.
        if (r.statusCode() == 200) createdAt.put(json.field("TableName").map(JsonNode::asString).orElse(""), System.nanoTime());
        return relay(ex, r);
    }

    private static String warmThroughputProblem(JsonNode w, String where) {
        if (w == null) return null;
        if (!w.isObject() || w.asObject().isEmpty()) return where + " must name ReadUnitsPerSecond or WriteUnitsPerSecond";
        for (var e : w.asObject().entrySet()) {
            if (!Set.of("ReadUnitsPerSecond", "WriteUnitsPerSecond").contains(e.getKey())) return where + " has no member " + e.getKey();
            if (!e.getValue().isNumber() || e.getValue().asNumber().contains(".") || Long.parseLong(e.getValue().asNumber()) < 1) {
                return where + "." + e.getKey() + " must be a positive whole number";
            }
        }
        return null;
    }

    private int updateContinuousBackups(HttpExchange ex, JsonNode json) throws IOException {
        String table = json.field("TableName").map(JsonNode::asString).orElse("");
        boolean enabled = json.field("PointInTimeRecoverySpecification").flatMap(p -> p.field("PointInTimeRecoveryEnabled"))
                .filter(JsonNode::isBoolean).map(JsonNode::asBoolean).orElse(false);
        Long created = createdAt.get(table);
        if (created == null) return error(ex, "TableNotFoundException", "Table not found: " + table);
        if (json.field("PointInTimeRecoverySpecification").flatMap(p -> p.field("PointInTimeRecoveryEnabled")).isEmpty()) {
            return error(ex, "ValidationException", "PointInTimeRecoverySpecification.PointInTimeRecoveryEnabled is required");
        }
        if (System.nanoTime() - created < enabling.toNanos()) {
            return error(ex, "ContinuousBackupsUnavailableException", "Backups are being enabled for the table: " + table + ". Please retry later");
        }
        double now = System.currentTimeMillis() / 1000.0;
        return send(ex, 200, "{\"ContinuousBackupsDescription\":{\"ContinuousBackupsStatus\":\"ENABLED\",\"PointInTimeRecoveryDescription\":"
                + "{\"PointInTimeRecoveryStatus\":\"" + (enabled ? "ENABLED" : "DISABLED") + "\""
                + (enabled ? ",\"EarliestRestorableDateTime\":" + now + ",\"LatestRestorableDateTime\":" + now : "") + "}}}");
    }

    private int updateTimeToLive(HttpExchange ex, JsonNode json) throws IOException {
        String table = json.field("TableName").map(JsonNode::asString).orElse("");
        JsonNode spec = json.field("TimeToLiveSpecification").orElse(null);
        if (!createdAt.containsKey(table)) return error(ex, "ResourceNotFoundException", "Requested resource not found: Table: " + table + " not found");
        if (spec == null || spec.field("AttributeName").filter(JsonNode::isString).isEmpty() || spec.field("Enabled").filter(JsonNode::isBoolean).isEmpty()) {
            return error(ex, "ValidationException", "TimeToLiveSpecification needs AttributeName and Enabled");
        }
        return send(ex, 200, "{\"TimeToLiveSpecification\":" + write(spec, Set.of()) + "}");
    }

    private int forward(HttpExchange ex, byte[] body) throws IOException, InterruptedException {
        return relay(ex, backend(ex, body));
    }

    private HttpResponse<byte[]> backend(HttpExchange ex, byte[] body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(backend.resolve("/")).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        ex.getRequestHeaders().forEach((k, v) -> {
            if (!RESTRICTED.contains(k.toLowerCase())) v.forEach(x -> b.header(k, x));
        });
        return client.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private int relay(HttpExchange ex, HttpResponse<byte[]> r) throws IOException {
        r.headers().firstValue("Content-Type").ifPresent(v -> ex.getResponseHeaders().set("Content-Type", v));
        r.headers().firstValue("x-amzn-RequestId").ifPresent(v -> ex.getResponseHeaders().set("x-amzn-RequestId", v));
        record(ex, r.statusCode());
        ex.sendResponseHeaders(r.statusCode(), r.body().length == 0 ? -1 : r.body().length);
        if (r.body().length > 0) ex.getResponseBody().write(r.body());
        ex.close();
        return r.statusCode();
    }

    private int error(HttpExchange ex, String type, String message) throws IOException {
        return send(ex, 400, "{\"__type\":\"" + PREFIX + type + "\",\"message\":" + quote(message) + "}");
    }

    private int send(HttpExchange ex, int status, String json) throws IOException {
        byte[] out = json.getBytes(StandardCharsets.UTF_8);
        record(ex, status);
        ex.getResponseHeaders().set("Content-Type", JSON);
        ex.getResponseHeaders().set("x-amzn-RequestId", "STANDIN" + System.nanoTime());
        ex.sendResponseHeaders(status, out.length);
        ex.getResponseBody().write(out);
        ex.close();
        return status;
    }

    /** JSON text of a node, leaving out the members named in {@code drop} at any depth. */
    static String write(JsonNode n, Set<String> drop) {
        if (n == null || n.isNull()) return "null";
        if (n.isString()) return quote(n.asString());
        if (n.isNumber()) return n.asNumber();
        if (n.isBoolean()) return Boolean.toString(n.asBoolean());
        if (n.isArray()) return "[" + String.join(",", n.asArray().stream().map(x -> write(x, drop)).toList()) + "]";
        List<String> members = new ArrayList<>();
        n.asObject().forEach((k, v) -> {
            if (!drop.contains(k)) members.add(quote(k) + ":" + write(v, drop));
        });
        return "{" + String.join(",", members) + "}";
    }

    private static String quote(String s) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : s.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        return b.append('"').toString();
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
