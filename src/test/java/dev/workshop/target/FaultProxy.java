package dev.workshop.target;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A loopback HTTP proxy in front of a DynamoDB endpoint that misbehaves the way networks and DynamoDB do, so tests
 * can prove that what the tool writes lands exactly once:
 * <ul>
 *   <li>throttles: answers without forwarding, with DynamoDB's own error shape (HTTP 400, {@code __type}
 *       {@code ProvisionedThroughputExceededException} for item operations, {@code ThrottlingException} for the
 *       others), which the SDK retries with its throttling backoff;</li>
 *   <li>server errors: HTTP 500 {@code InternalServerError}, not forwarded;</li>
 *   <li>lost answers: forwards the request (so the write IS applied) and then closes the connection without
 *       answering, the hardest case for idempotence: the client must retry a write that already happened.</li>
 * </ul>
 * Error shapes: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/Programming.Errors.html
 */
final class FaultProxy implements AutoCloseable {
    private static final String PREFIX = "com.amazonaws.dynamodb.v20120810#";
    private static final Set<String> ITEM_OPERATIONS = Set.of("GetItem", "PutItem", "UpdateItem", "DeleteItem", "Query", "Scan",
            "BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems");
    /** Headers the JDK client sets itself and refuses to be given. */
    private static final Set<String> RESTRICTED = Set.of("host", "content-length", "connection", "expect", "upgrade");

    private final URI backend;
    private final double throttle;
    private final double serverError;
    private final double dropAfterForward;
    private final Random random;
    private final ServerSocket socket;
    private final ExecutorService pool = Executors.newCachedThreadPool(r -> {
        Thread t = new Thread(r, "fault-proxy");
        t.setDaemon(true);
        return t;
    });
    private final HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1)
            .connectTimeout(Duration.ofSeconds(5)).build();
    final AtomicLong requests = new AtomicLong();
    final AtomicLong throttled = new AtomicLong();
    final AtomicLong failed = new AtomicLong();
    final AtomicLong dropped = new AtomicLong();
    final Map<String, AtomicLong> droppedByOperation = new java.util.concurrent.ConcurrentHashMap<>();
    /** Targeted faults: operation -> a text its request body contains; the first such answer is lost after forwarding. */
    private final Map<String, String> dropOnce = new java.util.concurrent.ConcurrentHashMap<>();

    /** Loses the answer to the next {@code operation} whose body contains {@code bodyContains}, after forwarding it. */
    FaultProxy dropOnce(String operation, String bodyContains) {
        dropOnce.put(operation, bodyContains);
        return this;
    }

    FaultProxy(URI backend, double throttle, double serverError, double dropAfterForward, long seed) throws IOException {
        this.backend = backend;
        this.throttle = throttle;
        this.serverError = serverError;
        this.dropAfterForward = dropAfterForward;
        this.random = new Random(seed);
        this.socket = new ServerSocket(0, 128, InetAddress.getLoopbackAddress());
        pool.submit(this::accept);
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + socket.getLocalPort());
    }

    private void accept() {
        while (!socket.isClosed()) {
            try {
                Socket s = socket.accept();
                pool.submit(() -> serve(s));
            } catch (IOException e) {
                return;
            }
        }
    }

    /** One keep-alive connection: requests in order until the client closes it or a fault drops it. */
    private void serve(Socket s) {
        try {
            s.setTcpNoDelay(true);
        } catch (IOException e) {
            return;
        }
        try (s; InputStream in = new BufferedInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            while (true) {
                String head = readHead(in);
                if (head == null) return;
                String[] lines = head.split("\r\n");
                String[] requestLine = lines[0].split(" ");
                Map<String, String> headers = new LinkedHashMap<>();
                for (int i = 1; i < lines.length; i++) {
                    int colon = lines[i].indexOf(':');
                    if (colon > 0) headers.put(lines[i].substring(0, colon).trim(), lines[i].substring(colon + 1).trim());
                }
                int length = Integer.parseInt(header(headers, "content-length", "0"));
                byte[] body = in.readNBytes(length);
                String target = header(headers, "x-amz-target", "");
                String operation = target.substring(target.indexOf('.') + 1);
                requests.incrementAndGet();

                double roll;
                synchronized (random) {
                    roll = random.nextDouble();
                }
                if (roll < throttle) {
                    throttled.incrementAndGet();
                    String type = ITEM_OPERATIONS.contains(operation) ? "ProvisionedThroughputExceededException" : "ThrottlingException";
                    respond(out, 400, "{\"__type\":\"" + PREFIX + type + "\",\"message\":\"Rate of requests exceeds the allowed throughput.\"}");
                    continue;
                }
                if (roll < throttle + serverError) {
                    failed.incrementAndGet();
                    respond(out, 500, "{\"__type\":\"" + PREFIX + "InternalServerError\",\"message\":\"Internal server error\"}");
                    continue;
                }
                HttpRequest.Builder forward = HttpRequest.newBuilder(backend.resolve(requestLine[1]))
                        .method(requestLine[0], HttpRequest.BodyPublishers.ofByteArray(body));
                headers.forEach((k, v) -> {
                    if (!RESTRICTED.contains(k.toLowerCase(Locale.ROOT))) forward.header(k, v);
                });
                HttpResponse<byte[]> answer = client.send(forward.build(), HttpResponse.BodyHandlers.ofByteArray());
                String wanted = dropOnce.get(operation);
                boolean targeted = wanted != null && new String(body, StandardCharsets.UTF_8).contains(wanted)
                        && dropOnce.remove(operation, wanted);
                if (targeted || roll < throttle + serverError + dropAfterForward) {
                    // The backend applied the request; its answer is lost with the connection.
                    dropped.incrementAndGet();
                    droppedByOperation.computeIfAbsent(operation, k -> new AtomicLong()).incrementAndGet();
                    return;
                }
                StringBuilder h = new StringBuilder("HTTP/1.1 ").append(answer.statusCode()).append(" X\r\n");
                answer.headers().map().forEach((k, vs) -> {
                    if (!RESTRICTED.contains(k.toLowerCase(Locale.ROOT)) && !k.equalsIgnoreCase("transfer-encoding") && !k.startsWith(":")) {
                        for (String v : vs) h.append(k).append(": ").append(v).append("\r\n");
                    }
                });
                h.append("Content-Length: ").append(answer.body().length).append("\r\n\r\n");
                send(out, h.toString(), answer.body());
            }
        } catch (IOException | InterruptedException | RuntimeException e) {
            // the client went away, or the backend did: the connection ends, as a real one would
        }
    }

    private static void respond(OutputStream out, int status, String json) throws IOException {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        send(out, "HTTP/1.1 " + status + " X\r\nContent-Type: application/x-amz-json-1.0\r\nx-amzn-RequestId: fault-proxy\r\n"
                + "Content-Length: " + body.length + "\r\n\r\n", body);
    }

    /** Head and body in one write: two small writes wait on the client's delayed ACK (Nagle), 40 ms a response. */
    private static void send(OutputStream out, String head, byte[] body) throws IOException {
        byte[] h = head.getBytes(StandardCharsets.ISO_8859_1);
        byte[] all = new byte[h.length + body.length];
        System.arraycopy(h, 0, all, 0, h.length);
        System.arraycopy(body, 0, all, h.length, body.length);
        out.write(all);
        out.flush();
    }

    private static String header(Map<String, String> headers, String name, String otherwise) {
        for (var e : headers.entrySet()) if (e.getKey().equalsIgnoreCase(name)) return e.getValue();
        return otherwise;
    }

    /** The request line and headers, up to the blank line; null at the end of the stream. */
    private static String readHead(InputStream in) throws IOException {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int c = in.read();
            if (c < 0) return null;
            b.write(c);
            state = (c == '\r' && (state == 0 || state == 2)) || (c == '\n' && (state == 1 || state == 3)) ? state + 1 : c == '\r' ? 1 : 0;
        }
        return b.toString(StandardCharsets.ISO_8859_1).trim();
    }

    @Override
    public void close() {
        try {
            socket.close();
        } catch (IOException ignored) {
            // closing a listening socket on loopback does not fail in a way worth reporting
        }
        pool.shutdownNow();
    }
}
