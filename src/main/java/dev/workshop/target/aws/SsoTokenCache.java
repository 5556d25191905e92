package dev.workshop.target.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The AWS CLI's SSO token cache: {@code ~/.aws/sso/cache/<sha1-hex>.json}, keyed by the sso-session name (or, for
 * legacy profiles, by the start URL), the same file the SDKs and {@code aws sso login} use. Fields are the CLI's
 * camelCase names; a rewrite keeps any field we do not know.
 *
 * <p>File names and contents follow AWS CLI v2's device-code flow, awscli/botocore/utils.py:
 * {@code BaseSSOTokenFetcher._token_cache_key} (sha1 of the session name, else of the start URL),
 * {@code _registration_cache_key} (sha1 of the sorted JSON of tool, startUrl, region, scopes, session_name),
 * {@code SSOTokenFetcher._create_token_attempt} (the token's fields) and {@code _register_client} (the
 * registration's); botocore's {@code JSONFileCache} writes each as {@code <key>.json} with mode 0600, through
 * awscli/customizations/sso/utils.py {@code _sso_json_dumps} (timestamps as {@code %Y-%m-%dT%H:%M:%SZ}).
 */
final class SsoTokenCache {
    private final Path dir;

    SsoTokenCache(Path dir) {
        this.dir = dir;
    }

    /** A token as cached. Optional fields are null when absent (e.g. legacy tokens have no refresh token). */
    record Token(String accessToken, Instant expiresAt, String refreshToken, String clientId, String clientSecret,
            Instant registrationExpiresAt, Map<String, JsonNode> raw) {

        boolean expiredAt(Instant now) {
            return expiresAt == null || !now.isBefore(expiresAt);
        }

        boolean refreshableAt(Instant now) {
            return refreshToken != null && clientId != null && clientSecret != null
                    && (registrationExpiresAt == null || now.isBefore(registrationExpiresAt));
        }
    }

    Path file(String cacheKey) {
        return dir.resolve(sha1Hex(cacheKey) + ".json");
    }

    /** The client registration `aws sso login` (device code) keeps for a session, see the class comment. */
    Path registrationFile(String startUrl, String ssoRegion, List<String> scopes, String sessionName) {
        // Python's json.dumps(args, sort_keys=True): keys sorted, ", " and ": " separators, None as null.
        Map<String, Object> args = new TreeMap<>();
        args.put("region", ssoRegion);
        args.put("scopes", scopes);
        args.put("session_name", sessionName);
        args.put("startUrl", startUrl);
        args.put("tool", "botocore");
        return dir.resolve(sha1Hex(Json.writePython(args)) + ".json");
    }

    /** A client registration as the CLI caches it; null when there is none, it is unreadable, or it is not ours. */
    Registration readRegistration(Path file) {
        Map<String, JsonNode> raw = object(file);
        if (raw == null || text(raw, "clientId") == null || text(raw, "clientSecret") == null) return null;
        // A registration for the authorization-code flow (it lists grantTypes) cannot start a device authorization.
        JsonNode grants = raw.get("grantTypes");
        if (grants != null && grants.isArray()
                && grants.asArray().stream().anyMatch(g -> "authorization_code".equals(g.text()))) {
            return null;
        }
        return new Registration(text(raw, "clientId"), text(raw, "clientSecret"), instant(text(raw, "expiresAt")));
    }

    record Registration(String clientId, String clientSecret, Instant expiresAt) {}

    void writeRegistration(Path file, Registration r, List<String> scopes) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("clientId", r.clientId());
        out.put("clientSecret", r.clientSecret());
        out.put("expiresAt", timestamp(r.expiresAt()));
        if (scopes != null && !scopes.isEmpty()) out.put("scopes", scopes);
        write(file, out);
    }

    /** A token from a device-code sign-in, with the fields in the order the CLI writes them. */
    Token writeNew(String cacheKey, String startUrl, String ssoRegion, String accessToken, Instant expiresAt,
            Registration registration, String refreshToken) {
        Map<String, Object> out = new LinkedHashMap<>();
        out.put("startUrl", startUrl);
        out.put("region", ssoRegion);
        out.put("accessToken", accessToken);
        out.put("expiresAt", timestamp(expiresAt));
        out.put("clientId", registration.clientId());
        out.put("clientSecret", registration.clientSecret());
        out.put("registrationExpiresAt", timestamp(registration.expiresAt()));
        if (refreshToken != null) out.put("refreshToken", refreshToken);
        write(file(cacheKey), out);
        return read(cacheKey).orElseThrow(() -> new IllegalStateException("Token cache vanished after write"));
    }

    /** Removes a cached token; true when there was one. */
    boolean delete(String cacheKey) {
        try {
            return Files.deleteIfExists(file(cacheKey));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not remove the SSO token cache " + file(cacheKey), e);
        }
    }

    /** The start URL a cached token was issued for, or null. */
    String startUrl(String cacheKey) {
        Map<String, JsonNode> raw = object(file(cacheKey));
        return raw == null ? null : text(raw, "startUrl");
    }

    static String timestamp(Instant at) {
        return DateTimeFormatter.ofPattern("yyyy-MM-dd'T'HH:mm:ss'Z'").withZone(ZoneOffset.UTC).format(at);
    }

    private static Map<String, JsonNode> object(Path file) {
        if (!Files.isRegularFile(file)) return null;
        try {
            JsonNode node = JsonNode.parser().parse(Files.readAllBytes(file));
            return node.isObject() ? node.asObject() : null;
        } catch (IOException | RuntimeException e) {
            return null;
        }
    }

    Optional<Token> read(String cacheKey) {
        Path file = file(cacheKey);
        if (!Files.isRegularFile(file)) return Optional.empty();
        JsonNode node;
        try {
            node = JsonNode.parser().parse(Files.readAllBytes(file));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not read the SSO token cache " + file, e);
        } catch (RuntimeException e) {
            // A half-written or foreign file is no token: the fix is the same as for a missing one.
            return Optional.empty();
        }
        if (!node.isObject()) return Optional.empty();
        Map<String, JsonNode> raw = new LinkedHashMap<>(node.asObject());
        String accessToken = text(raw, "accessToken");
        if (accessToken == null) return Optional.empty();
        return Optional.of(new Token(accessToken, instant(text(raw, "expiresAt")), text(raw, "refreshToken"),
                text(raw, "clientId"), text(raw, "clientSecret"), instant(text(raw, "registrationExpiresAt")), raw));
    }

    /** Writes a refreshed token over the old one, keeping the fields it does not change, as the CLI does. */
    Token writeRefreshed(String cacheKey, Token old, String accessToken, Instant expiresAt, String refreshToken) {
        Map<String, Object> out = new LinkedHashMap<>(old.raw());
        out.put("accessToken", accessToken);
        out.put("expiresAt", timestamp(expiresAt));
        if (refreshToken != null) out.put("refreshToken", refreshToken);
        Path file = file(cacheKey);
        write(file, out);
        return read(cacheKey).orElseThrow(() -> new IllegalStateException("Token cache vanished after write: " + file));
    }

    /** Temp file then rename, so a reader (another workshop or aws process) never sees half a token. */
    private void write(Path file, Map<String, Object> content) {
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".write-", ".json");
            try {
                AtomicFiles.ownerOnly(tmp);
                Files.writeString(tmp, Json.writePython(content), StandardCharsets.UTF_8);
                AtomicFiles.move(tmp, file);
            } finally {
                Files.deleteIfExists(tmp);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the SSO token cache " + file, e);
        }
    }

    static String sha1Hex(String s) {
        try {
            MessageDigest sha1 = MessageDigest.getInstance("SHA-1");
            return HexFormat.of().formatHex(sha1.digest(s.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-1 is required by every JVM", e);
        }
    }

    private static String text(Map<String, JsonNode> raw, String key) {
        JsonNode n = raw.get(key);
        return n == null || n.isNull() ? null : n.text();
    }

    /** The CLI writes ISO-8601 with Z; very old caches wrote "...UTC". Unparseable means expired. */
    private static Instant instant(String s) {
        if (s == null) return null;
        try {
            return Instant.parse(s.endsWith("UTC") ? s.substring(0, s.length() - 3) + "Z" : s);
        } catch (DateTimeParseException e) {
            return Instant.EPOCH;
        }
    }
}
