package dev.workshop.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.Machine;
import dev.workshop.model.AttendeeId;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;

/**
 * The default local target: the first command starts DynamoDB Local as a background process that later commands, from
 * any terminal, reuse; foreign tools reach it through the same gateway; it ends when asked or when idle, never under a
 * command that still uses it. Real separate JVMs, as terminals run them.
 */
@Machine(Machine.Use.SHARED)
class BackgroundServerProcessTest {
    @TempDir Path home;

    /** No test leaves a server behind, whatever it asserted. */
    @AfterEach
    void stopServer() {
        BackgroundServer.running(home).ifPresent(info -> {
            BackgroundServer.stop(home, java.time.Duration.ofSeconds(30), null);
            ProcessHandle.of(info.pid()).ifPresent(ProcessHandle::destroy);
        });
    }

    private WorkshopProcesses processes(String idleMinutes) {
        return new WorkshopProcesses(home, Map.of(BackgroundServer.IDLE_VARIABLE, idleMinutes));
    }

    @Test
    void theFirstCommandsStartOneServerLaterCommandsAndOtherToolsReuseItAndStopEndsIt() throws Exception {
        WorkshopProcesses p = processes("5");
        // Two terminals at once: both start a server, exactly one serves, both commands use it.
        Process one = p.start("bootstrap", "--id", "one");
        Process two = p.start("bootstrap", "--id", "two");
        assertTrue(one.waitFor(180, TimeUnit.SECONDS) && two.waitFor(180, TimeUnit.SECONDS), p.logs());
        assertEquals(0, one.exitValue(), p.logs());
        assertEquals(0, two.exitValue(), p.logs());
        BackgroundServer.Info info = BackgroundServer.running(home).orElseThrow(() -> new AssertionError("no server runs after the commands\n" + p.logs()));
        String log = Files.readString(LocalHome.localDir(home).resolve("server.log"));
        assertEquals(1, log.split(" serving ", -1).length - 1, "one server served the two commands:\n" + log);

        WorkshopProcesses.Run status = p.run("status", "--id", "one");
        assertEquals(0, status.exit(), status.toString());
        assertTrue(status.out().contains("in the background at " + info.endpoint()), status.toString());
        assertFalse(status.out().contains("Starting the local DynamoDB in the background"), "a later command starts nothing\n" + status);
        assertTrue(status.out().contains("Items in your namespace ATT#one#: 740"), status.toString());
        assertTrue(status.out().contains("Local server: pid " + info.pid() + ", ends after 5 idle minutes"), status.toString());

        // What workshop local prints is what another tool needs: the endpoint and the attendee's access key id.
        WorkshopProcesses.Run local = p.run("local", "--id", "one");
        assertEquals(0, local.exit(), local.toString());
        String key = Principal.attendee(AttendeeId.of("one")).localAccessKeyId();
        assertTrue(local.out().contains("Endpoint: " + info.endpoint()) && local.out().contains("AWS_ACCESS_KEY_ID=" + key)
                && local.out().contains("ATT#one#COMPANY#c01"), local.toString());
        try (DynamoDbClient foreign = DynamoDbClient.builder().endpointOverride(info.endpoint()).region(LoopbackTarget.LOCAL_REGION)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create(key, "local"))).build()) {
            int own = foreign.query(q -> q.tableName("ws-shared").keyConditionExpression("PK = :pk")
                    .expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("ATT#one#COMPANY#c01")))).count();
            assertTrue(own > 0, "the printed example key has items");
            // The same gateway as the labs: the attendee policy denies another attendee's namespace.
            DynamoDbException denied = assertThrows(DynamoDbException.class, () -> foreign.query(q -> q.tableName("ws-shared")
                    .keyConditionExpression("PK = :pk").expressionAttributeValues(Map.of(":pk", AttributeValue.fromS("ATT#two#COMPANY#c01")))));
            assertEquals("AccessDeniedException", denied.awsErrorDetails().errorCode());
        }

        // A server of an earlier build (its jar rewritten by mvn package or a git pull) is replaced by the next command.
        Path infoFile = LocalHome.localDir(home).resolve("server.info");
        Files.writeString(infoFile, Files.readString(infoFile).replaceAll("(?m)^build=.*$", "build=an-earlier-build"));
        WorkshopProcesses.Run rebuilt = p.run("status", "--id", "one");
        assertEquals(0, rebuilt.exit(), rebuilt.toString());
        assertTrue(rebuilt.out().contains("runs an earlier build of the workshop; restarting it"), rebuilt.toString());
        assertFalse(ProcessHandle.of(info.pid()).map(ProcessHandle::isAlive).orElse(false), "the old server ended");
        info = BackgroundServer.running(home).orElseThrow(() -> new AssertionError("no server after the restart\n" + p.logs()));
        assertTrue(rebuilt.out().contains("Items in your namespace ATT#one#: 740"), rebuilt.toString());

        WorkshopProcesses.Run stop = p.run("local", "stop");
        assertEquals(0, stop.exit(), stop.toString());
        assertTrue(stop.out().contains("Stopped the local DynamoDB"), stop.toString());
        assertFalse(ProcessHandle.of(info.pid()).map(ProcessHandle::isAlive).orElse(false), "the server process ended");
        assertFalse(Files.exists(LocalHome.localDir(home).resolve("endpoint")), "no endpoint of a dead server stays behind");
        assertTrue(BackgroundServer.running(home).isEmpty());

        // The data outlives the server; the next command starts a new one.
        WorkshopProcesses.Run again = p.run("status", "--id", "two");
        assertEquals(0, again.exit(), again.toString());
        assertTrue(again.out().contains("Items in your namespace ATT#two#: 740"), again.toString());
        WorkshopProcesses.Run nothing = p.run("local", "stop");
        assertTrue(nothing.out().contains("Stopped"), nothing.toString());
        WorkshopProcesses.Run twice = p.run("local", "stop");
        assertEquals(0, twice.exit(), twice.toString());
        assertTrue(twice.out().contains("nothing to do"), twice.toString());
    }

    @Test
    void itEndsWhenIdleButNeverUnderACommandThatStillUsesIt() throws Exception {
        // 0.1 minutes: six idle seconds, so the test does not wait half an hour.
        WorkshopProcesses p = processes("0.1");
        Process lab = p.start("hot-partitions", "--id", "busy", "--no-pause", "--seconds", "5");
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
        while (BackgroundServer.running(home).isEmpty() && System.nanoTime() < deadline) Thread.sleep(100);
        BackgroundServer.Info info = BackgroundServer.running(home).orElseThrow(() -> new AssertionError("no server\n" + p.logs()));

        // A stop asked while the lab runs waits for the lab; the request stays and the server ends after it.
        WorkshopProcesses.Run stop = p.run("local", "stop", "--wait", "1");
        assertEquals(0, stop.exit(), stop.toString());
        assertTrue(stop.out().contains("still using the local DynamoDB"), stop.toString());
        assertTrue(lab.isAlive(), "the lab was still running when stop was asked (else this proves nothing)\n" + p.logs());
        assertTrue(lab.waitFor(180, TimeUnit.SECONDS), p.logs());
        String out = p.logs();
        assertFalse(out.contains("Cannot reach") || out.contains("Connection refused"), "the lab's requests all reached the server\n" + out);
        assertTrue(ProcessHandle.of(info.pid()).map(ph -> {
            try {
                return ph.onExit().get(60, TimeUnit.SECONDS) != null;
            } catch (Exception e) {
                return false;
            }
        }).orElse(true), "the server ended after the lab\n" + p.logs());

        // Idle: with no command and no request for six seconds, a new server ends by itself.
        WorkshopProcesses.Run status = p.run("status", "--id", "busy");
        BackgroundServer.Info second = BackgroundServer.running(home).orElse(null);
        if (second != null) {
            ProcessHandle ph = ProcessHandle.of(second.pid()).orElse(null);
            if (ph != null) ph.onExit().get(60, TimeUnit.SECONDS);
        }
        String log = Files.readString(LocalHome.localDir(home).resolve("server.log"));
        assertTrue(log.contains("6 idle seconds passed; ending"), status + "\n" + log);
        assertTrue(BackgroundServer.running(home).isEmpty(), log);
    }

    @Test
    void aBadIdleSettingIsAUsageErrorWithTheFix() throws Exception {
        WorkshopProcesses.Run run = processes("soon").run("status", "--id", "one");
        assertEquals(2, run.exit(), run.toString());
        assertTrue(run.out().contains("WORKSHOP_LOCAL_IDLE_MINUTES=soon is not a number of minutes"), run.toString());
        assertTrue(run.out().contains("export WORKSHOP_LOCAL_IDLE_MINUTES=30"), run.toString());
        assertFalse(run.out().contains("\tat "), "no stack trace\n" + run);
    }
}
