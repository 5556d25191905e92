package dev.workshop.target;

import dev.workshop.gateway.TableCatalogue;

import dev.workshop.gateway.CapacityFilter;
import dev.workshop.gateway.Gateway;
import dev.workshop.gateway.TagFilter;
import dev.workshop.metrics.MetricsStore;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.server.handler.ContextHandler;
import org.eclipse.jetty.server.handler.ContextHandlerCollection;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBServerHandler;

/**
 * DynamoDB Local, in this process, behind the local gateway, on 127.0.0.1 only, on ephemeral ports.
 *
 * <p>We assemble DynamoDB Local's handlers on our own Jetty connector rather than calling its ServerRunner:
 * ServerRunner binds every interface, refuses port 0, and turns on telemetry unless told not to. Here nothing
 * leaves loopback and no telemetry is configured at all.
 */
public final class LocalServer implements AutoCloseable {
    /** The gateway's metrics, in the data folder: other processes (clients of this server) read it. */
    public static final String METRICS_FILE = "metrics.tsv";

    private final Server jetty;
    private final LocalDynamoDBServerHandler handler;
    private final URI backend;
    private final URI endpoint;
    private final Gateway gateway;
    /** DynamoDB Local's handler on the direct connector, which a benchmark may profile. */
    private final dev.workshop.gateway.GatewayProfile.Direct directHandler;
    private final MetricsStore metrics;
    private final java.util.concurrent.atomic.AtomicLong lastRequest;
    private LocalStorage.Applied storage;

    private LocalServer(Server jetty, LocalDynamoDBServerHandler handler, dev.workshop.gateway.GatewayProfile.Direct directHandler,
                        URI backend, URI endpoint, Gateway gateway, MetricsStore metrics,
                        java.util.concurrent.atomic.AtomicLong lastRequest) {
        this.metrics = metrics;
        this.lastRequest = lastRequest;
        this.jetty = jetty;
        this.handler = handler;
        this.backend = backend;
        this.endpoint = endpoint;
        this.gateway = gateway;
        this.directHandler = directHandler;
    }

    /** An in-memory server: nothing persists. Tests and benchmarks use this. */
    public static LocalServer inMemory() {
        MetricsStore metrics = MetricsStore.inMemory();
        return start(null, tables -> standardFilters(null, tables, metrics), metrics);
    }

    /**
     * An in-memory server whose gateway has exactly the given filters (made from DynamoDB Local's direct endpoint):
     * tests that drive a filter on a clock of their own, and benchmarks of the bare gateway.
     */
    public static LocalServer inMemory(java.util.function.Function<TableCatalogue, java.util.List<dev.workshop.gateway.GatewayFilter>> filters) {
        return start(null, filters, null);
    }

    /**
     * DynamoDB Local as a user starts it themselves for {@code --endpoint-url} ({@code java -jar DynamoDBLocal.jar
     * -inMemory}, with or without {@code -sharedDb}): in memory, with no gateway filter, so it lacks what the gateway
     * adds (tags among them). Clients use {@link #endpoint()}. Tests of the endpoint target use it.
     */
    public static LocalServer plain(boolean sharedDb) {
        return start(null, sharedDb, tables -> java.util.List.of(), null);
    }

    /** A server whose data lives in {@code dataDir} (one shared SQLite database for every credential and region). */
    public static LocalServer persistent(Path dataDir) {
        MetricsStore metrics = MetricsStore.persistent(dataDir.resolve(METRICS_FILE));
        return start(dataDir, tables -> standardFilters(dataDir, tables, metrics), metrics);
    }

    /**
     * The local target's filters, in order: access first (a denied request costs nothing and is answered before any
     * other filter answers it, e.g. tags), then tags, then capacity and metrics, then index deletion (which answers
     * it itself, once allowed). They read one table catalogue, which describes unknown tables through DynamoDB Local's
     * direct connector.
     */
    private static java.util.List<dev.workshop.gateway.GatewayFilter> standardFilters(Path dataDir, TableCatalogue tables, MetricsStore metrics) {
        return java.util.List.of(
                new dev.workshop.gateway.AccessFilter(tables),
                new TagFilter(dataDir == null ? null : dataDir.resolve("tags.tsv")),
                CapacityFilter.forCatalogue(tables, metrics),
                new dev.workshop.gateway.IndexDeletionFilter(tables.backend()));
    }

    private static LocalServer start(Path dataDir, java.util.function.Function<TableCatalogue, java.util.List<dev.workshop.gateway.GatewayFilter>> filters,
                                     MetricsStore metrics) {
        return start(dataDir, true, filters, metrics);
    }

    private static LocalServer start(Path dataDir, boolean sharedDb,
                                     java.util.function.Function<TableCatalogue, java.util.List<dev.workshop.gateway.GatewayFilter>> filters,
                                     MetricsStore metrics) {
        Server jetty = new Server();
        LocalDynamoDBServerHandler handler = null;
        try {
            if (dataDir != null) Files.createDirectories(dataDir);
            LocalDynamoDBRequestHandler requests = new LocalDynamoDBRequestHandler(
                    0, dataDir == null, dataDir == null ? null : dataDir.toString(), sharedDb, false);
            // On disk, before any request: DynamoDB Local's own journal settings fsync every item (see LocalStorage).
            LocalStorage.Applied storage = dataDir == null ? null : LocalStorage.apply(requests, LocalStorage.configured());
            handler = new LocalDynamoDBServerHandler(requests, null);
            // Two connectors: clients use the gateway; benchmarks may reach DynamoDB Local directly to measure it.
            ServerConnector viaGateway = connector(jetty, "gateway");
            ServerConnector direct = connector(jetty, "direct");
            Gateway gateway = new Gateway(handler);
            // When a request last came through the gateway: the background server ends after idle minutes without one.
            java.util.concurrent.atomic.AtomicLong lastRequest = new java.util.concurrent.atomic.AtomicLong(System.currentTimeMillis());
            ContextHandlerCollection contexts = new ContextHandlerCollection();
            contexts.addHandler(context(new org.eclipse.jetty.server.Handler.Wrapper(gateway) {
                @Override
                public boolean handle(org.eclipse.jetty.server.Request request, org.eclipse.jetty.server.Response response,
                                      org.eclipse.jetty.util.Callback callback) throws Exception {
                    lastRequest.set(System.currentTimeMillis());
                    return super.handle(request, response, callback);
                }
            }, "@gateway"));
            dev.workshop.gateway.GatewayProfile.Direct directHandler = new dev.workshop.gateway.GatewayProfile.Direct(handler);
            contexts.addHandler(context(directHandler, "@direct"));
            jetty.setHandler(contexts);
            jetty.start();
            // The direct connector's port exists only once the server has started; no client knows the gateway's
            // endpoint before this method returns, so no request passes without its filters.
            TableCatalogue tables = TableCatalogue.forBackend(local(direct));
            gateway.useCatalogue(tables);
            filters.apply(tables).forEach(gateway::addFilter);
            LocalServer server = new LocalServer(jetty, handler, directHandler, local(direct), local(viaGateway), gateway, metrics, lastRequest);
            server.storage = storage;
            return server;
        } catch (Exception e) {
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // already failing; the original error is the one worth reporting
            }
            if (handler != null) handler.close();
            throw new dev.workshop.WorkshopException(1, "Could not start the embedded DynamoDB Local: " + e.getMessage(),
                    "run the command again with -v to see why; as a way around it, start DynamoDB Local yourself and pass --endpoint-url", e);
        }
    }

    private static ServerConnector connector(Server jetty, String name) {
        ServerConnector c = new ServerConnector(jetty);
        c.setName(name);
        c.setHost("127.0.0.1");
        c.setPort(0);
        jetty.addConnector(c);
        return c;
    }

    private static ContextHandler context(org.eclipse.jetty.server.Handler h, String connector) {
        ContextHandler context = new ContextHandler(h, "/");
        context.setVirtualHosts(java.util.List.of(connector));
        return context;
    }

    private static URI local(ServerConnector c) {
        return URI.create("http://127.0.0.1:" + c.getLocalPort());
    }

    /** Where SDK clients connect: the gateway. */
    public URI endpoint() {
        return endpoint;
    }

    /** DynamoDB Local itself, bypassing the gateway: for benchmarks that measure the gateway's overhead. */
    public URI backendEndpoint() {
        return backend;
    }

    /** The metrics the gateway counts (CloudWatch's names), or null for a server built with filters of a test's own. */
    public MetricsStore metrics() {
        return metrics;
    }

    /** When the last request came through the gateway (epoch milliseconds; the start when none came yet). */
    public long lastRequestMillis() {
        return lastRequest.get();
    }

    /** The SQLite journal settings of a server on disk (null in memory, or when DynamoDB Local's were kept). */
    public LocalStorage.Settings storage() {
        return storage == null ? null : storage.settings;
    }

    public Gateway gateway() {
        return gateway;
    }

    /** Counts the server-thread CPU of requests on the direct connector from now on (a benchmark's probe). */
    public dev.workshop.gateway.GatewayProfile startDirectProfile() {
        return directHandler.startProfile();
    }

    @Override
    public void close() {
        gateway.closeFilters();
        try {
            jetty.stop();
        } catch (Exception e) {
            // Stopping is best effort; the handler close below is what flushes the database.
        }
        handler.close();
        if (storage != null) storage.awaitClosed();
    }
}
