package dev.workshop.gateway;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * BatchExecuteStatement answers HTTP 200 with one entry per statement, in order; a statement that failed carries an
 * {@code Error} ({@code Code}, {@code Message}) in its place
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchStatementResponse.html). Filters that
 * decide statement by statement (access, capacity) forward only the statements they let through and put the others
 * back into the answer with this.
 */
final class BatchStatements {
    private BatchStatements() {}

    static String error(String code, String message) {
        return "{\"Error\":{\"Code\":" + GatewayResponse.quote(code) + ",\"Message\":" + GatewayResponse.quote(message) + "}}";
    }

    /** The statements at the positions with no error, as the request's new body (its other members kept). */
    static byte[] forwarded(JsonNode request, List<JsonNode> statements, String[] errors) {
        StringBuilder body = new StringBuilder("{\"Statements\":[");
        int n = 0;
        for (int i = 0; i < statements.size(); i++) {
            if (errors[i] == null) body.append(n++ == 0 ? "" : ",").append(JsonText.write(statements.get(i)));
        }
        body.append(']');
        request.asObject().forEach((k, v) -> {
            if (!k.equals("Statements")) body.append(',').append(GatewayResponse.quote(k)).append(':').append(JsonText.write(v));
        });
        return body.append('}').toString().getBytes(StandardCharsets.UTF_8);
    }

    /** An answer of our own when no statement is forwarded. */
    static GatewayResponse allFailed(String[] errors, Map<String, String> headers) {
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("Content-Type", "application/x-amz-json-1.0");
        return withBody(200, h, ("{\"Responses\":[" + String.join(",", errors) + "]}").getBytes(StandardCharsets.UTF_8));
    }

    /** DynamoDB Local's answer for the forwarded statements, with the failed ones put back in their places. */
    static GatewayResponse splice(GatewayResponse r, String[] errors, Map<String, String> extraHeaders) {
        if (!r.ok()) return r;
        JsonNode answer = r.json();
        List<JsonNode> responses = answer.field("Responses").filter(JsonNode::isArray).map(JsonNode::asArray).orElse(List.of());
        StringBuilder merged = new StringBuilder("{\"Responses\":[");
        int next = 0;
        for (int i = 0; i < errors.length; i++) {
            merged.append(i == 0 ? "" : ",");
            merged.append(errors[i] != null ? errors[i] : next < responses.size() ? JsonText.write(responses.get(next++)) : "{}");
        }
        merged.append(']');
        answer.asObject().forEach((k, v) -> {
            if (!k.equals("Responses")) merged.append(',').append(GatewayResponse.quote(k)).append(':').append(JsonText.write(v));
        });
        Map<String, String> h = new LinkedHashMap<>();
        r.headers().forEach((k, v) -> {
            if (!k.equalsIgnoreCase("x-amz-crc32") && !k.equalsIgnoreCase("Content-Length")) h.put(k, v);
        });
        h.putAll(extraHeaders);
        return withBody(r.status(), h, merged.append('}').toString().getBytes(StandardCharsets.UTF_8));
    }

    /** The SDK checks DynamoDB's x-amz-crc32 against the body it receives: a new body needs its own. */
    private static GatewayResponse withBody(int status, Map<String, String> headers, byte[] body) {
        java.util.zip.CRC32 crc = new java.util.zip.CRC32();
        crc.update(body);
        Map<String, String> h = new LinkedHashMap<>(headers);
        h.put("x-amz-crc32", Long.toString(crc.getValue()));
        return new GatewayResponse(status, h, body);
    }
}
