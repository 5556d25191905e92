package dev.workshop.console;

import java.util.Collection;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/** A small JSON writer for --output json: maps, collections, strings, numbers, booleans and null. */
public final class Json {
    private Json() {}

    public static String write(Object v) {
        StringBuilder b = new StringBuilder();
        write(b, v);
        return b.toString();
    }

    private static void write(StringBuilder b, Object v) {
        if (v == null) {
            b.append("null");
        } else if (v instanceof String s) {
            quote(b, s);
        } else if (v instanceof Double d) {
            if (d.isNaN() || d.isInfinite()) b.append("null");
            else if (d == Math.rint(d) && Math.abs(d) < 1e15) b.append(d.longValue());
            else b.append(d);
        } else if (v instanceof Number || v instanceof Boolean) {
            b.append(v);
        } else if (v instanceof Map<?, ?> m) {
            b.append('{');
            boolean first = true;
            for (Map.Entry<?, ?> e : m.entrySet()) {
                if (!first) b.append(',');
                first = false;
                quote(b, String.valueOf(e.getKey()));
                b.append(':');
                write(b, e.getValue());
            }
            b.append('}');
        } else if (v instanceof Collection<?> c) {
            b.append('[');
            boolean first = true;
            for (Object o : c) {
                if (!first) b.append(',');
                first = false;
                write(b, o);
            }
            b.append(']');
        } else {
            quote(b, v.toString());
        }
    }

    /**
     * The same JSON laid out for a reader at {@code width} columns: two-space indents, an array on one line when it fits
     * and one element per line when it does not, so that a policy's ARNs and actions are never cut or wrapped mid-value.
     */
    public static String pretty(String json, int width) {
        StringBuilder b = new StringBuilder();
        pretty(b, JsonNodeParser.create().parse(json), 0, width);
        return b.toString();
    }

    private static void pretty(StringBuilder b, JsonNode v, int indent, int width) {
        String pad = " ".repeat(indent);
        if (v.isObject()) {
            b.append("{\n");
            int left = v.asObject().size();
            for (Map.Entry<String, JsonNode> e : v.asObject().entrySet()) {
                b.append(pad).append("  ");
                quote(b, e.getKey());
                b.append(": ");
                int start = b.length() - b.lastIndexOf("\n") - 1;
                prettyValue(b, e.getValue(), indent + 2, width, start, --left > 0);
                b.append('\n');
            }
            b.append(pad).append('}');
        } else if (v.isArray()) {
            b.append("[\n");
            int left = v.asArray().size();
            for (JsonNode e : v.asArray()) {
                boolean comma = --left > 0;
                int at = indent + 2;
                int length = compact(e).length() + (comma ? 1 : 0);
                // a long value (an ARN) that cannot fit at its depth steps left rather than run past the width
                if (!e.isObject() && !e.isArray() && at + length > width) at = Math.max(0, width - length);
                b.append(" ".repeat(at));
                prettyValue(b, e, indent + 2, width, at, comma);
                b.append('\n');
            }
            b.append(pad).append(']');
        } else {
            b.append(compact(v));
        }
    }

    /** A member or element: on one line from column {@code at} when it fits (with its comma), else laid out. */
    private static void prettyValue(StringBuilder b, JsonNode v, int indent, int width, int at, boolean comma) {
        String one = compact(v);
        if (v.isObject() && !v.asObject().isEmpty() || !(at + one.length() + (comma ? 1 : 0) <= width)) {
            if (v.isObject() || v.isArray()) pretty(b, v, indent, width);
            else b.append(one);
        } else {
            b.append(one);
        }
        if (comma) b.append(',');
    }

    private static String compact(JsonNode v) {
        if (v.isString()) return quote(v.asString());
        if (v.isNull()) return "null";
        if (v.isBoolean()) return Boolean.toString(v.asBoolean());
        if (v.isNumber()) return v.asNumber();
        StringBuilder b = new StringBuilder();
        if (v.isArray()) {
            b.append('[');
            boolean first = true;
            for (JsonNode e : v.asArray()) {
                if (!first) b.append(", ");
                first = false;
                b.append(compact(e));
            }
            return b.append(']').toString();
        }
        b.append("{ ");
        boolean first = true;
        for (Map.Entry<String, JsonNode> e : v.asObject().entrySet()) {
            if (!first) b.append(", ");
            first = false;
            quote(b, e.getKey());
            b.append(": ").append(compact(e.getValue()));
        }
        return b.append(" }").toString();
    }

    /** A JSON string literal, quotes included. */
    public static String quote(String s) {
        StringBuilder b = new StringBuilder();
        quote(b, s);
        return b.toString();
    }

    private static void quote(StringBuilder b, String s) {
        b.append('"');
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                case '\n' -> b.append("\\n");
                case '\r' -> b.append("\\r");
                case '\t' -> b.append("\\t");
                default -> {
                    if (c < 0x20) b.append(String.format("\\u%04x", (int) c));
                    else b.append(c);
                }
            }
        }
        b.append('"');
    }
}
