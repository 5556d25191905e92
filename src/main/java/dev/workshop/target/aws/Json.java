package dev.workshop.target.aws;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** Just enough JSON output to rewrite the SSO token cache; the SDK's json-utils only parses. */
final class Json {
    private Json() {}

    static String write(Object value) {
        StringBuilder out = new StringBuilder();
        write(value, out);
        return out.toString();
    }

    private static void write(Object value, StringBuilder out) {
        if (value == null) {
            out.append("null");
        } else if (value instanceof String s) {
            string(s, out);
        } else if (value instanceof Number || value instanceof Boolean) {
            out.append(value);
        } else if (value instanceof Map<?, ?> map) {
            out.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                string(String.valueOf(e.getKey()), out);
                out.append(':');
                write(e.getValue(), out);
                if (it.hasNext()) out.append(',');
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) out.append(',');
                write(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof JsonNode node) {
            node(node, out);
        } else {
            throw new IllegalArgumentException("Not a JSON value: " + value.getClass());
        }
    }

    private static void node(JsonNode n, StringBuilder out) {
        if (n.isNull()) out.append("null");
        else if (n.isString()) string(n.asString(), out);
        else if (n.isNumber()) out.append(n.asNumber());
        else if (n.isBoolean()) out.append(n.asBoolean());
        else if (n.isArray()) write(n.asArray(), out);
        else if (n.isObject()) write(n.asObject(), out);
        else throw new IllegalArgumentException("Not a JSON value: " + n);
    }

    private static void string(String s, StringBuilder out) {
        out.append(dev.workshop.console.Json.quote(s));
    }
}
