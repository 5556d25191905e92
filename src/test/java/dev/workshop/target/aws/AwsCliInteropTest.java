package dev.workshop.target.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import dev.workshop.TestSupport.Result;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The files {@code workshop login} writes, read by the real AWS CLI where one is installed (skipped otherwise): it
 * lists the profile, and signs a request with role credentials it fetched itself from the token we cached. The CLI
 * reaches the stand-ins ({@link FakeAwsEndpoints}: SSO portal and STS, which cannot run here) through the standard
 * AWS_ENDPOINT_URL_* settings; nothing leaves the loopback interface.
 */
class AwsCliInteropTest {
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

    private static String awsOnPath() {
        for (String dir : System.getenv().getOrDefault("PATH", "").split(File.pathSeparator)) {
            Path p = Path.of(dir, "aws");
            if (Files.isExecutable(p)) return p.toString();
        }
        return null;
    }

    private String awsCli(String cli, String... args) throws Exception {
        ProcessBuilder pb = new ProcessBuilder(cli);
        pb.command().addAll(List.of(args));
        Map<String, String> e = pb.environment();
        e.keySet().removeIf(k -> k.startsWith("AWS_"));
        e.putAll(vars);
        e.put("HOME", home.toString());
        pb.redirectErrorStream(true);
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertTrue(p.waitFor(60, TimeUnit.SECONDS), "aws " + String.join(" ", args) + " did not finish");
        assertEquals(0, p.exitValue(), "aws " + String.join(" ", args) + ":\n" + out);
        return out;
    }

    @Test
    void theAwsCliSeesTheProfileAndSignsInWithTheCachedToken() throws Exception {
        String cli = awsOnPath();
        Assumptions.assumeTrue(cli != null, "no aws command on PATH");
        Path voucher = home.resolve("v");
        Files.writeString(voucher, "id = alice\nstart_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\n"
                + "account = " + FakeAwsEndpoints.ACCOUNT + "\nrole = " + FakeAwsEndpoints.ROLE + "\nregion = us-east-1\n");
        Result login = TestSupport.run(TestSupport.env(home, vars), "login", "--voucher", voucher.toString());
        assertEquals(0, login.exit(), login.toString());

        if (awsCli(cli, "--version").startsWith("aws-cli/2")) {
            assertTrue(awsCli(cli, "configure", "list-profiles").lines().anyMatch("dynamodb-workshop"::equals));
        } else {
            // CLI v1 has no list-profiles; it reads the same file through the same botocore config loader.
            assertEquals("dynamodb-workshop", awsCli(cli, "configure", "get", "sso_session", "--profile", "dynamodb-workshop").strip());
        }
        int issued = aws.issuedKeys.size();
        String identity = awsCli(cli, "sts", "get-caller-identity", "--profile", "dynamodb-workshop", "--output", "text");
        assertTrue(identity.contains(FakeAwsEndpoints.ROLE_ARN), identity);
        assertEquals(issued + 1, aws.issuedKeys.size(), "the CLI fetched its own role credentials with our token");
    }
}
