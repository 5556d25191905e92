package dev.workshop.target.aws;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Ctrl-C as a terminal sends it: SIGINT to a real {@code workshop login} process that is waiting for approval.
 * {@link FakeAwsEndpoints} stands in for SSO-OIDC (it never approves); the AWS config must be exactly as before.
 */
class LoginInterruptProcessTest {
    @TempDir Path home;
    private FakeAwsEndpoints aws;

    @BeforeEach
    void start() throws Exception {
        aws = new FakeAwsEndpoints();
        aws.approveOnPoll = 0;
    }

    @AfterEach
    void stop() {
        aws.close();
    }

    @Test
    void sigintWhileWaitingForApprovalLeavesTheConfigAndTheWorkshopHomeAsTheyWere() throws Exception {
        Assumptions.assumeTrue(Files.isExecutable(Path.of("/bin/kill")), "needs kill to send SIGINT");
        Path config = home.resolve(".aws/config");
        Files.createDirectories(config.getParent());
        String before = "[default]\nregion = eu-west-1\n\n[profile dynamodb-workshop]\nregion = us-east-1\n";
        Files.writeString(config, before);
        Path voucher = home.resolve("v");
        Files.writeString(voucher, "id = alice\nstart_url = https://d-1234567890.awsapps.com/start\nsso_region = us-east-1\n"
                + "account = " + FakeAwsEndpoints.ACCOUNT + "\nrole = " + FakeAwsEndpoints.ROLE + "\n");
        ProcessBuilder pb = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"),
                "dev.workshop.Main", "login", "--voucher", voucher.toString());
        pb.environment().keySet().removeIf(k -> k.startsWith("AWS_") || k.equals("ATTENDEE_ID"));
        pb.environment().put("HOME", home.toString());
        pb.environment().put("WORKSHOP_HOME", home.resolve(".workshop").toString());
        for (String s : List.of("SSO", "SSO_OIDC", "STS")) pb.environment().put("AWS_ENDPOINT_URL_" + s, aws.endpoint().toString());
        pb.redirectErrorStream(true);
        pb.redirectOutput(home.resolve("out.log").toFile());
        Process p = pb.start();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
        while (aws.calls("/token").size() < 2 && p.isAlive() && System.nanoTime() < deadline) Thread.sleep(50);
        assertTrue(p.isAlive(), "still waiting for approval: " + Files.readString(home.resolve("out.log")));
        new ProcessBuilder("/bin/kill", "-INT", Long.toString(p.pid())).start().waitFor();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS), "SIGINT ends the command");
        String out = Files.readString(home.resolve("out.log"));
        assertTrue(out.contains("?user_code="), out);
        assertEquals(before, Files.readString(config), out);
        assertFalse(Files.exists(home.resolve(".workshop/login")), "nothing remembered");
        try (var files = Files.list(config.getParent())) {
            assertEquals(List.of("config", "sso"), files.map(f -> f.getFileName().toString()).sorted().toList());
        }
        try (var files = Files.list(home.resolve(".aws/sso/cache"))) {
            assertTrue(files.noneMatch(f -> f.getFileName().toString().startsWith(".")), "no temporary files");
        }
    }
}
