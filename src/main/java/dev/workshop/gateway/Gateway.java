package dev.workshop.gateway;

import dev.workshop.target.Principal;
import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;

/**
 * The local gateway: models what DynamoDB Local lacks (throttling, IAM, metrics, tags) through {@link GatewayFilter}s.
 * It wraps DynamoDB Local's own request handler inside the same in-process HTTP server, so requests cross no extra
 * network hop; it still sits below the SDK, whose serialization, error parsing and retries run exactly as against
 * AWS. Because it is part of the server, commands in other processes that share this workshop home pass the same model.
 */
public final class Gateway extends Handler.Wrapper {
    private final List<GatewayFilter> filters = new CopyOnWriteArrayList<>();
    private volatile TableCatalogue catalogue = new TableCatalogue(null);

    public Gateway(Handler dynamoDbLocal) {
        super(dynamoDbLocal);
    }

    /** The one table catalogue the filters read; set before the first request (it needs DynamoDB Local's port). */
    public void useCatalogue(TableCatalogue catalogue) {
        this.catalogue = catalogue;
    }

    public TableCatalogue catalogue() {
        return catalogue;
    }

    public void addFilter(GatewayFilter filter) {
        filters.add(filter);
    }

    public List<GatewayFilter> filters() {
        return List.copyOf(filters);
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        ByteBuffer in = Content.Source.asByteBuffer(request);
        byte[] body = new byte[in.remaining()];
        in.get(body);
        String operation = GatewayExchange.operationOf(request.getHeaders().get("X-Amz-Target"));
        Principal principal = Principal.fromAccessKeyId(GatewayExchange.accessKeyOf(request.getHeaders().get("Authorization")));
        GatewayExchange exchange = new GatewayExchange(operation, principal, body, System.nanoTime());

        List<GatewayFilter> chain = filters;
        int passed = 0;
        GatewayResponse answer = null;
        try {
            for (GatewayFilter f : chain) {
                answer = f.before(exchange);
                passed++;
                if (answer != null) break;
            }
        } catch (RuntimeException e) {
            answer = internalError(e);
        }
        int ran = passed;
        if (answer != null) {
            // A filter's own answer stands for what it would have forwarded: earlier filters' rewrites still apply.
            answer = exchange.rewritten(answer);
            observe(exchange, answer);
            runAfter(chain, ran, exchange, answer);
            send(response, answer, callback);
            return true;
        }

        byte[] forwarded = exchange.body();
        Request replay = new Request.Wrapper(request) {
            private boolean consumed;

            @Override
            public Content.Chunk read() {
                if (consumed) return Content.Chunk.EOF;
                consumed = true;
                return Content.Chunk.from(ByteBuffer.wrap(forwarded), true);
            }

            @Override
            public void demand(Runnable demandCallback) {
                demandCallback.run();
            }
        };
        // DynamoDB Local's answer is held back until it is complete, so that filters may rewrite it (e.g. add the
        // UnprocessedItems the capacity model throttled) before the client sees a byte of it.
        ByteArrayOutputStream captured = new ByteArrayOutputStream();
        Response capture = new Response.Wrapper(request, response) {
            @Override
            public void write(boolean last, ByteBuffer content, Callback cb) {
                if (content != null && content.hasRemaining()) {
                    ByteBuffer copy = content.duplicate();
                    byte[] b = new byte[copy.remaining()];
                    copy.get(b);
                    synchronized (captured) {
                        captured.write(b, 0, b.length);
                    }
                }
                cb.succeeded();
            }
        };
        Callback done = Callback.from(() -> {
            Map<String, String> headers = new LinkedHashMap<>();
            for (HttpField f : response.getHeaders()) headers.putIfAbsent(f.getName(), f.getValue());
            byte[] out;
            synchronized (captured) {
                out = captured.toByteArray();
            }
            GatewayResponse local = new GatewayResponse(response.getStatus(), headers, out);
            GatewayResponse r = exchange.rewritten(local);
            observe(exchange, r);
            runAfter(chain, ran, exchange, r);
            if (r == local) {
                // Unchanged: DynamoDB Local's status and headers are on the response already.
                response.write(true, ByteBuffer.wrap(out), callback);
            } else {
                send(response, r, callback);
            }
        }, callback::failed);
        return super.handle(replay, capture, done);
    }

    private static void send(Response response, GatewayResponse r, Callback callback) {
        response.setStatus(r.status());
        r.headers().forEach((k, v) -> response.getHeaders().put(k, v));
        byte[] out = r.body() == null ? new byte[0] : r.body();
        response.getHeaders().put("Content-Length", Long.toString(out.length));
        response.write(true, ByteBuffer.wrap(out), callback);
    }

    /** Filters that keep state (e.g. metrics) save it here; called when the server stops. */
    public void closeFilters() {
        for (GatewayFilter f : filters) {
            if (f instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    // closing is best effort: a filter that cannot save its state must not keep the server running
                }
            }
        }
    }

    /** The catalogue learns first, so every filter's after() reads the tables as they are now. */
    private void observe(GatewayExchange exchange, GatewayResponse response) {
        try {
            catalogue.observe(exchange, response);
        } catch (RuntimeException e) {
            // learning must not break the request it learns from
        }
    }

    private static void runAfter(List<GatewayFilter> chain, int ran, GatewayExchange exchange, GatewayResponse response) {
        for (int i = ran - 1; i >= 0; i--) {
            try {
                chain.get(i).after(exchange, response);
            } catch (RuntimeException e) {
                // An observer's failure must not break the request it observed.
            }
        }
    }

    private static GatewayResponse internalError(RuntimeException e) {
        return new GatewayResponse(500, Map.of("Content-Type", "application/x-amz-json-1.0"),
                ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":"
                        + GatewayResponse.quote("local gateway: " + e) + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
