package dev.workshop.target.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * The AWS CLI's SSO token cache: {@code ~/.aws/sso/cache/<sha1-hex>.json}, keyed by the sso-session name (or, for
 * legacy profiles, by the start URL), the same file the SDKs and {@code aws sso login} use. Fields are the CLI's
 * camelCase names; a rewrite keeps any field we do not know.
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
        out.put("expiresAt", expiresAt.truncatedTo(ChronoUnit.SECONDS).toString());
        if (refreshToken != null) out.put("refreshToken", refreshToken);
        Path file = file(cacheKey);
        try {
            Files.createDirectories(dir);
            Path tmp = Files.createTempFile(dir, ".refresh-", ".json");
            Files.writeString(tmp, Json.write(out), StandardCharsets.UTF_8);
            try {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write the SSO token cache " + file, e);
        }
        return read(cacheKey).orElseThrow(() -> new IllegalStateException("Token cache vanished after write: " + file));
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
