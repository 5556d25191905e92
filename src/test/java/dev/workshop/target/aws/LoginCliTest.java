package dev.workshop.target.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import dev.workshop.TestSupport.Result;
import dev.workshop.cli.Env;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * {@code workshop login} and {@code logout} as an attendee runs them. {@link FakeAwsEndpoints} stands in for
 * SSO-OIDC, the IAM Identity Center portal and STS (which cannot run here), speaking their wire formats and
 * enforcing the device grant's limits; DynamoDB is the in-process DynamoDB Local. Each test has a fresh HOME.
 */
class LoginCliTest {
    static final String START_URL = "https://d-1234567890.awsapps.com/start";
    @TempDir Path home;
    private FakeAwsEndpoints aws;
    private Map<String, String> vars;
    private Path voucher;

    @BeforeEach
    void start() throws Exception {
        aws = new FakeAwsEndpoints();
        vars = new HashMap<>();
        vars.put("AWS_ENDPOINT_URL_SSO", aws.endpoint().toString());
        vars.put("AWS_ENDPOINT_URL_SSO_OIDC", aws.endpoint().toString());
        vars.put("AWS_ENDPOINT_URL_STS", aws.endpoint().toString());
        // The local gateway rather than bare DynamoDB Local: bootstrap tags tables, which DynamoDB Local refuses.
        vars.put("AWS_ENDPOINT_URL_DYNAMODB", TestSupport.server().endpoint().toString());
        voucher = home.resolve("alice.voucher");
        Files.writeString(voucher, "# DynamoDB workshop voucher for alice\nid = alice\nstart_url = " + START_URL
                + "\nsso_region = us-east-1\naccount = " + FakeAwsEndpoints.ACCOUNT + "\nrole = " + FakeAwsEndpoints.ROLE
                + "\nregion = us-east-1\n");
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    private Env env() {
        return TestSupport.env(home, vars);
    }

    private Env terminal(String... answers) {
        Env e = env();
        Deque<String> queue = new ArrayDeque<>(List.of(answers));
        return new Env(e.variables(), e.workshopHome(), e.userHome(), e.targets(), e.clock(), true, p -> queue.poll());
    }

    private Path config() {
        return home.resolve(".aws/config");
    }

    static String sha1(String s) throws Exception {
        return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-1").digest(s.getBytes(StandardCharsets.UTF_8)));
    }

    @Test
    void freshHomeLoginWithTheVoucherThenStatusAndALabRunOnAwsWithNoOtherSetup() throws Exception {
        Result login = TestSupport.run(env(), "login", "--voucher", voucher.toString());
        assertEquals(0, login.exit(), login.toString());
        assertTrue(login.out().contains("?user_code=WXYZ-0001"), "the complete verification URL: " + login.out());
        assertTrue(login.out().contains("enter the code: WXYZ-0001"), login.out());
        assertTrue(login.out().contains("Target: AWS account " + FakeAwsEndpoints.ACCOUNT + ", role " + FakeAwsEndpoints.ROLE), login.out());
        assertFalse(login.err().contains("\tat "), login.err());

        String shared = TestSupport.randomTable();
        Result boot = TestSupport.run(env(), "bootstrap", "--create-shared", "--shared-table", shared);
        assertEquals(0, boot.exit(), boot.toString());
        Result status = TestSupport.run(env(), "status", "--shared-table", shared);
        assertEquals(0, status.exit(), status.toString());
        String first = status.out().lines().findFirst().orElse("");
        assertTrue(first.startsWith("Target: AWS account " + FakeAwsEndpoints.ACCOUNT), first);
        assertTrue(status.out().contains("Target chosen by: profile dynamodb-workshop remembered by workshop login"), status.out());
        assertTrue(status.out().contains("ATT#alice#"), "the remembered attendee id is used: " + status.out());

        Result lab = TestSupport.run(env(), "no-joins", "--no-pause", "--shared-table", shared);
        assertEquals(0, lab.exit(), lab.toString());
        assertTrue(lab.out().lines().findFirst().orElse("").startsWith("Target: AWS account"), lab.out());
    }

    /**
     * Golden comparison with what AWS CLI v2 writes for {@code aws configure sso} (session name = profile name, default
     * scope) followed by its device-code login. Expected bytes are spelled out here from the CLI's source, not from
     * our code: awscli/customizations/configure/writer.py (new sections appended as "[name]" then "key = value"
     * lines, no blank line between), configure/sso.py (profile keys sso_session, sso_account_id, sso_role_name,
     * region; session keys sso_start_url, sso_region, sso_registration_scopes), awscli/botocore/utils.py
     * SSOTokenFetcher (token fields and their order, cache keys) and customizations/sso/utils.py _sso_json_dumps
     * (json.dumps defaults, timestamps "%Y-%m-%dT%H:%M:%SZ").
     */
    @Test
    void configTokenAndRegistrationAreByteForByteWhatAwsCliV2Writes() throws Exception {
        Result r = TestSupport.run(env(), "login", "--voucher", voucher.toString());
        assertEquals(0, r.exit(), r.toString());
        assertEquals("[profile dynamodb-workshop]\n"
                + "sso_session = dynamodb-workshop\n"
                + "sso_account_id = 123456789012\n"
                + "sso_role_name = WorkshopStudent\n"
                + "region = us-east-1\n"
                + "[sso-session dynamodb-workshop]\n"
                + "sso_start_url = https://d-1234567890.awsapps.com/start\n"
                + "sso_region = us-east-1\n"
                + "sso_registration_scopes = sso:account:access\n", Files.readString(config()));
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(config())));

        Path cache = home.resolve(".aws/sso/cache");
        Path tokenFile = cache.resolve(sha1("dynamodb-workshop") + ".json");
        String token = Files.readString(tokenFile);
        Map<String, JsonNode> t = JsonNode.parser().parse(token).asObject();
        String expiresAt = t.get("expiresAt").asString();
        String regExpiresAt = t.get("registrationExpiresAt").asString();
        assertTrue(expiresAt.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\dZ"), expiresAt);
        assertEquals("{\"startUrl\": \"https://d-1234567890.awsapps.com/start\", \"region\": \"us-east-1\", "
                + "\"accessToken\": \"access-device-1\", \"expiresAt\": \"" + expiresAt + "\", \"clientId\": \"client-1\", "
                + "\"clientSecret\": \"secret-1\", \"registrationExpiresAt\": \"" + regExpiresAt + "\", "
                + "\"refreshToken\": \"refresh-device-1\"}", token);
        assertEquals("rw-------", PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile)));

        String registrationKey = "{\"region\": \"us-east-1\", \"scopes\": [\"sso:account:access\"], "
                + "\"session_name\": \"dynamodb-workshop\", \"startUrl\": \"https://d-1234567890.awsapps.com/start\", "
                + "\"tool\": \"botocore\"}";
        Path registration = cache.resolve(sha1(registrationKey) + ".json");
        assertEquals("{\"clientId\": \"client-1\", \"clientSecret\": \"secret-1\", \"expiresAt\": \"" + regExpiresAt
                + "\", \"scopes\": [\"sso:account:access\"]}", Files.readString(registration));
        try (var files = Files.list(cache)) {
            assertEquals(2, files.count(), "no temporary files left behind");
        }
    }

    @Test
    void otherProfilesAndSessionsAreKeptAsTheyWere() throws Exception {
        String before = "# my settings\n[default]\nregion = eu-west-1\n\n[profile work]\nsso_session = corp\nsso_account_id = 999999999999\n"
                + "sso_role_name = Admin\n[sso-session corp]\nsso_start_url = https://corp.awsapps.com/start\nsso_region = eu-west-1";
        Files.createDirectories(config().getParent());
        Files.writeString(config(), before);
        Result r = TestSupport.run(env(), "login", "--voucher", voucher.toString());
        assertEquals(0, r.exit(), r.toString());
        String after = Files.readString(config());
        assertTrue(after.startsWith(before + "\n[profile dynamodb-workshop]\n"), after);
    }

    @Test
    void aProfileSetUpDifferentlyIsLeftAloneWithoutForce() throws Exception {
        String before = "[profile dynamodb-workshop]\nsso_session = dynamodb-workshop\nsso_account_id = 111111111111\n"
                + "sso_role_name = Other\nregion = us-east-1\n";
        Files.createDirectories(config().getParent());
        Files.writeString(config(), before);
        Result r = TestSupport.run(env(), "login", "--voucher", voucher.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("sso_account_id is 111111111111, not 123456789012"), r.err());
        assertTrue(r.err().contains("--force"), r.err());
        assertEquals(before, Files.readString(config()));
        assertEquals(0, aws.authorizations.get(), "refused before the browser step");

        Result forced = TestSupport.run(env(), "login", "--voucher", voucher.toString(), "--force");
        assertEquals(0, forced.exit(), forced.toString());
        String after = Files.readString(config());
        assertTrue(after.startsWith("[profile dynamodb-workshop]\nsso_session = dynamodb-workshop\nsso_account_id = 123456789012\n"
                + "sso_role_name = WorkshopStudent\nregion = us-east-1\n"), after);
        assertFalse(after.contains("111111111111"), after);
    }

    @Test
    void aRoleTheUserDoesNotHaveIsFoundBeforeTheConfigIsWrittenAndCorrectingItNeedsNoForce() throws Exception {
        Result wrong = TestSupport.run(env(), "login", "--voucher", voucher.toString(), "--role", "NotMine");
        assertEquals(3, wrong.exit(), wrong.toString());
        assertTrue(wrong.err().contains("no role NotMine in account " + FakeAwsEndpoints.ACCOUNT), wrong.err());
        assertFalse(Files.exists(config()), "nothing written");

        // An earlier login wrote another region; the same user's next login may change its own profile.
        assertEquals(0, TestSupport.run(env(), "login", "--voucher", voucher.toString(), "--region", "eu-west-1").exit());
        Result corrected = TestSupport.run(env(), "login", "--voucher", voucher.toString());
        assertEquals(0, corrected.exit(), corrected.toString());
        assertTrue(Files.readString(config()).contains("region = us-east-1\n"), Files.readString(config()));
        assertEquals(1, aws.authorizations.get(), "the valid token was reused");
    }

    /** A profile `aws configure sso` made (its own session name and scopes) is renewed, not replaced. */
    @Test
    void loginWithTheProfileOfAnAwsConfigureSsoSetupRenewsItsSession() throws Exception {
        String before = "[profile work]\nsso_session = corp\nsso_account_id = " + FakeAwsEndpoints.ACCOUNT + "\nsso_role_name = "
                + FakeAwsEndpoints.ROLE + "\nregion = us-east-1\noutput = json\n[sso-session corp]\nsso_start_url = " + START_URL
                + "\nsso_region = us-east-1\nsso_registration_scopes = sso:account:access\n";
        Files.createDirectories(config().getParent());
        Files.writeString(config(), before);
        Result r = TestSupport.run(env(), "login", "--profile", "work");
        assertEquals(0, r.exit(), r.toString());
        assertEquals(before, Files.readString(config()), "nothing to change");
        assertTrue(Files.exists(home.resolve(".aws/sso/cache").resolve(sha1("corp") + ".json")), "the token of session corp");
        assertTrue(r.out().contains("Next: workshop status --id <your id>"), r.out());
    }

    @Test
    void loginWarnsWhenEnvironmentKeysWouldWinOverTheProfile() {
        vars.put("AWS_ACCESS_KEY_ID", "AKIAOTHER");
        vars.put("AWS_SECRET_ACCESS_KEY", "x");
        Result r = TestSupport.run(env(), "login", "--voucher", voucher.toString());
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.err().contains("AWS_ACCESS_KEY_ID is set in this shell, and it wins over the profile"), r.err());
    }

    @Test
    void withoutATerminalMissingValuesAreAUsageErrorNamingThemAllAndNothingIsWritten() {
        Result r = TestSupport.run(env(), "login", "--start-url", START_URL);
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("--sso-region, --account, --role, --id"), r.err());
        assertTrue(r.err().contains("Run: workshop login --voucher"), r.err());
        assertFalse(Files.exists(config()));
        assertFalse(Files.exists(home.resolve("login")));
        assertEquals(0, aws.calls.size(), "nothing was sent");
    }

    @Test
    void badVoucherValuesAndUnknownKeysAreUsageErrors() throws Exception {
        Files.writeString(voucher, "id = alice\nstart_url = " + START_URL + "\nsso_reigon = us-east-1\n");
        Result r = TestSupport.run(env(), "login", "--voucher", voucher.toString());
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("unknown key 'sso_reigon'"), r.err());
        Result bad = TestSupport.run(env(), "login", "--voucher", this.voucher.toString(), "--account", "12345");
        assertEquals(2, bad.exit(), bad.toString());
        assertTrue(bad.err().contains("Invalid --account must be the 12-digit AWS account id (got 12345)"), bad.err());
    }

    @Test
    void onATerminalMissingValuesAreAskedAndAccountsAndRolesListedFromThePortal() throws Exception {
        aws.assignments.clear();
        aws.assignments.put("111111111111", List.of("ReadOnly"));
        aws.assignments.put(FakeAwsEndpoints.ACCOUNT, List.of("Admin", FakeAwsEndpoints.ROLE));
        aws.pageSize = 1; // the portal's pages are followed to the end
        Result r = TestSupport.run(terminal(START_URL, "us-east-1", "alice", "2", FakeAwsEndpoints.ROLE), "login");
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().contains("There are 2 accounts available to you:"), r.out());
        assertTrue(r.out().contains("2. " + FakeAwsEndpoints.ACCOUNT + "  Workshop " + FakeAwsEndpoints.ACCOUNT), r.out());
        assertTrue(r.out().contains("There are 2 roles available to you:"), r.out());
        String config = Files.readString(config());
        assertTrue(config.contains("sso_account_id = " + FakeAwsEndpoints.ACCOUNT + "\nsso_role_name = " + FakeAwsEndpoints.ROLE
                + "\nregion = us-east-1\n"), "region defaults to the SSO region: " + config);
    }

    @Test
    void loggingInAgainWithAValidTokenSaysSoAndChangesNothing() throws Exception {
        assertEquals(0, TestSupport.run(env(), "login", "--voucher", voucher.toString()).exit());
        Instant written = Files.getLastModifiedTime(config()).toInstant();
        int authorizations = aws.authorizations.get();
        Result again = TestSupport.run(env(), "login");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("Already signed in: profile dynamodb-workshop"), again.out());
        assertTrue(again.out().contains("Nothing to do."), again.out());
        assertEquals(authorizations, aws.authorizations.get(), "no new device authorization");
        assertEquals(written, Files.getLastModifiedTime(config()).toInstant());
    }

    @Test
    void aCachedTokenThePortalNoLongerAcceptsIsReplacedBySigningInAgain() throws Exception {
        assertEquals(0, TestSupport.run(env(), "login", "--voucher", voucher.toString()).exit());
        aws.validAccessTokens.clear(); // signed out in the browser, or revoked by an administrator
        Result again = TestSupport.run(env(), "login");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("?user_code=WXYZ-0002"), "a new device authorization: " + again.out());
        assertFalse(again.out().contains("Already signed in"), again.out());
    }

    @Test
    void logoutForgetsTheProfileAndTokenAndTheNextCommandSaysAwsIsConfiguredButNotUsed() throws Exception {
        assertEquals(0, TestSupport.run(env(), "login", "--voucher", voucher.toString()).exit());
        Path token = home.resolve(".aws/sso/cache").resolve(sha1("dynamodb-workshop") + ".json");
        assertTrue(Files.exists(token));
        String access = JsonNode.parser().parse(Files.readString(token)).asObject().get("accessToken").asString();
        Result out = TestSupport.run(env(), "logout");
        assertEquals(0, out.exit(), out.toString());
        assertTrue(out.out().contains("Signed out of profile dynamodb-workshop"), out.out());
        assertFalse(Files.exists(token));
        assertFalse(aws.validAccessTokens.contains(access), "the portal was told (POST /logout)");
        assertTrue(Files.readString(config()).contains("[profile dynamodb-workshop]"), "the profile stays, as with aws sso logout");

        Result status = TestSupport.run(env(), "status", "--id", "alice");
        String first = status.out().lines().findFirst().orElse("");
        assertTrue(first.startsWith("Target: local"), first);
        assertTrue(first.contains("AWS profile dynamodb-workshop is configured but not used; for AWS: --profile dynamodb-workshop (or: workshop login)"), first);
        assertTrue(status.out().contains("Target chosen by: no --profile, AWS_PROFILE, AWS access keys or workshop login"), status.out());

        Result again = TestSupport.run(env(), "logout");
        assertEquals(0, again.exit());
        assertTrue(again.out().contains("nothing to do"), again.out());
    }

    /** Ctrl-C while waiting for approval: the sign-in thread is interrupted; config and workshop home are as before. */
    @Test
    void anInterruptedLoginLeavesTheConfigAsItWas() throws Exception {
        String before = "[profile other]\nregion = eu-west-1\n";
        Files.createDirectories(config().getParent());
        Files.writeString(config(), before);
        aws.approveOnPoll = 0;
        AtomicReference<Result> result = new AtomicReference<>();
        Thread login = new Thread(() -> result.set(TestSupport.run(env(), "login", "--voucher", voucher.toString())));
        login.start();
        long deadline = System.nanoTime() + 20_000_000_000L;
        while (aws.calls("/token").isEmpty() && System.nanoTime() < deadline) Thread.sleep(20);
        login.interrupt();
        login.join(20_000);
        assertEquals(3, result.get().exit(), result.get().toString());
        assertTrue(result.get().err().contains("interrupted"), result.get().err());
        assertEquals(before, Files.readString(config()));
        assertFalse(Files.exists(home.resolve("login")), "nothing remembered");
        assertFalse(Files.exists(home.resolve(".aws/sso/cache").resolve(sha1("dynamodb-workshop") + ".json")));
        try (var files = Files.list(config().getParent())) {
            assertEquals(List.of("config", "sso"), files.map(p -> p.getFileName().toString()).sorted().toList(),
                    "no temporary config file left");
        }
    }
}
