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
    private volatile GatewayProfile profile;
    /** A room's principals with room to spare: 150 attendees, a facilitator, and foreign clients such as the CLI. */
    private static final int MAX_PRINCIPALS = 1_024;
    private final Map<String, Principal> principals = new java.util.concurrent.ConcurrentHashMap<>();

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

    /** Counts server-thread CPU per stage from now on (a benchmark's probe; nothing else turns it on). */
    public GatewayProfile startProfile() {
        GatewayProfile p = new GatewayProfile();
        profile = p;
        return p;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) throws Exception {
        GatewayProfile prof = profile;
        long t = prof == null ? 0 : GatewayProfile.now();
        byte[] body = body(request);
        String operation = GatewayExchange.operationOf(request.getHeaders().get("X-Amz-Target"));
        Principal principal = principal(GatewayExchange.accessKeyOf(request.getHeaders().get("Authorization")));
        GatewayExchange exchange = new GatewayExchange(operation, principal, body, System.nanoTime());
        if (prof != null) {
            prof.request();
            t = prof.add("read the request", t);
        }

        List<GatewayFilter> chain = filters;
        int passed = 0;
        GatewayResponse answer = null;
        try {
            for (GatewayFilter f : chain) {
                answer = f.before(exchange);
                if (prof != null) t = prof.add("before: " + f.getClass().getSimpleName(), t);
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
            runAfter(chain, ran, exchange, answer, prof);
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
        // Only a profiled request keeps these: the answer's stages, when it completes on this thread, are not the handler's.
        Thread handler = prof == null ? null : Thread.currentThread();
        long[] answering = prof == null ? null : new long[1];
        Callback done = Callback.from(() -> {
            long a0 = prof == null ? 0 : GatewayProfile.now();
            Map<String, String> headers = new LinkedHashMap<>();
            for (HttpField f : response.getHeaders()) headers.putIfAbsent(f.getName(), f.getValue());
            byte[] out;
            synchronized (captured) {
                out = captured.toByteArray();
            }
            GatewayResponse local = new GatewayResponse(response.getStatus(), headers, out);
            GatewayResponse r = exchange.rewritten(local);
            long a = prof == null ? 0 : prof.add("capture the answer", a0);
            observe(exchange, r);
            if (prof != null) a = prof.add("after: TableCatalogue", a);
            runAfter(chain, ran, exchange, r, prof);
            if (prof != null) a = GatewayProfile.now();
            if (r == local) {
                // Unchanged: DynamoDB Local's status and headers are on the response already.
                response.write(true, ByteBuffer.wrap(out), callback);
            } else {
                send(response, r, callback);
            }
            if (prof != null && Thread.currentThread() == handler) answering[0] = prof.add("send the answer", a) - a0;
        }, callback::failed);
        if (prof == null) return super.handle(replay, capture, done);
        boolean handled = super.handle(replay, capture, done);
        // DynamoDB Local's handler, less the answer it completed on this thread (counted in its own stages above).
        prof.add("DynamoDB Local's handler", t + answering[0]);
        return handled;
    }

    /**
     * "A single call to BatchWriteItem can transmit up to 16MB of data over the network", DynamoDB's largest request:
     * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchWriteItem.html
     */
    private static final long MAX_PRESIZED = 16L * 1024 * 1024;

    /**
     * The request's body, copied chunk by chunk into one array sized by Content-Length when the request gives it.
     * Jetty's whole-body reader (a promise, a growing buffer, reference counts) cost about 4 us a request here,
     * measured with {@link GatewayProfile}. The handler thread waits for a chunk not arrived yet, as that reader did.
     */
    static byte[] body(Request request) throws java.io.IOException {
        long declared = request.getLength();
        java.io.ByteArrayOutputStream grown = null;
        // Sized up front only as far as DynamoDB's largest request (16 MB): a length claimed beyond it grows as it comes.
        byte[] out = declared >= 0 && declared <= MAX_PRESIZED ? new byte[(int) declared] : null;
        int at = 0;
        while (true) {
            Content.Chunk chunk = request.read();
            if (chunk == null) {
                java.util.concurrent.CompletableFuture<Void> ready = new java.util.concurrent.CompletableFuture<>();
                request.demand(() -> ready.complete(null));
                try {
                    ready.get();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new java.io.InterruptedIOException("interrupted reading the request");
                } catch (java.util.concurrent.ExecutionException e) {
                    throw new java.io.IOException("reading the request failed", e.getCause());
                }
                continue;
            }
            try {
                if (Content.Chunk.isFailure(chunk)) throw new java.io.IOException("reading the request failed", chunk.getFailure());
                ByteBuffer b = chunk.getByteBuffer();
                int n = b.remaining();
                if (out != null && at + n <= out.length) {
                    b.get(out, at, n);
                    at += n;
                } else {
                    if (grown == null) {
                        grown = new java.io.ByteArrayOutputStream(Math.max(256, at + n));
                        if (out != null) grown.write(out, 0, at);
                        out = null;
                    }
                    byte[] part = new byte[n];
                    b.get(part);
                    grown.write(part, 0, n);
                }
                if (chunk.isLast()) break;
            } finally {
                chunk.release();
            }
        }
        if (grown != null) return grown.toByteArray();
        return at == out.length ? out : java.util.Arrays.copyOf(out, at);
    }

    /**
     * Who signed: remembered per access key, since every request of a client carries the same one and reading an
     * attendee's id from it validates it twice against a regular expression. Bounded; a foreign key acts as admin.
     */
    private Principal principal(String accessKeyId) {
        if (accessKeyId == null) return Principal.fromAccessKeyId(null);
        Principal known = principals.get(accessKeyId);
        if (known != null) return known;
        Principal p = Principal.fromAccessKeyId(accessKeyId);
        if (principals.size() < MAX_PRINCIPALS) principals.put(accessKeyId, p);
        return p;
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

    private static void runAfter(List<GatewayFilter> chain, int ran, GatewayExchange exchange, GatewayResponse response,
                                 GatewayProfile prof) {
        long t = prof == null ? 0 : GatewayProfile.now();
        for (int i = ran - 1; i >= 0; i--) {
            try {
                chain.get(i).after(exchange, response);
            } catch (RuntimeException e) {
                // An observer's failure must not break the request it observed.
            }
            if (prof != null) t = prof.add("after: " + chain.get(i).getClass().getSimpleName(), t);
        }
    }

    private static GatewayResponse internalError(RuntimeException e) {
        return new GatewayResponse(500, Map.of("Content-Type", "application/x-amz-json-1.0"),
                ("{\"__type\":\"com.amazonaws.dynamodb.v20120810#InternalServerError\",\"message\":"
                        + GatewayResponse.quote("local gateway: " + e) + "}").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
