package dev.workshop.target.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import dev.workshop.TestSupport.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The SSO paths as an attendee meets them on the command line. {@link FakeAwsEndpoints} stands in for the IAM
 * Identity Center portal and STS (which cannot run here); DynamoDB is the in-process DynamoDB Local.
 */
class AwsCliTest {
    private static final String START_URL = "https://d-1234567890.awsapps.com/start";
    @TempDir Path home;
    private FakeAwsEndpoints aws;
    private Map<String, String> vars;

    @BeforeEach
    void start() throws Exception {
        aws = new FakeAwsEndpoints();
        vars = aws.environment(TestSupport.server().backendEndpoint());
        Path config = home.resolve(".aws/config");
        Files.createDirectories(config.getParent());
        Files.writeString(config, "[profile dynamodb-workshop]\nsso_start_url = " + START_URL + "\nsso_region = ap-southeast-1\n"
                + "sso_account_id = " + FakeAwsEndpoints.ACCOUNT + "\nsso_role_name = " + FakeAwsEndpoints.ROLE + "\n");
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private void token(String access, Instant expiresAt) throws Exception {
        Path file = home.resolve(".aws/sso/cache").resolve(SsoTokenCache.sha1Hex(START_URL) + ".json");
        Files.createDirectories(file.getParent());
        Files.writeString(file, "{\"startUrl\":\"" + START_URL + "\",\"region\":\"ap-southeast-1\",\"accessToken\":\"" + access
                + "\",\"expiresAt\":\"" + expiresAt.truncatedTo(ChronoUnit.SECONDS) + "\"}");
    }

    @Test
    void expiredSsoSessionExitsThreeWithTheLoginCommand() throws Exception {
        token("old", Instant.now().minus(Duration.ofMinutes(5)));
        vars.put("AWS_PROFILE", "dynamodb-workshop");
        vars.put("AWS_REGION", "ap-southeast-1");
        Result r = TestSupport.run(TestSupport.env(home, vars), "status", "--id", "alice");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.err().contains("Your SSO session for profile dynamodb-workshop has expired"), r.err());
        assertTrue(r.err().contains("Run: workshop login   (AWS CLI users: aws sso login --use-device-code --profile dynamodb-workshop)"), r.err());
        assertFalse(r.err().contains("\tat "), "no stack trace without -v");
    }

    @Test
    void missingRegionExitsTwoSayingHowToSetOne() throws Exception {
        token("fresh", Instant.now().plus(Duration.ofHours(1)));
        aws.validAccessTokens.add("fresh");
        Result r = TestSupport.run(TestSupport.env(home, vars), "status", "--id", "alice", "--profile", "dynamodb-workshop");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("No AWS region"), r.err());
        assertTrue(r.err().contains("AWS_REGION"), r.err());
    }

    @Test
    void statusOnAwsNamesAccountRoleAndRegionFirstAndShowsTheTokenExpiry() throws Exception {
        token("fresh", Instant.now().plus(Duration.ofHours(1)));
        aws.validAccessTokens.add("fresh");
        String shared = TestSupport.randomTable();
        Result r = TestSupport.run(TestSupport.env(home, vars), "status", "--id", "alice", "--profile", "dynamodb-workshop",
                "--region", "ap-southeast-1", "--shared-table", shared);
        assertEquals(1, r.exit(), "the missing tables are problems to fix: exit 1\n" + r);
        String first = r.out().lines().findFirst().orElse("");
        assertTrue(first.startsWith("Target: AWS account " + FakeAwsEndpoints.ACCOUNT + ", role " + FakeAwsEndpoints.ROLE), first);
        assertTrue(first.contains("region ap-southeast-1"), first);
        assertTrue((r.out() + r.err()).contains("SSO"), "token expiry is reported: " + r);
        assertTrue(r.err().contains("The shared table " + shared + " is missing"), r.err());
        assertTrue(r.err().contains("--create-shared"), "on AWS the facilitator creates the shared table: " + r.err());
    }

    /** Issue 13 point 6: policy simulate reads the region and account from the target a profile names. */
    @Test
    void policySimulateTakesRegionAndAccountFromTheProfilesTarget() throws Exception {
        token("fresh", Instant.now().plus(Duration.ofHours(1)));
        aws.validAccessTokens.add("fresh");
        vars.put("AWS_REGION", "ap-southeast-1");
        Result r = TestSupport.run(TestSupport.env(home, vars), "policy", "simulate", "--profile", "dynamodb-workshop",
                "--attendee", "alice", "--action", "GetItem", "--key", "dynamodb:LeadingKeys=ATT#alice#X");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("arn:aws:dynamodb:ap-southeast-1:" + FakeAwsEndpoints.ACCOUNT + ":table/ws-shared"), r.out());
        Result explicit = TestSupport.run(TestSupport.env(home, vars), "policy", "simulate", "--profile", "dynamodb-workshop",
                "--region", "eu-west-1", "--attendee", "alice", "--action", "GetItem", "--key", "dynamodb:LeadingKeys=ATT#alice#X");
        assertTrue(explicit.out().contains("arn:aws:dynamodb:eu-west-1:" + FakeAwsEndpoints.ACCOUNT + ":table/ws-shared"), explicit.out());
    }
}
