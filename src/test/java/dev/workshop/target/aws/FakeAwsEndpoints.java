package dev.workshop.target.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * Stands in for the AWS servers that cannot run here (the IAM Identity Center portal, SSO-OIDC and STS), on one
 * loopback port, answering in each service's real wire format as the SDK's service models define it:
 * <ul>
 *   <li>SSO portal (rest-json): {@code GET /federation/credentials?role_name=&account_id=} with the access token in
 *       header {@code x-amz-sso_bearer_token}; 200 {@code {"roleCredentials":{...,"expiration":<epoch ms>}}}, or 401
 *       with {@code x-amzn-ErrorType: UnauthorizedException} and {@code {"message":...}}.</li>
 *   <li>SSO-OIDC (rest-json): {@code POST /token} with a camelCase JSON body (clientId, clientSecret, grantType,
 *       refreshToken); 200 {@code {"accessToken","tokenType","expiresIn","refreshToken"}}.</li>
 *   <li>STS (query): {@code POST /} form {@code Action=GetCallerIdentity&Version=2011-06-15}; 200 XML
 *       {@code GetCallerIdentityResponse/GetCallerIdentityResult/{Arn,UserId,Account}}.</li>
 * </ul>
 * The SDK's own clients parse these answers, so a format mistake here fails the tests.
 */
final class FakeAwsEndpoints implements AutoCloseable {
    static final String ACCOUNT = "123456789012";
    static final String ROLE = "WorkshopStudent";
    static final String ROLE_ARN =
            "arn:aws:sts::" + ACCOUNT + ":assumed-role/AWSReservedSSO_" + ROLE + "_0123456789abcdef/alice";

    record Call(String method, String path, Map<String, String> query, Map<String, String> headers, String body) {}

    private final HttpServer server;
    final List<Call> calls = new CopyOnWriteArrayList<>();
    /** Access tokens the portal accepts. */
    final Set<String> validAccessTokens = ConcurrentHashMap.newKeySet();
    /** Refresh token the OIDC endpoint accepts, and what it hands out. */
    volatile String validRefreshToken = "refresh-1";
    volatile String refreshedAccessToken = "access-refreshed";
    volatile String refreshedRefreshToken = "refresh-2";
    /** Access key ids issued by the portal; STS answers only requests signed with one of them. */
    final Set<String> issuedKeys = ConcurrentHashMap.newKeySet();
    /** Static keys STS also accepts (for non-SSO profiles). */
    final Set<String> staticKeys = ConcurrentHashMap.newKeySet();
    private final AtomicInteger issued = new AtomicInteger();

    FakeAwsEndpoints() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    List<Call> calls(String path) {
        return calls.stream().filter(c -> c.path().equals(path)).toList();
    }

    private void handle(HttpExchange ex) throws IOException {
        try (ex) {
            String body = new String(ex.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            Map<String, String> headers = new HashMap<>();
            ex.getRequestHeaders().forEach((k, v) -> headers.put(k.toLowerCase(), v.get(0)));
            Map<String, String> query = form(ex.getRequestURI().getRawQuery());
            String path = ex.getRequestURI().getPath();
            String method = ex.getRequestMethod();
            calls.add(new Call(method, path, query, headers, body));
            if (method.equals("GET") && path.equals("/federation/credentials")) {
                roleCredentials(ex, headers, query);
            } else if (method.equals("POST") && path.equals("/token")) {
                createToken(ex, body);
            } else if (method.equals("POST") && path.equals("/") && "GetCallerIdentity".equals(form(body).get("Action"))) {
                callerIdentity(ex, headers);
            } else {
                send(ex, 404, "application/json", null, "{\"message\":\"not here\"}");
            }
        }
    }

    private void roleCredentials(HttpExchange ex, Map<String, String> headers, Map<String, String> query)
            throws IOException {
        String token = headers.get("x-amz-sso_bearer_token");
        if (token == null || !validAccessTokens.contains(token)
                || !ACCOUNT.equals(query.get("account_id")) || !ROLE.equals(query.get("role_name"))) {
            send(ex, 401, "application/json", "UnauthorizedException",
                    "{\"message\":\"Session token not found or invalid\"}");
            return;
        }
        String akid = "ASIAFAKE" + issued.incrementAndGet();
        issuedKeys.add(akid);
        long expiration = Instant.now().plus(Duration.ofHours(1)).toEpochMilli();
        send(ex, 200, "application/json", null, "{\"roleCredentials\":{\"accessKeyId\":\"" + akid
                + "\",\"secretAccessKey\":\"secret-" + akid + "\",\"sessionToken\":\"session-" + akid
                + "\",\"expiration\":" + expiration + "}}");
    }

    private void createToken(HttpExchange ex, String body) throws IOException {
        Map<String, JsonNode> req = JsonNode.parser().parse(body).asObject();
        String grant = text(req.get("grantType"));
        String refresh = text(req.get("refreshToken"));
        if (!"refresh_token".equals(grant) || !validRefreshToken.equals(refresh)
                || text(req.get("clientId")) == null || text(req.get("clientSecret")) == null) {
            send(ex, 400, "application/json", "InvalidGrantException",
                    "{\"error\":\"invalid_grant\",\"error_description\":\"Invalid refresh token provided\"}");
            return;
        }
        validAccessTokens.add(refreshedAccessToken);
        send(ex, 200, "application/json", null, "{\"accessToken\":\"" + refreshedAccessToken
                + "\",\"expiresIn\":3600,\"refreshToken\":\"" + refreshedRefreshToken + "\",\"tokenType\":\"Bearer\"}");
    }

    private void callerIdentity(HttpExchange ex, Map<String, String> headers) throws IOException {
        String auth = headers.getOrDefault("authorization", "");
        String akid = auth.replaceFirst(".*Credential=([^/]+)/.*", "$1");
        boolean sso = issuedKeys.contains(akid);
        if (!sso && !staticKeys.contains(akid)) {
            send(ex, 403, "text/xml", null, "<ErrorResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                    + "<Error><Type>Sender</Type><Code>InvalidClientTokenId</Code>"
                    + "<Message>The security token included in the request is invalid.</Message></Error>"
                    + "<RequestId>00000000-0000-0000-0000-000000000000</RequestId></ErrorResponse>");
            return;
        }
        String arn = sso ? ROLE_ARN : "arn:aws:iam::" + ACCOUNT + ":user/facilitator";
        send(ex, 200, "text/xml", null, "<GetCallerIdentityResponse xmlns=\"https://sts.amazonaws.com/doc/2011-06-15/\">"
                + "<GetCallerIdentityResult><Arn>" + arn + "</Arn><UserId>AROAFAKE:alice</UserId>"
                + "<Account>" + ACCOUNT + "</Account></GetCallerIdentityResult>"
                + "<ResponseMetadata><RequestId>01234567-89ab-cdef-0123-456789abcdef</RequestId></ResponseMetadata>"
                + "</GetCallerIdentityResponse>");
    }

    private static String text(JsonNode n) {
        return n == null || n.isNull() ? null : n.text();
    }

    private static void send(HttpExchange ex, int status, String type, String errorType, String body)
            throws IOException {
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        ex.getResponseHeaders().set("Content-Type", type);
        ex.getResponseHeaders().set("x-amzn-RequestId", "01234567-89ab-cdef-0123-456789abcdef");
        if (errorType != null) ex.getResponseHeaders().set("x-amzn-ErrorType", errorType);
        ex.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = ex.getResponseBody()) {
            out.write(bytes);
        }
    }

    private static Map<String, String> form(String raw) {
        Map<String, String> out = new HashMap<>();
        if (raw == null || raw.isEmpty()) return out;
        for (String pair : raw.split("&")) {
            int eq = pair.indexOf('=');
            String k = eq < 0 ? pair : pair.substring(0, eq);
            String v = eq < 0 ? "" : pair.substring(eq + 1);
            out.put(URLDecoder.decode(k, StandardCharsets.UTF_8), URLDecoder.decode(v, StandardCharsets.UTF_8));
        }
        return out;
    }

    @Override
    public void close() {
        server.stop(0);
    }
}
