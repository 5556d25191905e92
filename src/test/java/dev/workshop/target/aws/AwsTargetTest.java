package dev.workshop.target.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.WorkshopException;
import dev.workshop.target.LocalServer;
import dev.workshop.target.Principal;
import dev.workshop.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;

/**
 * The aws target end to end, in-process. {@link FakeAwsEndpoints} stands in for the IAM Identity Center portal,
 * SSO-OIDC and STS, which cannot run here; DynamoDB is an in-process DynamoDB Local reached through the standard
 * AWS_ENDPOINT_URL_DYNAMODB setting. The AWS config and the SSO token cache live in a temporary home directory.
 */
class AwsTargetTest {
    private static final String START_URL = "https://d-1234567890.awsapps.com/start";
    private static LocalServer dynamoLocal;

    @TempDir Path home;
    private FakeAwsEndpoints aws;
    private Map<String, String> env;

    @BeforeAll
    static void startDynamoLocal() {
        dynamoLocal = LocalServer.inMemory();
    }

    @AfterAll
    static void stopDynamoLocal() {
        dynamoLocal.close();
    }

    @BeforeEach
    void start() throws IOException {
        aws = new FakeAwsEndpoints();
        env = aws.environment(dynamoLocal.backendEndpoint());
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    // --- fixtures -------------------------------------------------------------------------------------------------

    private void config(String text) throws IOException {
        Path file = home.resolve(".aws").resolve("config");
        Files.createDirectories(file.getParent());
        Files.writeString(file, text);
    }

    private void sessionProfile(String profile, String region) throws IOException {
        config("[profile " + profile + "]\n"
                + "sso_session = ws-session\n"
                + "sso_account_id = " + FakeAwsEndpoints.ACCOUNT + "\n"
                + "sso_role_name = " + FakeAwsEndpoints.ROLE + "\n"
                + (region == null ? "" : "region = " + region + "\n")
                + "\n[sso-session ws-session]\n"
                + "sso_start_url = " + START_URL + "\n"
                + "sso_region = ap-southeast-1\n"
                + "sso_registration_scopes = sso:account:access\n");
    }

    private void legacyProfile(String profile) throws IOException {
        config("[profile " + profile + "]\n"
                + "sso_start_url = " + START_URL + "\n"
                + "sso_region = ap-southeast-1\n"
                + "sso_account_id = " + FakeAwsEndpoints.ACCOUNT + "\n"
                + "sso_role_name = " + FakeAwsEndpoints.ROLE + "\n"
                + "region = ap-southeast-1\n");
    }

    /** A token cache entry as `aws sso login` writes it (sso-session form carries the client registration). */
    private Path token(String cacheKey, String accessToken, Instant expiresAt, boolean withRefresh) throws IOException {
        Path file = home.resolve(".aws/sso/cache").resolve(SsoTokenCache.sha1Hex(cacheKey) + ".json");
        Files.createDirectories(file.getParent());
        String json = "{\"startUrl\": \"" + START_URL + "\", \"region\": \"ap-southeast-1\", "
                + "\"accessToken\": \"" + accessToken + "\", \"expiresAt\": \"" + expiresAt + "\""
                + (withRefresh
                        ? ", \"clientId\": \"client-1\", \"clientSecret\": \"client-secret-1\", "
                                + "\"registrationExpiresAt\": \"" + Instant.now().plus(Duration.ofDays(80)) + "\", "
                                + "\"refreshToken\": \"refresh-1\""
                        : "")
                + "}";
        Files.writeString(file, json);
        return file;
    }

    private static Instant in(Duration d) {
        return Instant.now().plus(d).truncatedTo(ChronoUnit.SECONDS);
    }

    // --- SSO ------------------------------------------------------------------------------------------------------

    @Test
    void ssoSessionProfileWithValidTokenFetchesRoleCredentialsAndIdentity() throws IOException {
        sessionProfile("ws", "ap-southeast-1");
        Instant expiry = in(Duration.ofHours(2));
        token("ws-session", "access-1", expiry, true);
        aws.validAccessTokens.add("access-1");

        try (AwsTarget target = AwsTarget.open("ws", null, env, home)) {
            Target.Identity id = target.identity();
            assertEquals(FakeAwsEndpoints.ACCOUNT, id.account());
            assertEquals(FakeAwsEndpoints.ROLE_ARN, id.arn());
            assertEquals("ap-southeast-1", id.region());
            assertEquals(Target.Kind.AWS, target.kind());
            assertEquals("Target: AWS account 123456789012, role WorkshopStudent (" + FakeAwsEndpoints.ROLE_ARN
                    + "), region ap-southeast-1, profile ws", target.describe());

            List<FakeAwsEndpoints.Call> portal = aws.calls("/federation/credentials");
            assertEquals(1, portal.size());
            assertEquals("access-1", portal.get(0).headers().get("x-amz-sso_bearer_token"));
            assertEquals(FakeAwsEndpoints.ROLE, portal.get(0).query().get("role_name"));
            assertEquals(FakeAwsEndpoints.ACCOUNT, portal.get(0).query().get("account_id"));
            assertTrue(aws.calls("/token").isEmpty(), "a fresh token is not refreshed");
            // STS was signed with the portal's role credentials, for the target region.
            String auth = aws.calls("/").get(0).headers().get("authorization");
            assertTrue(auth.contains("Credential=ASIAFAKE1/"), auth);
            assertTrue(auth.contains("/ap-southeast-1/sts/aws4_request"), auth);

            assertEquals(expiry, target.ssoTokenExpiry().orElseThrow());
            assertFalse(target.diagnose().get(0).problem());

            // DynamoDB through the same SSO-derived credentials, sync and async.
            String table = "ws-aws-" + Long.toHexString(System.nanoTime());
            target.dynamo(Principal.admin()).createTable(b -> b.tableName(table)
                    .billingMode(BillingMode.PAY_PER_REQUEST)
                    .attributeDefinitions(AttributeDefinition.builder().attributeName("PK")
                            .attributeType(ScalarAttributeType.S).build())
                    .keySchema(KeySchemaElement.builder().attributeName("PK").keyType(KeyType.HASH).build()));
            assertTrue(target.dynamo(Principal.admin()).listTables().tableNames().contains(table));
            assertTrue(target.dynamoAsync(Principal.admin()).listTables().join().tableNames().contains(table));
            assertEquals(1, aws.calls("/federation/credentials").size(), "role credentials are cached");
            target.dynamo(Principal.admin()).deleteTable(b -> b.tableName(table));
        }
    }

    @Test
    void legacyProfileUsesTheTokenCachedUnderTheStartUrl() throws IOException {
        legacyProfile("legacy");
        token(START_URL, "legacy-access", in(Duration.ofHours(1)), false);
        aws.validAccessTokens.add("legacy-access");

        try (AwsTarget target = AwsTarget.open("legacy", null, env, home)) {
            assertEquals(FakeAwsEndpoints.ACCOUNT, target.identity().account());
            assertEquals("legacy-access",
                    aws.calls("/federation/credentials").get(0).headers().get("x-amz-sso_bearer_token"));
            assertTrue(target.dynamo(Principal.admin()).listTables().tableNames() != null);
        }
    }

    @Test
    void expiredTokenWithoutRefreshIsExitThreeWithTheLoginCommand() throws IOException {
        legacyProfile("ws");
        Instant expired = in(Duration.ofMinutes(-30));
        token(START_URL, "old", expired, false);

        WorkshopException e = assertThrows(WorkshopException.class, () -> AwsTarget.open("ws", null, env, home));
        assertEquals(3, e.exitCode());
        assertEquals("Your SSO session for profile ws has expired (at " + expired + ").", e.getMessage());
        assertEquals("workshop login --profile ws   (AWS CLI users: aws sso login --use-device-code --profile ws)", e.fix());
        assertTrue(aws.calls.isEmpty(), "nothing is sent with an expired token");
    }

    @Test
    void notSignedInIsExitThree() throws IOException {
        sessionProfile("ws", "ap-southeast-1");
        WorkshopException e = assertThrows(WorkshopException.class, () -> AwsTarget.open("ws", null, env, home));
        assertEquals(3, e.exitCode());
        assertEquals("workshop login --profile ws   (AWS CLI users: aws sso login --use-device-code --profile ws)", e.fix());
    }

    @Test
    void expiredTokenWithRefreshIsRefreshedAndTheCacheRewritten() throws IOException {
        sessionProfile("ws", "ap-southeast-1");
        Path cacheFile = token("ws-session", "old", in(Duration.ofMinutes(-10)), true);

        try (AwsTarget target = AwsTarget.open("ws", null, env, home)) {
            List<FakeAwsEndpoints.Call> refreshes = aws.calls("/token");
            assertEquals(1, refreshes.size());
            Map<String, JsonNode> sent = JsonNode.parser().parse(refreshes.get(0).body()).asObject();
            assertEquals("refresh_token", sent.get("grantType").text());
            assertEquals("client-1", sent.get("clientId").text());
            assertEquals("client-secret-1", sent.get("clientSecret").text());
            assertEquals("refresh-1", sent.get("refreshToken").text());

            Map<String, JsonNode> cached = JsonNode.parser().parse(Files.readAllBytes(cacheFile)).asObject();
            assertEquals("access-refreshed", cached.get("accessToken").text());
            assertEquals("refresh-2", cached.get("refreshToken").text());
            Instant newExpiry = Instant.parse(cached.get("expiresAt").text());
            assertTrue(newExpiry.isAfter(Instant.now().plus(Duration.ofMinutes(55))), newExpiry.toString());
            assertEquals(START_URL, cached.get("startUrl").text(), "fields we do not change are kept");
            assertEquals("client-1", cached.get("clientId").text());
            assertEquals(newExpiry, target.ssoTokenExpiry().orElseThrow());

            assertEquals(FakeAwsEndpoints.ACCOUNT, target.identity().account());
            assertEquals("access-refreshed",
                    aws.calls("/federation/credentials").get(0).headers().get("x-amz-sso_bearer_token"));
        }
    }

    @Test
    void tokenCloseToExpiryIsRefreshedAhead() throws IOException {
        sessionProfile("ws", "ap-southeast-1");
        token("ws-session", "soon", in(Duration.ofMinutes(3)), true);
        try (AwsTarget target = AwsTarget.open("ws", null, env, home)) {
            assertEquals(1, aws.calls("/token").size());
            assertTrue(target.ssoTokenExpiry().orElseThrow().isAfter(Instant.now().plus(Duration.ofMinutes(30))));
        }
    }

    @Test
    void refusedRefreshOfAnExpiredTokenIsExitThree() throws IOException {
        sessionProfile("ws", "ap-southeast-1");
        token("ws-session", "old", in(Duration.ofMinutes(-1)), true);
        aws.validRefreshToken = "something-else";
        WorkshopException e = assertThrows(WorkshopException.class, () -> AwsTarget.open("ws", null, env, home));
        assertEquals(3, e.exitCode());
        assertTrue(e.getMessage().startsWith("Your SSO session for profile ws has expired (at "), e.getMessage());
        assertEquals(1, aws.calls("/token").size());
    }

    @Test
    void portalRejectingAnUnexpiredTokenIsExitThreeSayingItWasRevoked() throws IOException {
        sessionProfile("ws", "ap-southeast-1");
        token("ws-session", "revoked", in(Duration.ofHours(1)), true);
        // not in validAccessTokens: the portal answers 401 UnauthorizedException

        try (AwsTarget target = AwsTarget.open("ws", null, env, home)) {
            WorkshopException e = assertThrows(WorkshopException.class, target::identity);
            assertEquals(3, e.exitCode());
            // Revoked, not expired: its expiry is still an hour away, and "expired at <a future time>" would mislead.
            assertTrue(e.getMessage().startsWith("AWS no longer accepts your SSO session for profile ws: it was signed out or revoked"),
                    e.getMessage());
            assertFalse(e.getMessage().contains("expired"), e.getMessage());
            assertEquals("workshop login --profile ws   (AWS CLI users: aws sso login --use-device-code --profile ws)", e.fix());
            // Inside a DynamoDB call the SDK lets the same error through unwrapped, so the CLI handler sees it.
            WorkshopException inCall = assertThrows(WorkshopException.class,
                    () -> target.dynamo(Principal.admin()).listTables());
            assertEquals(3, inCall.exitCode());
        }
    }

    @Test
    void diagnoseWarnsWhenLessThanFifteenMinutesAreLeft() throws IOException {
        legacyProfile("ws");
        token(START_URL, "t", in(Duration.ofMinutes(10)), false);
        try (AwsTarget target = AwsTarget.open("ws", null, env, home)) {
            Target.Diagnosis d = target.diagnose().get(0);
            assertTrue(d.problem(), d.what());
            assertEquals("workshop login --profile ws   (AWS CLI users: aws sso login --use-device-code --profile ws)", d.fix());
        }
    }

    // --- profiles and region --------------------------------------------------------------------------------------

    @Test
    void missingRegionIsExitTwo() throws IOException {
        sessionProfile("ws", null);
        WorkshopException e = assertThrows(WorkshopException.class, () -> AwsTarget.open("ws", null, env, home));
        assertEquals(2, e.exitCode());
        assertEquals("No AWS region for profile ws.", e.getMessage());
        assertEquals("export AWS_REGION=ap-southeast-1 (or pass --region)", e.fix());
    }

    @Test
    void unknownProfileIsExitTwoAndListsTheProfiles() throws IOException {
        sessionProfile("ws", "ap-southeast-1");
        WorkshopException e = assertThrows(WorkshopException.class, () -> AwsTarget.open("nope", null, env, home));
        assertEquals(2, e.exitCode());
        assertTrue(e.getMessage().contains("nope"), e.getMessage());
        assertTrue(e.getMessage().contains("Profiles found: ws."), e.getMessage());
        assertEquals("workshop login --profile nope   (AWS CLI users: aws configure sso --use-device-code --profile nope)", e.fix());
    }

    @Test
    void regionPrecedenceIsFlagThenAwsRegionThenDefaultRegionThenProfile() throws IOException {
        // Static keys in a credentials file named by AWS_SHARED_CREDENTIALS_FILE, config named by AWS_CONFIG_FILE.
        Path dir = Files.createDirectories(home.resolve("elsewhere"));
        Files.writeString(dir.resolve("cfg"), "[profile keys]\nregion = eu-west-1\n");
        Files.writeString(dir.resolve("creds"), "[keys]\naws_access_key_id = AKIAFAKE\naws_secret_access_key = s\n");
        env.put("AWS_CONFIG_FILE", dir.resolve("cfg").toString());
        env.put("AWS_SHARED_CREDENTIALS_FILE", dir.resolve("creds").toString());

        assertEquals("eu-west-1", regionOf(null));
        env.put("AWS_DEFAULT_REGION", "us-west-2");
        assertEquals("us-west-2", regionOf(null));
        env.put("AWS_REGION", "ap-southeast-1");
        assertEquals("ap-southeast-1", regionOf(null));
        assertEquals("eu-central-1", regionOf("eu-central-1"));
    }

    private String regionOf(String flag) {
        try (AwsTarget target = AwsTarget.open("keys", flag, env, home)) {
            return target.regionId();
        }
    }

    @Test
    void staticKeysProfileSignsWithItsKeys() throws IOException {
        config("[profile facilitator]\nregion = ap-southeast-1\n");
        Files.writeString(home.resolve(".aws/credentials"),
                "[facilitator]\naws_access_key_id = AKIAFACILITATOR\naws_secret_access_key = s\n");
        aws.staticKeys.add("AKIAFACILITATOR");
        try (AwsTarget target = AwsTarget.open("facilitator", null, env, home)) {
            assertEquals("Target: AWS account 123456789012, user facilitator (arn:aws:iam::123456789012:user/facilitator)"
                    + ", region ap-southeast-1, profile facilitator", target.describe());
            assertTrue(target.ssoTokenExpiry().isEmpty());
            assertTrue(target.diagnose().isEmpty());
            assertNotNull(target.cloudWatch());
        }
    }

    @Test
    void rejectedStaticKeysAreExitThree() throws IOException {
        config("[profile bad]\nregion = ap-southeast-1\naws_access_key_id = AKIABAD\naws_secret_access_key = s\n");
        try (AwsTarget target = AwsTarget.open("bad", null, env, home)) {
            WorkshopException e = assertThrows(WorkshopException.class, target::identity);
            assertEquals(3, e.exitCode());
            assertTrue(e.getMessage().contains("InvalidClientTokenId"), e.getMessage());
        }
    }
}
