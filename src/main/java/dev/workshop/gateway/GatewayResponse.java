package dev.workshop.gateway;

import java.nio.charset.StandardCharsets;
import dev.workshop.console.Json;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/** A response as the client will receive it. Bodies are DynamoDB's JSON. */
public record GatewayResponse(int status, Map<String, String> headers, byte[] body) {

    /**
     * An error in DynamoDB's wire shape: HTTP 400 and {@code {"__type": "<namespace>#<Code>", "message": ...}}.
     * {@code extraJson} holds further members, already JSON-encoded, e.g. {@code "ThrottlingReasons":[...]}.
     */
    public static GatewayResponse error(String typeWithNamespace, String message, String extraJson) {
        String json = "{\"__type\":" + quote(typeWithNamespace) + ",\"message\":" + quote(message)
                + (extraJson == null || extraJson.isEmpty() ? "" : "," + extraJson) + "}";
        return new GatewayResponse(400, Map.of("Content-Type", "application/x-amz-json-1.0"),
                json.getBytes(StandardCharsets.UTF_8));
    }

    public boolean ok() {
        return status / 100 == 2;
    }

    public JsonNode json() {
        return GatewayExchange.parse(body);
    }

    /** The error code (the part of {@code __type} after '#'), or null on success. */
    public String errorCode() {
        if (ok()) return null;
        JsonNode type = json().field("__type").orElse(null);
        if (type == null || !type.isString()) return "HTTP" + status;
        String t = type.asString();
        return t.substring(t.indexOf('#') + 1);
    }

    public static String quote(String s) {
        return Json.quote(s);
    }
}
