package dev.workshop.metrics;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.workshop.target.aws.AwsTarget;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Executors;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.client.config.ClientOverrideConfiguration;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORGenerator;

/**
 * A loopback HTTP server that STANDS IN FOR CLOUDWATCH's GetMetricData, in the wire format SDK 2.41 uses for
 * CloudWatch (Smithy RPC v2 CBOR: POST /service/GraniteServiceVersion20100801/operation/GetMetricData, CBOR bodies,
 * timestamps as tag-1 epoch seconds), and ENFORCING CloudWatch's documented limits for that API
 * (https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/cloudwatch_limits.html):
 * <ul>
 *   <li>50 transactions per second per account and Region (a sliding one-second window holds at most 50 admitted calls); over it the
 *       answer is HTTP 400, error code Throttling, as CloudWatch's query-compatible protocols send it
 *       ({@code x-amzn-query-error: Throttling;Sender} and a {@code __type});</li>
 *   <li>at most 500 MetricDataQuery structures per call (more is a 400 ValidationError).</li>
 * </ul>
 * Datapoints come from {@link #data}: a function from (table, metric) to its per-minute sums.
 */
public final class FakeCloudWatch implements AutoCloseable {
    public static final int TPS = 50;
    public static final int MAX_QUERIES = 500;

    /** One parsed MetricDataQuery: its id and the strings it carries (namespace, metric, dimension values, expression). */
    public record QuerySeen(String id, List<String> strings) {}

    private final HttpServer server;
    private final ExecutorService pool = Executors.newFixedThreadPool(8);
    private final Object windowLock = new Object();
    /** When the calls of the last second were admitted: no second ever holds more than TPS of them. */
    private final java.util.ArrayDeque<Long> window = new java.util.ArrayDeque<>();
    /** Calls answered 200, and refused with Throttling, per epoch second. */
    public final Map<Long, AtomicInteger> admittedPerSecond = new ConcurrentHashMap<>();
    public final AtomicInteger admitted = new AtomicInteger();
    public final AtomicInteger throttled = new AtomicInteger();
    public final List<List<QuerySeen>> requests = java.util.Collections.synchronizedList(new ArrayList<>());
    /** (table, metric) -> per-minute sums; metric is the metric name, or "ThrottledRequests" for the SEARCH. */
    public volatile java.util.function.BiFunction<String, String, SortedMap<Instant, Double>> data = (t, m) -> new TreeMap<>();
    /** When true every call is throttled (CloudWatch overloaded by the room). */
    public volatile boolean alwaysThrottle;

    public FakeCloudWatch() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 64);
        server.setExecutor(pool);
        server.createContext("/", this::handle);
        server.start();
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /** A CloudWatch client as AwsTarget builds it (adaptive retry mode), pointed at this stand-in. */
    public CloudWatchClient client() {
        return CloudWatchClient.builder().endpointOverride(endpoint()).region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .overrideConfiguration(AwsTarget.cloudWatchOverrides(ClientOverrideConfiguration.builder().build()))
                .build();
    }

    public int peakAdmittedTps() {
        return admittedPerSecond.values().stream().mapToInt(AtomicInteger::get).max().orElse(0);
    }

    private boolean take() {
        synchronized (windowLock) {
            long now = System.nanoTime();
            while (!window.isEmpty() && now - window.peekFirst() >= 1_000_000_000L) window.pollFirst();
            if (alwaysThrottle || window.size() >= TPS) return false;
            window.addLast(now);
            // Counted at the instant the window admitted it: a count taken later, under load, can fall into the next second.
            admittedPerSecond.computeIfAbsent(now / 1_000_000_000L, k -> new AtomicInteger()).incrementAndGet();
            return true;
        }
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            byte[] body = ex.getRequestBody().readAllBytes();
            if (!ex.getRequestURI().getPath().equals("/service/GraniteServiceVersion20100801/operation/GetMetricData")) {
                error(ex, 404, "UnknownOperationException", "UnknownOperation");
                return;
            }
            if (!take()) {
                throttled.incrementAndGet();
                error(ex, 400, "com.amazon.coral.availability#ThrottlingException", "Throttling");
                return;
            }
            List<QuerySeen> queries = queries(body);
            if (queries.size() > MAX_QUERIES) {
                error(ex, 400, "com.amazonaws.cloudwatch#InvalidParameterValueException", "ValidationError");
                return;
            }
            requests.add(queries);
            admitted.incrementAndGet();
            send(ex, 200, answer(queries, strings(body).contains("TimestampDescending")));
        }
    }

    /** Datapoints in the order ScanBy asks for (ascending unless TimestampDescending). */
    private byte[] answer(List<QuerySeen> queries, boolean descending) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CBORGenerator g = new CBORFactory().createGenerator(bytes)) {
            g.writeStartObject();
            g.writeFieldName("MetricDataResults");
            g.writeStartArray();
            for (QuerySeen q : queries) {
                String table = tableOf(q);
                List<String> known = new ArrayList<>(MetricNames.SHOWN);
                known.add(MetricNames.ONLINE_INDEX_PROGRESS);
                String metric = known.stream().filter(m -> q.strings().stream().anyMatch(s -> s.equals(m) || s.contains("\"" + m + "\"")))
                        .findFirst().orElse("?");
                SortedMap<Instant, Double> sorted = data.apply(table, metric);
                java.util.NavigableMap<Instant, Double> series = descending ? new TreeMap<>(sorted).descendingMap() : new TreeMap<>(sorted);
                g.writeStartObject();
                g.writeStringField("Id", q.id());
                g.writeStringField("Label", metric);
                g.writeFieldName("Timestamps");
                g.writeStartArray();
                for (Instant t : series.keySet()) {
                    g.writeTag(1);
                    g.writeNumber(t.getEpochSecond());
                }
                g.writeEndArray();
                g.writeFieldName("Values");
                g.writeStartArray();
                for (double v : series.values()) g.writeNumber(v);
                g.writeEndArray();
                g.writeStringField("StatusCode", "Complete");
                g.writeEndObject();
            }
            g.writeEndArray();
            g.writeEndObject();
        }
        return bytes.toByteArray();
    }

    /** The table a query is about: the TableName dimension's value, or the one inside a SEARCH expression. */
    public static String tableOf(QuerySeen q) {
        List<String> s = q.strings();
        for (int i = 0; i + 1 < s.size(); i++) {
            if (s.get(i).equals("Name") && s.get(i + 1).equals("TableName") && i + 3 < s.size() && s.get(i + 2).equals("Value")) return s.get(i + 3);
        }
        for (String x : s) {
            java.util.regex.Matcher m = java.util.regex.Pattern.compile("TableName=\"([^\"]+)\"").matcher(x);
            if (m.find()) return m.group(1);
        }
        return "?";
    }

    /** Every text value of a CBOR document, in order. */
    static List<String> strings(byte[] cbor) throws IOException {
        List<String> out = new ArrayList<>();
        try (JsonParser p = new CBORFactory().createParser(cbor)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.VALUE_STRING) out.add(p.getText());
            }
        }
        return out;
    }

    /** The MetricDataQueries of a GetMetricData CBOR body: each query's Id and every text inside it, field names included. */
    static List<QuerySeen> queries(byte[] cbor) throws IOException {
        List<QuerySeen> out = new ArrayList<>();
        try (JsonParser p = new CBORFactory().createParser(cbor)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.FIELD_NAME && p.getCurrentName().equals("MetricDataQueries")) {
                    p.nextToken(); // START_ARRAY
                    while (p.nextToken() == JsonToken.START_OBJECT) {
                        int depth = 1;
                        String id = null;
                        List<String> strings = new ArrayList<>();
                        String lastField = null;
                        while (depth > 0) {
                            JsonToken x = p.nextToken();
                            if (x == JsonToken.START_OBJECT || x == JsonToken.START_ARRAY) depth++;
                            else if (x == JsonToken.END_OBJECT || x == JsonToken.END_ARRAY) depth--;
                            else if (x == JsonToken.FIELD_NAME) {
                                lastField = p.getCurrentName();
                                strings.add(lastField);
                            } else if (x == JsonToken.VALUE_STRING) {
                                if (depth == 1 && "Id".equals(lastField)) id = p.getText();
                                strings.add(p.getText());
                            }
                        }
                        out.add(new QuerySeen(id, strings));
                    }
                }
            }
        }
        return out;
    }

    private static void error(HttpExchange ex, int status, String type, String queryCode) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CBORGenerator g = new CBORFactory().createGenerator(bytes)) {
            g.writeStartObject();
            g.writeStringField("__type", type);
            g.writeStringField("message", "Rate exceeded");
            g.writeEndObject();
        }
        ex.getResponseHeaders().set("x-amzn-query-error", queryCode + ";Sender");
        send(ex, status, bytes.toByteArray());
    }

    private static void send(HttpExchange ex, int status, byte[] out) throws IOException {
        ex.getResponseHeaders().set("Content-Type", "application/cbor");
        ex.getResponseHeaders().set("smithy-protocol", "rpc-v2-cbor");
        ex.getResponseHeaders().set("x-amzn-RequestId", "01234567-89ab-cdef-0123-456789abcdef");
        ex.sendResponseHeaders(status, out.length);
        try (OutputStream o = ex.getResponseBody()) {
            o.write(out);
        }
    }

    /** Helper for tests: per-minute sums from pairs of minute and value. */
    public static SortedMap<Instant, Double> minutes(Object... minuteValue) {
        SortedMap<Instant, Double> m = new TreeMap<>();
        for (int i = 0; i < minuteValue.length; i += 2) m.put((Instant) minuteValue[i], ((Number) minuteValue[i + 1]).doubleValue());
        return m;
    }

    @Override
    public void close() {
        server.stop(0);
        pool.shutdownNow();
    }
}
