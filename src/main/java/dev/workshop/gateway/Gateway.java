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

    public Gateway(Handler dynamoDbLocal) {
        super(dynamoDbLocal);
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
            GatewayResponse a = answer;
            runAfter(chain, ran, exchange, a);
            response.setStatus(a.status());
            a.headers().forEach((k, v) -> response.getHeaders().put(k, v));
            byte[] out = a.body() == null ? new byte[0] : a.body();
            response.getHeaders().put("Content-Length", Long.toString(out.length));
            response.write(true, ByteBuffer.wrap(out), callback);
            return true;
        }

        Request replay = new Request.Wrapper(request) {
            private boolean consumed;

            @Override
            public Content.Chunk read() {
                if (consumed) return Content.Chunk.EOF;
                consumed = true;
                return Content.Chunk.from(ByteBuffer.wrap(body), true);
            }

            @Override
            public void demand(Runnable demandCallback) {
                demandCallback.run();
            }
        };
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
                super.write(last, content, cb);
            }
        };
        Callback done = Callback.from(() -> {
            Map<String, String> headers = new LinkedHashMap<>();
            for (HttpField f : response.getHeaders()) headers.putIfAbsent(f.getName(), f.getValue());
            byte[] out;
            synchronized (captured) {
                out = captured.toByteArray();
            }
            try {
                runAfter(chain, ran, exchange, new GatewayResponse(response.getStatus(), headers, out));
            } finally {
                callback.succeeded();
            }
        }, callback::failed);
        return super.handle(replay, capture, done);
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
