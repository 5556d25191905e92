package dev.workshop.gateway;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** Writes an SDK JsonNode back to JSON text (the gateway edits a few of DynamoDB Local's responses). */
final class JsonText {
    private JsonText() {}

    static String write(JsonNode node) {
        StringBuilder b = new StringBuilder();
        write(node, b);
        return b.toString();
    }

    static void write(JsonNode n, StringBuilder b) {
        if (n == null || n.isNull()) {
            b.append("null");
        } else if (n.isString()) {
            b.append(GatewayResponse.quote(n.asString()));
        } else if (n.isNumber()) {
            b.append(n.asNumber());
        } else if (n.isBoolean()) {
            b.append(n.asBoolean());
        } else if (n.isArray()) {
            b.append('[');
            List<JsonNode> a = n.asArray();
            for (int i = 0; i < a.size(); i++) {
                if (i > 0) b.append(',');
                write(a.get(i), b);
            }
            b.append(']');
        } else if (n.isObject()) {
            b.append('{');
            Iterator<Map.Entry<String, JsonNode>> it = n.asObject().entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<String, JsonNode> e = it.next();
                b.append(GatewayResponse.quote(e.getKey())).append(':');
                write(e.getValue(), b);
                if (it.hasNext()) b.append(',');
            }
            b.append('}');
        } else {
            b.append(GatewayResponse.quote(n.text()));
        }
    }
}
