package dev.workshop.gateway;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Function;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The gateway's one catalogue of tables, which every filter reads: each table's description as DynamoDB Local last
 * gave it. It learns from the CreateTable, UpdateTable, DeleteTable and DescribeTable answers that pass the gateway
 * (the gateway shows it every answer before any filter's after()), and describes a table it has not seen straight
 * against DynamoDB Local on first sight (a server restarted on persisted data). Filters that keep state of their own
 * per table (the capacity model) listen for definitions and drops.
 */
public final class TableCatalogue {
    /** Told when a table is created or changed (with its new description) and when it is deleted. */
    public interface Listener {
        void defined(JsonNode description);

        void dropped(String table);
    }

    private final Function<String, Optional<JsonNode>> describe;
    /** Table name as requested -> its description; empty when DynamoDB Local has no such table. */
    private final Map<String, Optional<JsonNode>> tables = new ConcurrentHashMap<>();
    private final List<Listener> listeners = new CopyOnWriteArrayList<>();
    private URI backend;

    /** @param describe DescribeTable against DynamoDB Local itself ("Table" member, or empty); null learns only from traffic */
    public TableCatalogue(Function<String, Optional<JsonNode>> describe) {
        this.describe = describe;
    }

    public static TableCatalogue forBackend(URI backend) {
        TableCatalogue c = new TableCatalogue(new BackendDescribe(backend));
        c.backend = backend;
        return c;
    }

    /** DynamoDB Local's direct connector, for a filter that must call it itself; null when learning from traffic only. */
    public URI backend() {
        return backend;
    }

    public void listen(Listener listener) {
        listeners.add(listener);
    }

    /** The table's description, describing it once when the catalogue has not seen it; empty when there is none. */
    public Optional<JsonNode> table(String name) {
        if (name == null) return Optional.empty();
        Optional<JsonNode> known = tables.get(name);
        if (known != null) return known;
        if (describe == null) return Optional.empty();
        Optional<JsonNode> described;
        try {
            described = describe.apply(name);
        } catch (IllegalStateException unreachable) {
            return Optional.empty(); // not cached: the next request asks again
        }
        tables.put(name, described);
        return described;
    }

    /** Learns from one answer that passed the gateway. */
    void observe(GatewayExchange ex, GatewayResponse response) {
        if (!response.ok()) return;
        String op = ex.operation();
        if (!op.equals("CreateTable") && !op.equals("UpdateTable") && !op.equals("DeleteTable") && !op.equals("DescribeTable")) return;
        String name = ex.json().field("TableName").filter(JsonNode::isString).map(JsonNode::asString).orElse(null);
        if (name == null) return;
        switch (op) {
            case "CreateTable", "UpdateTable" -> response.json().field("TableDescription").ifPresent(d -> {
                tables.put(name, Optional.of(d));
                for (Listener l : listeners) l.defined(d);
            });
            case "DescribeTable" -> response.json().field("Table").ifPresent(d -> tables.put(name, Optional.of(d)));
            case "DeleteTable" -> {
                tables.put(name, Optional.empty());
                for (Listener l : listeners) l.dropped(name);
            }
            default -> { }
        }
    }
}
