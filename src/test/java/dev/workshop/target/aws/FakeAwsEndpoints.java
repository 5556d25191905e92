package dev.workshop.target.aws;

import com.sun.net.httpserver.HttpExchange;
import com.sun.net.httpserver.HttpServer;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
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
 * and for {@code workshop login} (the device authorization grant, RFC 8628, as SSO-OIDC implements it):
 * <ul>
 *   <li>SSO-OIDC {@code POST /client/register} {clientName, clientType="public", scopes} → {clientId, clientSecret,
 *       clientIdIssuedAt, clientSecretExpiresAt} (epoch seconds; 90 days, as IAM Identity Center issues them).</li>
 *   <li>{@code POST /device_authorization} {clientId, clientSecret, startUrl} → {deviceCode, userCode,
 *       verificationUri, verificationUriComplete, expiresIn, interval}.</li>
 *   <li>{@code POST /token} with grantType {@code urn:ietf:params:oauth:grant-type:device_code}: 400 with
 *       {@code x-amzn-ErrorType} AuthorizationPendingException / SlowDownException / ExpiredTokenException /
 *       AccessDeniedException and body {@code {"error":"authorization_pending"|"slow_down"|"expired_token"|
 *       "access_denied","error_description":...}} (the SSO-OIDC API reference's error shapes), enforcing the limits
 *       RFC 8628 sections 3.4-3.5 set: a poll sooner than {@code interval} after the previous one is answered
 *       slow_down and raises the interval by 5 s; a code past {@code expiresIn} is expired_token; a code is
 *       exchanged once.</li>
 *   <li>SSO portal {@code GET /assignment/accounts?max_result=&next_token=} and {@code GET /assignment/roles?
 *       account_id=...}, paginated by {@code pageSize}; {@code POST /logout} revokes the access token.</li>
 * </ul>
 * Time for those limits comes from {@link #clock}, which a test may drive together with the client's waits.
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

    // --- the device authorization grant -------------------------------------------------------------------------
    volatile Clock clock = Clock.systemUTC();
    /** Seconds the service asks the client to wait between polls. */
    volatile int deviceInterval = 1;
    /** Seconds a device code lives (IAM Identity Center: 600). */
    volatile int deviceCodeLifetime = 600;
    /** A code is approved on this poll (1 = the first), as if the user clicked Allow in between; 0 = never. */
    volatile int approveOnPoll = 2;
    volatile boolean deny;
    /** Polls answered slow_down regardless of their timing, as a loaded service may. */
    final AtomicInteger forcedSlowDowns = new AtomicInteger();
    final AtomicInteger slowDownsSent = new AtomicInteger();
    final AtomicInteger registrations = new AtomicInteger();
    final AtomicInteger authorizations = new AtomicInteger();
    volatile long accessTokenLifetime = 8 * 3600;
    final Map<String, String> clients = new ConcurrentHashMap<>();
    private final Map<String, DeviceCode> deviceCodes = new ConcurrentHashMap<>();
    private final AtomicInteger tokens = new AtomicInteger();
    /** Accounts and roles the portal lists for any valid token; account id → role names. */
    final Map<String, List<String>> assignments = new java.util.LinkedHashMap<>(Map.of(ACCOUNT, List.of(ROLE)));
    volatile int pageSize = 100;

    private static final class DeviceCode {
        final String clientId;
        final String userCode;
        final Instant expiresAt;
        int interval;
        int polls;
        Instant lastPoll;
        boolean used;

        DeviceCode(String clientId, String userCode, Instant expiresAt, int interval) {
            this.clientId = clientId;
            this.userCode = userCode;
            this.expiresAt = expiresAt;
            this.interval = interval;
        }
    }

    /** Makes every outstanding code expire now, as if the user came back too late. */
    void expireDeviceCodes() {
        deviceCodes.replaceAll((k, d) -> {
            DeviceCode e = new DeviceCode(d.clientId, d.userCode, clock.instant().minusSeconds(1), d.interval);
            e.polls = d.polls;
            e.lastPoll = d.lastPoll;
            return e;
        });
    }

    FakeAwsEndpoints() throws IOException {
        server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", this::handle);
        server.start();
    }

    URI endpoint() {
        return URI.create("http://127.0.0.1:" + server.getAddress().getPort());
    }

    /**
     * The environment that points the SDK (and the AWS CLI) at this stand-in for SSO, SSO-OIDC and STS, and at
     * {@code dynamodb} for DynamoDB: AWS_ENDPOINT_URL_*, so nothing leaves the loopback interface. A mutable map.
     */
    java.util.Map<String, String> environment(URI dynamodb) {
        java.util.Map<String, String> vars = new java.util.HashMap<>();
        for (String s : java.util.List.of("SSO", "SSO_OIDC", "STS")) vars.put("AWS_ENDPOINT_URL_" + s, endpoint().toString());
        vars.put("AWS_ENDPOINT_URL_DYNAMODB", dynamodb.toString());
        return vars;
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
            } else if (method.equals("POST") && path.equals("/client/register")) {
                registerClient(ex, body);
            } else if (method.equals("POST") && path.equals("/device_authorization")) {
                startDeviceAuthorization(ex, body);
            } else if (method.equals("GET") && path.equals("/assignment/accounts")) {
                listAccounts(ex, headers, query);
            } else if (method.equals("GET") && path.equals("/assignment/roles")) {
                listRoles(ex, headers, query);
            } else if (method.equals("POST") && path.equals("/logout")) {
                validAccessTokens.remove(headers.getOrDefault("x-amz-sso_bearer_token", ""));
                send(ex, 200, "application/json", null, "{}");
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
        if (token == null || !validAccessTokens.contains(token)) {
            send(ex, 401, "application/json", "UnauthorizedException",
                    "{\"message\":\"Session token not found or invalid\"}");
            return;
        }
        // A valid token asking for a role not assigned to the user: the portal's 403, outside the API model.
        if (!assignments.getOrDefault(query.get("account_id"), List.of()).contains(query.get("role_name"))) {
            send(ex, 403, "application/json", "ForbiddenException", "{\"message\":\"No access\"}");
            return;
        }
        String akid = "ASIAFAKE" + issued.incrementAndGet();
        issuedKeys.add(akid);
        long expiration = Instant.now().plus(Duration.ofHours(1)).toEpochMilli();
        send(ex, 200, "application/json", null, "{\"roleCredentials\":{\"accessKeyId\":\"" + akid
                + "\",\"secretAccessKey\":\"secret-" + akid + "\",\"sessionToken\":\"session-" + akid
                + "\",\"expiration\":" + expiration + "}}");
    }

    private void registerClient(HttpExchange ex, String body) throws IOException {
        Map<String, JsonNode> req = JsonNode.parser().parse(body).asObject();
        if (text(req.get("clientName")) == null || !"public".equals(text(req.get("clientType")))) {
            send(ex, 400, "application/json", "InvalidClientMetadataException",
                    "{\"error\":\"invalid_client_metadata\",\"error_description\":\"clientType must be public\"}");
            return;
        }
        int n = registrations.incrementAndGet();
        String id = "client-" + n;
        clients.put(id, "secret-" + n);
        long now = clock.instant().getEpochSecond();
        send(ex, 200, "application/json", null, "{\"clientId\":\"" + id + "\",\"clientSecret\":\"secret-" + n
                + "\",\"clientIdIssuedAt\":" + now + ",\"clientSecretExpiresAt\":" + (now + 90L * 24 * 3600) + "}");
    }

    private boolean clientOk(Map<String, JsonNode> req) {
        String id = text(req.get("clientId"));
        return id != null && clients.containsKey(id) && clients.get(id).equals(text(req.get("clientSecret")));
    }

    private void startDeviceAuthorization(HttpExchange ex, String body) throws IOException {
        Map<String, JsonNode> req = JsonNode.parser().parse(body).asObject();
        if (!clientOk(req)) {
            send(ex, 400, "application/json", "InvalidClientException",
                    "{\"error\":\"invalid_client\",\"error_description\":\"Invalid client\"}");
            return;
        }
        int n = authorizations.incrementAndGet();
        String userCode = String.format("WXYZ-%04d", n);
        String deviceCode = "device-" + n;
        deviceCodes.put(deviceCode, new DeviceCode(text(req.get("clientId")), userCode,
                clock.instant().plusSeconds(deviceCodeLifetime), deviceInterval));
        String uri = "https://device.sso.us-east-1.amazonaws.com/";
        send(ex, 200, "application/json", null, "{\"deviceCode\":\"" + deviceCode + "\",\"userCode\":\"" + userCode
                + "\",\"verificationUri\":\"" + uri + "\",\"verificationUriComplete\":\"" + uri + "?user_code="
                + userCode + "\",\"expiresIn\":" + deviceCodeLifetime + ",\"interval\":" + deviceInterval + "}");
    }

    private void deviceToken(HttpExchange ex, Map<String, JsonNode> req) throws IOException {
        DeviceCode code = deviceCodes.get(String.valueOf(text(req.get("deviceCode"))));
        if (!clientOk(req) || code == null || !code.clientId.equals(text(req.get("clientId")))) {
            oidcError(ex, "InvalidClientException", "invalid_client", "Invalid client or device code");
            return;
        }
        Instant now = clock.instant();
        synchronized (code) {
            code.polls++;
            Instant previous = code.lastPoll;
            code.lastPoll = now;
            if (code.used) {
                oidcError(ex, "InvalidGrantException", "invalid_grant", "Device code already used");
            } else if (!now.isBefore(code.expiresAt)) {
                oidcError(ex, "ExpiredTokenException", "expired_token", "Device code has expired");
            } else if (forcedSlowDowns.getAndUpdate(v -> Math.max(0, v - 1)) > 0
                    || (previous != null && now.isBefore(previous.plusSeconds(code.interval)))) {
                code.interval += 5;
                slowDownsSent.incrementAndGet();
                oidcError(ex, "SlowDownException", "slow_down", "Client is polling too quickly");
            } else if (deny) {
                oidcError(ex, "AccessDeniedException", "access_denied", "The user denied the request");
            } else if (approveOnPoll == 0 || code.polls < approveOnPoll) {
                oidcError(ex, "AuthorizationPendingException", "authorization_pending", "Authorization is pending");
            } else {
                code.used = true;
                String access = "access-device-" + tokens.incrementAndGet();
                validAccessTokens.add(access);
                validRefreshToken = "refresh-device-" + tokens.get();
                send(ex, 200, "application/json", null, "{\"accessToken\":\"" + access + "\",\"tokenType\":\"Bearer\","
                        + "\"expiresIn\":" + accessTokenLifetime + ",\"refreshToken\":\"" + validRefreshToken + "\"}");
            }
        }
    }

    private void oidcError(HttpExchange ex, String type, String error, String description) throws IOException {
        send(ex, 400, "application/json", type, "{\"error\":\"" + error + "\",\"error_description\":\"" + description + "\"}");
    }

    private boolean bearerOk(HttpExchange ex, Map<String, String> headers) throws IOException {
        String token = headers.get("x-amz-sso_bearer_token");
        if (token != null && validAccessTokens.contains(token)) return true;
        send(ex, 401, "application/json", "UnauthorizedException", "{\"message\":\"Session token not found or invalid\"}");
        return false;
    }

    private void listAccounts(HttpExchange ex, Map<String, String> headers, Map<String, String> query) throws IOException {
        if (!bearerOk(ex, headers)) return;
        List<String> ids = List.copyOf(assignments.keySet());
        page(ex, query, ids, "accountList", a -> "{\"accountId\":\"" + a + "\",\"accountName\":\"Workshop " + a
                + "\",\"emailAddress\":\"aws+" + a + "@example.com\"}");
    }

    private void listRoles(HttpExchange ex, Map<String, String> headers, Map<String, String> query) throws IOException {
        if (!bearerOk(ex, headers)) return;
        String account = query.get("account_id");
        List<String> roles = assignments.getOrDefault(account, List.of());
        page(ex, query, roles, "roleList", r -> "{\"roleName\":\"" + r + "\",\"accountId\":\"" + account + "\"}");
    }

    private void page(HttpExchange ex, Map<String, String> query, List<String> all, String field,
            java.util.function.Function<String, String> json) throws IOException {
        int size = Math.min(pageSize, query.containsKey("max_result") ? Integer.parseInt(query.get("max_result")) : pageSize);
        int from = query.containsKey("next_token") ? Integer.parseInt(query.get("next_token")) : 0;
        int to = Math.min(all.size(), from + size);
        StringBuilder b = new StringBuilder("{\"" + field + "\":[");
        for (int i = from; i < to; i++) b.append(i > from ? "," : "").append(json.apply(all.get(i)));
        b.append("]");
        if (to < all.size()) b.append(",\"nextToken\":\"").append(to).append("\"");
        send(ex, 200, "application/json", null, b.append("}").toString());
    }

    private void createToken(HttpExchange ex, String body) throws IOException {
        Map<String, JsonNode> req = JsonNode.parser().parse(body).asObject();
        String grant = text(req.get("grantType"));
        if ("urn:ietf:params:oauth:grant-type:device_code".equals(grant)) {
            deviceToken(ex, req);
            return;
        }
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
