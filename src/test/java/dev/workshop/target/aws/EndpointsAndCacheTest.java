package dev.workshop.target.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.WorkshopException;
import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsCredentials;
import software.amazon.awssdk.profiles.Profile;

/**
 * Endpoint settings, the token cache's file naming, and the role-credential cache. Where a server is needed,
 * {@link FakeAwsEndpoints} stands in for the AWS SSO portal, which cannot run here.
 */
class EndpointsAndCacheTest {
    @TempDir Path home;

    private AwsConfigFiles files(String config) throws IOException {
        Path file = home.resolve(".aws/config");
        Files.createDirectories(file.getParent());
        Files.writeString(file, config);
        return AwsConfigFiles.load(Map.of(), home);
    }

    private static final String CONFIG = "[profile ws]\n"
            + "endpoint_url = http://profile-global:1\n"
            + "services = local-svc\n"
            + "\n[services local-svc]\n"
            + "dynamodb =\n"
            + "  endpoint_url = http://config-dynamodb:2\n";

    @Test
    void serviceEnvBeatsGlobalEnvBeatsServicesSectionBeatsProfile() throws IOException {
        AwsConfigFiles files = files(CONFIG);
        Profile ws = files.profile("ws");
        Map<String, String> env = new HashMap<>();

        Endpoints e = new Endpoints(env, ws, files);
        assertEquals(Optional.of(URI.create("http://config-dynamodb:2")), e.endpoint(Endpoints.Service.DYNAMODB));
        assertEquals(Optional.of(URI.create("http://profile-global:1")), e.endpoint(Endpoints.Service.STS));

        env.put("AWS_ENDPOINT_URL", "http://env-global:3");
        e = new Endpoints(env, ws, files);
        assertEquals(Optional.of(URI.create("http://env-global:3")), e.endpoint(Endpoints.Service.DYNAMODB));

        env.put("AWS_ENDPOINT_URL_DYNAMODB", "http://env-dynamodb:4");
        env.put("AWS_ENDPOINT_URL_SSO_OIDC", "http://env-oidc:5");
        e = new Endpoints(env, ws, files);
        assertEquals(Optional.of(URI.create("http://env-dynamodb:4")), e.endpoint(Endpoints.Service.DYNAMODB));
        assertEquals(Optional.of(URI.create("http://env-oidc:5")), e.endpoint(Endpoints.Service.SSO_OIDC));
        assertEquals(Optional.of(URI.create("http://env-global:3")), e.endpoint(Endpoints.Service.CLOUDWATCH));

        env.put("AWS_IGNORE_CONFIGURED_ENDPOINT_URLS", "true");
        assertEquals(Optional.empty(), new Endpoints(env, ws, files).endpoint(Endpoints.Service.DYNAMODB));
    }

    @Test
    void noEndpointSettingsMeansTheSdkDefault() throws IOException {
        AwsConfigFiles files = files("[profile plain]\nregion = ap-southeast-1\n");
        Endpoints e = new Endpoints(Map.of(), files.profile("plain"), files);
        for (Endpoints.Service s : Endpoints.Service.values()) assertEquals(Optional.empty(), e.endpoint(s));
    }

    @Test
    void anEndpointThatIsNotAUrlIsAUsageError() throws IOException {
        AwsConfigFiles files = files("[profile ws]\n");
        Endpoints e = new Endpoints(Map.of("AWS_ENDPOINT_URL_DYNAMODB", "localhost"), files.profile("ws"), files);
        WorkshopException ex = assertThrows(WorkshopException.class, () -> e.endpoint(Endpoints.Service.DYNAMODB));
        assertEquals(2, ex.exitCode());
        assertTrue(ex.getMessage().contains("AWS_ENDPOINT_URL_DYNAMODB"), ex.getMessage());
    }

    @Test
    void tokenCacheFileIsTheSha1HexOfTheKey() {
        assertEquals("a9993e364706816aba3e25717850c26c9cd0d89d", SsoTokenCache.sha1Hex("abc"));
        Path dir = home.resolve(".aws/sso/cache");
        assertEquals(dir.resolve("a9993e364706816aba3e25717850c26c9cd0d89d.json"), new SsoTokenCache(dir).file("abc"));
    }

    @Test
    void oldUtcSuffixExpiryIsRead() throws IOException {
        Path dir = Files.createDirectories(home.resolve("cache"));
        SsoTokenCache cache = new SsoTokenCache(dir);
        Files.writeString(cache.file("k"), "{\"accessToken\":\"a\",\"expiresAt\":\"2030-01-02T03:04:05UTC\"}");
        assertEquals(Instant.parse("2030-01-02T03:04:05Z"), cache.read("k").orElseThrow().expiresAt());
    }

    /** A clock the test moves by hand. */
    private static final class MovableClock extends Clock {
        Instant now = Instant.now();

        @Override
        public ZoneId getZone() {
            return ZoneId.of("UTC");
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }

    @Test
    void roleCredentialsAreReusedUntilCloseToExpiryThenFetchedAgain() throws IOException {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), "[profile ws]\n"
                + "sso_start_url = https://example.awsapps.com/start\nsso_region = ap-southeast-1\n"
                + "sso_account_id = " + FakeAwsEndpoints.ACCOUNT + "\nsso_role_name = " + FakeAwsEndpoints.ROLE + "\n"
                + "region = ap-southeast-1\n");
        SsoTokenCache cache = new SsoTokenCache(home.resolve(".aws/sso/cache"));
        Files.createDirectories(home.resolve(".aws/sso/cache"));
        Files.writeString(cache.file("https://example.awsapps.com/start"),
                "{\"accessToken\":\"t\",\"expiresAt\":\"" + Instant.now().plus(Duration.ofHours(8)) + "\"}");
        MovableClock clock = new MovableClock();
        try (FakeAwsEndpoints aws = new FakeAwsEndpoints()) {
            aws.validAccessTokens.add("t");
            Map<String, String> env = Map.of("AWS_ENDPOINT_URL_SSO", aws.endpoint().toString());
            try (AwsTarget target = AwsTarget.open("ws", null, env, home, clock)) {
                AwsCredentials first = target.credentialsProvider().resolveCredentials();
                clock.now = clock.now.plus(Duration.ofMinutes(30));
                assertEquals(first.accessKeyId(), target.credentialsProvider().resolveCredentials().accessKeyId());
                // The fake issues one-hour credentials, stale a minute before they expire: fetched again.
                clock.now = clock.now.plus(Duration.ofMinutes(30));
                AwsCredentials second = target.credentialsProvider().resolveCredentials();
                assertTrue(!first.accessKeyId().equals(second.accessKeyId()), second.accessKeyId());
                assertEquals(2, aws.calls("/federation/credentials").size());
            }
        }
    }
}
