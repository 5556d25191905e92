package dev.workshop.gateway;

import dev.workshop.target.Principal;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/** One request passing the gateway: its DynamoDB operation, who signed it, and its JSON body. */
public final class GatewayExchange {
    private static final JsonNodeParser PARSER = JsonNodeParser.create();

    private final String operation;
    private final Principal principal;
    private byte[] body;
    private final java.util.List<java.util.function.UnaryOperator<GatewayResponse>> responseRewrites = new java.util.ArrayList<>();
    private final long startNanos;
    private JsonNode json;
    private final Map<String, Object> attributes = new HashMap<>();

    public GatewayExchange(String operation, Principal principal, byte[] body, long startNanos) {
        this.operation = operation;
        this.principal = principal;
        this.body = body;
        this.startNanos = startNanos;
    }

    /** From the X-Amz-Target header, e.g. "DynamoDB_20120810.PutItem" gives "PutItem". */
    public static String operationOf(String amzTarget) {
        if (amzTarget == null) return "";
        int dot = amzTarget.lastIndexOf('.');
        return dot < 0 ? amzTarget : amzTarget.substring(dot + 1);
    }

    /** The signer's access key id from a SigV4 Authorization header ({@code ... Credential=AKID/date/...}), or null. */
    public static String accessKeyOf(String authorization) {
        if (authorization == null) return null;
        // Read on every request: a scan, not a regular expression (which was about 7% of the gateway's own cost).
        int at = authorization.indexOf("Credential=");
        if (at < 0) return null;
        int from = at + "Credential=".length();
        for (int i = from; i < authorization.length(); i++) {
            char c = authorization.charAt(i);
            if (c == '/') return i > from ? authorization.substring(from, i) : null;
            if (c == ',' || Character.isWhitespace(c)) return null;
        }
        return null;
    }

    public String operation() {
        return operation;
    }

    public Principal principal() {
        return principal;
    }

    /** The body to forward: the request's own, unless a filter replaced it. */
    public byte[] body() {
        return body;
    }

    /**
     * Forwards {@code newBody} instead of the request's (e.g. a BatchWriteItem without the items the capacity model
     * throttled). {@link #json()} keeps showing the request as the client sent it.
     */
    public void replaceBody(byte[] newBody) {
        if (json == null) json = parse(body);
        this.body = newBody;
    }

    /**
     * Rewrites DynamoDB Local's response (or a later filter's own 200 answer) before any filter's after() sees it
     * (e.g. to add UnprocessedItems).
     */
    public void rewriteResponse(java.util.function.UnaryOperator<GatewayResponse> rewrite) {
        responseRewrites.add(rewrite);
    }

    /**
     * Undoes the body replacements in reverse: the last filter to change the request sees the answer first (its
     * answer matches the body it forwarded), then the filter before it.
     */
    GatewayResponse rewritten(GatewayResponse response) {
        for (int i = responseRewrites.size() - 1; i >= 0; i--) response = responseRewrites.get(i).apply(response);
        return response;
    }

    public long startNanos() {
        return startNanos;
    }

    public JsonNode json() {
        if (json == null) json = parse(body);
        return json;
    }

    /** Scratch space for filters to pass what they computed in before() to their after(). */
    public Map<String, Object> attributes() {
        return attributes;
    }

    static JsonNode parse(byte[] body) {
        if (body == null || body.length == 0) return JsonNode.emptyObjectNode();
        // Straight from the UTF-8 bytes: no String made and decoded first.
        return PARSER.parse(body);
    }
}
