package dev.workshop.target.aws;

import java.util.Iterator;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** Just enough JSON output to write the SSO token cache; the SDK's json-utils only parses. */
final class Json {
    private Json() {}

    /**
     * An object as Python's {@code json.dumps} writes it with its defaults (", " and ": " separators, non-ASCII escaped
     * as Python escapes it): the form the AWS CLI v2 gives its SSO cache files (awscli/customizations/sso/utils.py,
     * {@code _sso_json_dumps}), so a file we write is byte for byte one the CLI could have written.
     */
    static String writePython(Map<String, ?> object) {
        StringBuilder out = new StringBuilder();
        python(object, out);
        return out.toString();
    }

    private static void python(Object value, StringBuilder out) {
        if (value instanceof Map<?, ?> map) {
            out.append('{');
            Iterator<? extends Map.Entry<?, ?>> it = map.entrySet().iterator();
            while (it.hasNext()) {
                Map.Entry<?, ?> e = it.next();
                pythonString(String.valueOf(e.getKey()), out);
                out.append(": ");
                python(e.getValue(), out);
                if (it.hasNext()) out.append(", ");
            }
            out.append('}');
        } else if (value instanceof List<?> list) {
            out.append('[');
            for (int i = 0; i < list.size(); i++) {
                if (i > 0) out.append(", ");
                python(list.get(i), out);
            }
            out.append(']');
        } else if (value instanceof String s) {
            pythonString(s, out);
        } else if (value instanceof JsonNode n) {
            if (n.isString()) pythonString(n.asString(), out);
            else if (n.isArray()) python(n.asArray(), out);
            else if (n.isObject()) python(n.asObject(), out);
            else node(n, out);
        } else if (value == null) {
            out.append("null");
        } else if (value instanceof Boolean b) {
            out.append(b ? "true" : "false");
        } else {
            out.append(value);
        }
    }

    private static void pythonString(String s, StringBuilder out) {
        out.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> out.append("\\\"");
                case '\\' -> out.append("\\\\");
                case '\n' -> out.append("\\n");
                case '\r' -> out.append("\\r");
                case '\t' -> out.append("\\t");
                case '\b' -> out.append("\\b");
                case '\f' -> out.append("\\f");
                default -> {
                    if (c < 0x20 || c > 0x7f) out.append(String.format("\\u%04x", (int) c));
                    else out.append(c);
                }
            }
        }
        out.append('"');
    }

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
