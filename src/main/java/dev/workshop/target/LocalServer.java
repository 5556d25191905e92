package dev.workshop.target;

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
 * DynamoDB Local, in this process, behind the local gateway. Both listen on 127.0.0.1 only, on ephemeral ports.
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
    private final Gateway gateway;

    private LocalServer(Server jetty, LocalDynamoDBServerHandler handler, URI backend, Gateway gateway) {
        this.jetty = jetty;
        this.handler = handler;
        this.backend = backend;
        this.gateway = gateway;
    }

    /** An in-memory server: nothing persists. Tests and benchmarks use this. */
    public static LocalServer inMemory() {
        return start(null);
    }

    /** A server whose data lives in {@code dataDir} (one shared SQLite database for every credential and region). */
    public static LocalServer persistent(Path dataDir) {
        return start(dataDir);
    }

    private static LocalServer start(Path dataDir) {
        Server jetty = new Server();
        LocalDynamoDBServerHandler handler = null;
        try {
            if (dataDir != null) Files.createDirectories(dataDir);
            LocalDynamoDBRequestHandler requests = new LocalDynamoDBRequestHandler(
                    0, dataDir == null, dataDir == null ? null : dataDir.toString(), true, false);
            handler = new LocalDynamoDBServerHandler(requests, null);
            ServerConnector connector = new ServerConnector(jetty);
            connector.setHost("127.0.0.1");
            connector.setPort(0);
            jetty.addConnector(connector);
            ContextHandler context = new ContextHandler();
            context.setHandler(handler);
            ContextHandlerCollection handlers = new ContextHandlerCollection();
            handlers.addHandler(context);
            jetty.setHandler(handlers);
            jetty.start();
            URI backend = URI.create("http://127.0.0.1:" + connector.getLocalPort());
            Gateway gateway = Gateway.start(backend);
            gateway.addFilter(new TagFilter(dataDir == null ? null : dataDir.resolve("tags.tsv")));
            gateway.addFilter(CapacityFilter.forBackend(backend, dataDir == null ? MetricsStore.inMemory() : MetricsStore.persistent(dataDir.resolve(METRICS_FILE))));
            return new LocalServer(jetty, handler, backend, gateway);
        } catch (Exception e) {
            try {
                jetty.stop();
            } catch (Exception ignored) {
                // already failing; the original error is the one worth reporting
            }
            throw new IllegalStateException("Could not start DynamoDB Local: " + e.getMessage(), e);
        }
    }

    /** Where SDK clients connect: the gateway. */
    public URI endpoint() {
        return gateway.endpoint();
    }

    /** DynamoDB Local itself, bypassing the gateway: for benchmarks that measure the gateway's overhead. */
    public URI backendEndpoint() {
        return backend;
    }

    public Gateway gateway() {
        return gateway;
    }

    @Override
    public void close() {
        gateway.close();
        try {
            jetty.stop();
        } catch (Exception e) {
            // Stopping is best effort; the handler close below is what flushes the database.
        }
        handler.close();
    }
}
