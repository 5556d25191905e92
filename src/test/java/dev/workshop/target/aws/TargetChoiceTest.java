package dev.workshop.target.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import dev.workshop.TestSupport.Result;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Which target a command without target options runs on, resolved as the AWS CLI resolves credentials
 * (docs.aws.amazon.com/cli/latest/userguide/cli-chap-configure.html#configure-precedence: command line options, then
 * environment variables, then the files). {@link FakeAwsEndpoints} stands in for STS and the SSO portal.
 */
class TargetChoiceTest {
    @TempDir Path home;
    private FakeAwsEndpoints aws;
    private Map<String, String> vars;

    @BeforeEach
    void start() throws Exception {
        aws = new FakeAwsEndpoints();
        vars = aws.environment(TestSupport.server().endpoint());
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private void config(String text) throws Exception {
        Files.createDirectories(home.resolve(".aws"));
        Files.writeString(home.resolve(".aws/config"), text);
    }

    private void environmentKeys() {
        aws.staticKeys.add("AKIAENVIRONMENT1");
        vars.put("AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT1");
        vars.put("AWS_SECRET_ACCESS_KEY", "secret");
        vars.put("AWS_SESSION_TOKEN", "session");
    }

    @Test
    void environmentKeysAloneSelectTheAwsTarget() {
        environmentKeys();
        vars.put("AWS_REGION", "us-east-1");
        Result r = TestSupport.run(TestSupport.env(home, vars), "status", "--id", "alice", "--shared-table", TestSupport.randomTable());
        // status reaches AWS and reports the missing tables: exit 1 means "a problem to fix", not a failed sign-in (3)
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.out().contains("MISSING"), r.out());
        String first = r.out().lines().findFirst().orElse("");
        assertTrue(first.startsWith("Target: AWS account " + FakeAwsEndpoints.ACCOUNT), first);
        assertTrue(first.endsWith("keys from AWS_ACCESS_KEY_ID"), first);
        assertTrue(r.out().contains("Target chosen by: AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set"), r.out());
    }

    @Test
    void environmentKeysWinOverAwsProfileWhichStillGivesTheRegion() throws Exception {
        // An SSO profile nobody signed in to: had it been used, this would be exit 3.
        config("[profile ws]\nsso_session = s\nsso_account_id = " + FakeAwsEndpoints.ACCOUNT + "\nsso_role_name = R\n"
                + "region = eu-west-1\n[sso-session s]\nsso_start_url = https://x.awsapps.com/start\nsso_region = eu-west-1\n");
        environmentKeys();
        vars.put("AWS_PROFILE", "ws");
        Result r = TestSupport.run(TestSupport.env(home, vars), "status", "--id", "alice", "--shared-table", TestSupport.randomTable());
        // status reaches AWS and reports the missing tables: exit 1 means "a problem to fix", not a failed sign-in (3)
        assertEquals(1, r.exit(), r.toString());
        assertTrue(r.out().contains("MISSING"), r.out());
        String first = r.out().lines().findFirst().orElse("");
        assertTrue(first.contains("region eu-west-1, keys from AWS_ACCESS_KEY_ID"), first);
        assertTrue(r.out().contains("they win over AWS_PROFILE=ws"), r.out());
    }

    @Test
    void halfAPairOfEnvironmentKeysIsExitThreeNotAnotherIdentity() {
        vars.put("AWS_ACCESS_KEY_ID", "AKIAENVIRONMENT1");
        Result r = TestSupport.run(TestSupport.env(home, vars), "status", "--id", "alice");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.err().contains("AWS_ACCESS_KEY_ID is set but AWS_SECRET_ACCESS_KEY is not"), r.err());
        assertTrue(r.out().isEmpty(), "nothing ran on the local target: " + r.out());
    }

    @Test
    void aProfileWithoutCredentialsIsExitThreeWithTheFix() throws Exception {
        config("[profile bare]\nregion = us-east-1\n");
        vars.put("AWS_PROFILE", "bare");
        Result r = TestSupport.run(TestSupport.env(home, vars), "status", "--id", "alice");
        assertEquals(3, r.exit(), r.toString());
        assertTrue(r.err().contains("Profile bare has no credentials"), r.err());
        assertTrue(r.err().contains("Run: workshop login --profile bare"), r.err());
        assertFalse(r.err().contains("network"), r.err());
    }

    @Test
    void aVisibleButUnselectedSsoProfileIsNamedOnTheFirstLine() throws Exception {
        config("[profile dynamodb-workshop]\nsso_session = dynamodb-workshop\nsso_account_id = " + FakeAwsEndpoints.ACCOUNT
                + "\nsso_role_name = R\nregion = us-east-1\n[sso-session dynamodb-workshop]\n"
                + "sso_start_url = https://x.awsapps.com/start\nsso_region = us-east-1\n");
        Result r = TestSupport.run(TestSupport.env(home, vars), "status", "--id", "alice", "--shared-table", TestSupport.randomTable());
        String first = r.out().lines().findFirst().orElse("");
        assertTrue(first.startsWith("Target: local"), first);
        assertTrue(first.contains("AWS profile dynamodb-workshop is configured but not used; for AWS: --profile dynamodb-workshop (or: workshop login)"), first);

        Result explicit = TestSupport.run(TestSupport.env(home, vars), "status", "--id", "alice", "--local", "--shared-table", TestSupport.randomTable());
        String line = explicit.out().lines().findFirst().orElse("");
        assertFalse(line.contains("configured but not used"), "--local is a choice, not an oversight: " + line);
        assertTrue(explicit.out().contains("Target chosen by: --local"), explicit.out());
    }

    @Test
    void withNoAwsSetupAtAllTheLocalFirstLineHasNoNotice() {
        Result r = TestSupport.run(TestSupport.env(home, vars), "status", "--id", "alice", "--shared-table", TestSupport.randomTable());
        String first = r.out().lines().findFirst().orElse("");
        assertTrue(first.startsWith("Target: local"), first);
        assertFalse(first.contains("--"), first);
    }
}
