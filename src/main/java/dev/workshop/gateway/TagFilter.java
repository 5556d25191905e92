package dev.workshop.gateway;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Resource tags, which DynamoDB Local does not support ("Tagging is not currently supported"): the workshop finds
 * personal tables by their Owner and Workshop tags, so the gateway keeps them, answering TagResource,
 * UntagResource and ListTagsOfResource itself and recording the Tags of CreateTable. Kept in a file under the
 * workshop home when there is one, so tags live as long as the tables.
 */
public final class TagFilter implements GatewayFilter {
    private static final String JSON = "application/x-amz-json-1.0";
    private final Path file;
    /** table name -> (tag key -> value). Keyed by name because DynamoDB Local's ARNs carry a fixed account. */
    private final Map<String, Map<String, String>> tags = new TreeMap<>();

    public TagFilter(Path file) {
        this.file = file;
        load();
    }

    /** Only the three tag operations take the lock: every other request (nearly all) passes without it. */
    @Override
    public GatewayResponse before(GatewayExchange ex) {
        String op = ex.operation();
        if (!op.equals("TagResource") && !op.equals("UntagResource") && !op.equals("ListTagsOfResource")) return null;
        synchronized (this) {
            return tagOperation(ex);
        }
    }

    private GatewayResponse tagOperation(GatewayExchange ex) {
        switch (ex.operation()) {
            case "TagResource" -> {
                String table = tableOfArn(ex.json().field("ResourceArn").map(JsonNode::asString).orElse(""));
                Map<String, String> t = tags.computeIfAbsent(table, k -> new TreeMap<>());
                ex.json().field("Tags").ifPresent(list -> list.asArray().forEach(tag ->
                        t.put(tag.field("Key").get().asString(), tag.field("Value").get().asString())));
                save();
                return empty("{}");
            }
            case "UntagResource" -> {
                String table = tableOfArn(ex.json().field("ResourceArn").map(JsonNode::asString).orElse(""));
                Map<String, String> t = tags.getOrDefault(table, new TreeMap<>());
                ex.json().field("TagKeys").ifPresent(list -> list.asArray().forEach(k -> t.remove(k.asString())));
                save();
                return empty("{}");
            }
            case "ListTagsOfResource" -> {
                String table = tableOfArn(ex.json().field("ResourceArn").map(JsonNode::asString).orElse(""));
                List<String> out = new ArrayList<>();
                tags.getOrDefault(table, Map.of()).forEach((k, v) ->
                        out.add("{\"Key\":" + GatewayResponse.quote(k) + ",\"Value\":" + GatewayResponse.quote(v) + "}"));
                return empty("{\"Tags\":[" + String.join(",", out) + "]}");
            }
            default -> {
                return null;
            }
        }
    }

    @Override
    public void after(GatewayExchange ex, GatewayResponse response) {
        if (!response.ok()) return;
        String op = ex.operation();
        if (!op.equals("CreateTable") && !op.equals("DeleteTable")) return;
        synchronized (this) {
            remember(ex);
        }
    }

    private void remember(GatewayExchange ex) {
        if (ex.operation().equals("CreateTable")) {
            String table = ex.json().field("TableName").map(JsonNode::asString).orElse(null);
            if (table == null) return;
            Map<String, String> t = new TreeMap<>();
            ex.json().field("Tags").ifPresent(list -> list.asArray().forEach(tag ->
                    t.put(tag.field("Key").get().asString(), tag.field("Value").get().asString())));
            tags.put(table, t);
            save();
        } else if (ex.operation().equals("DeleteTable")) {
            ex.json().field("TableName").map(JsonNode::asString).ifPresent(tags::remove);
            save();
        }
    }

    public synchronized Map<String, String> tagsOf(String table) {
        return Map.copyOf(tags.getOrDefault(table, Map.of()));
    }

    static String tableOfArn(String arn) {
        int i = arn.indexOf(":table/");
        if (i < 0) return arn;
        String rest = arn.substring(i + 7);
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    private static GatewayResponse empty(String json) {
        return new GatewayResponse(200, Map.of("Content-Type", JSON), json.getBytes(StandardCharsets.UTF_8));
    }

    private void load() {
        if (file == null || !Files.exists(file)) return;
        try {
            for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
                String[] p = line.split("\t", 3);
                if (p.length == 3) tags.computeIfAbsent(p[0], k -> new TreeMap<>()).put(p[1], p[2]);
            }
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read " + file + ": " + e.getMessage(), e);
        }
    }

    private void save() {
        if (file == null) return;
        StringBuilder b = new StringBuilder();
        tags.forEach((table, t) -> t.forEach((k, v) -> b.append(table).append('\t').append(k).append('\t')
                .append(v.replace('\n', ' ')).append('\n')));
        try {
            Path tmp = file.resolveSibling(file.getFileName() + ".tmp");
            Files.writeString(tmp, b, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new IllegalStateException("Cannot write " + file + ": " + e.getMessage(), e);
        }
    }
}
