package dev.workshop.gateway;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import dev.workshop.target.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The local gateway: a loopback HTTP hop between the SDK clients and DynamoDB Local that models what DynamoDB
 * Local lacks (throttling, IAM, metrics) through {@link GatewayFilter}s. It sits below the SDK, so the SDK's own
 * serialization, error parsing and retries run exactly as against AWS; and because it is a server, commands in
 * other processes that share this workshop home go through the same model.
 */
public final class Gateway implements AutoCloseable {
    private static final Set<String> HOP_HEADERS = Set.of("host", "content-length", "connection", "expect",
            "upgrade", "transfer-encoding", "keep-alive", "te", "trailer", "proxy-connection");

    private final HttpServer server;
    private final ExecutorService workers;
    private final HttpClient forward;
    private final URI backend;
    private final List<GatewayFilter> filters = new CopyOnWriteArrayList<>();

    private Gateway(HttpServer server, ExecutorService workers, HttpClient forward, URI backend) {
        this.server = server;
        this.workers = workers;
        this.forward = forward;
        this.backend = backend;
    }

    public static Gateway start(URI backend) {
        try {
            HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 256);
            AtomicInteger n = new AtomicInteger();
            ExecutorService workers = Executors.newFixedThreadPool(32, r -> {
                Thread t = new Thread(r, "gateway-" + n.incrementAndGet());
                t.setDaemon(true);
                return t;
            });
            // The forwarding client has its own executor: sharing the handlers' pool deadlocks once every handler
            // waits in forward() for a response that needs a pool thread to complete (more than 32 requests in flight).
            HttpClient forward = HttpClient.newBuilder()
                    .version(HttpClient.Version.HTTP_1_1)
                    .connectTimeout(Duration.ofSeconds(5))
                    .build();
            Gateway gateway = new Gateway(server, workers, forward, backend);
            server.createContext("/", gateway::handle);
            server.setExecutor(workers);
            server.start();
            return gateway;
        } catch (IOException e) {
            throw new IllegalStateException("Could not start the local gateway: " + e.getMessage(), e);
        }
    }

    public URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    public void addFilter(GatewayFilter filter) {
        filters.add(filter);
    }

    public List<GatewayFilter> filters() {
        return List.copyOf(filters);
    }

    private void handle(HttpExchange http) throws IOException {
        try (http) {
            byte[] body;
            try (InputStream in = http.getRequestBody()) {
                body = in.readAllBytes();
            }
            String operation = GatewayExchange.operationOf(http.getRequestHeaders().getFirst("X-Amz-Target"));
            Principal principal = Principal.fromAccessKeyId(
                    GatewayExchange.accessKeyOf(http.getRequestHeaders().getFirst("Authorization")));
            GatewayExchange exchange = new GatewayExchange(operation, principal, body, System.nanoTime());

            GatewayResponse response = null;
            int passed = 0;
            for (GatewayFilter f : filters) {
                response = f.before(exchange);
                passed++;
                if (response != null) break;
            }
            if (response == null) response = exchange.rewritten(forward(http, exchange.body()));
            for (int i = passed - 1; i >= 0; i--) filters.get(i).after(exchange, response);
            reply(http, response);
        } catch (RuntimeException e) {
            GatewayResponse err = new GatewayResponse(500, Map.of("Content-Type", "application/x-amz-json-1.0"),
                    ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":"
                            + GatewayResponse.quote("local gateway: " + e) + "}").getBytes());
            reply(http, err);
        }
    }

    private GatewayResponse forward(HttpExchange http, byte[] body) {
        HttpRequest.Builder req = HttpRequest.newBuilder(backend.resolve(http.getRequestURI().toString()))
                .timeout(Duration.ofMinutes(2))
                .method(http.getRequestMethod(), HttpRequest.BodyPublishers.ofByteArray(body));
        http.getRequestHeaders().forEach((name, values) -> {
            if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT))) values.forEach(v -> req.header(name, v));
        });
        try {
            HttpResponse<byte[]> res = forward.send(req.build(), HttpResponse.BodyHandlers.ofByteArray());
            Map<String, String> headers = new java.util.LinkedHashMap<>();
            res.headers().map().forEach((name, values) -> {
                if (!HOP_HEADERS.contains(name.toLowerCase(Locale.ROOT)) && !name.startsWith(":")) {
                    headers.put(name, values.get(0));
                }
            });
            return new GatewayResponse(res.statusCode(), headers, res.body());
        } catch (IOException e) {
            throw new IllegalStateException("DynamoDB Local did not answer: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        }
    }

    private static void reply(HttpExchange http, GatewayResponse response) throws IOException {
        response.headers().forEach((k, v) -> http.getResponseHeaders().set(k, v));
        byte[] body = response.body() == null ? new byte[0] : response.body();
        http.sendResponseHeaders(response.status(), body.length == 0 ? -1 : body.length);
        if (body.length > 0) {
            try (OutputStream out = http.getResponseBody()) {
                out.write(body);
            }
        }
    }

    @Override
    public void close() {
        server.stop(0);
        for (GatewayFilter f : filters) {
            if (f instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing is best effort: a filter that cannot save its state must not keep the server running
                }
            }
        }
        workers.shutdownNow();
    }
}
