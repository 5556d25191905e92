package dev.workshop.target;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Two shells, one workshop home: real separate JVMs, as an attendee would run them. The first owns DynamoDB Local,
 * the second joins it as a client, the owner waits for the client before stopping, and the data persists for a
 * third command started after both.
 */
class LocalHomeProcessTest {
    @TempDir Path home;

    private Process start(String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.workshop.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("WORKSHOP_HOME", home.toString());
        pb.environment().remove("AWS_PROFILE");
        pb.environment().remove("ATTENDEE_ID");
        pb.redirectErrorStream(true);
        pb.redirectOutput(home.resolve("out-" + System.nanoTime() + ".log").toFile());
        return pb.start();
    }

    private static void await(Process p) throws Exception {
        assertTrue(p.waitFor(180, TimeUnit.SECONDS), "command finished");
    }

    private String logs() throws Exception {
        StringBuilder b = new StringBuilder();
        for (File f : home.toFile().listFiles((d, n) -> n.startsWith("out-"))) {
            b.append("== ").append(f.getName()).append('\n').append(java.nio.file.Files.readString(f.toPath(), StandardCharsets.UTF_8));
        }
        return b.toString();
    }

    @Test
    void twoCommandsAtOnceShareOneServerAndLoseNothing() throws Exception {
        Process first = start("bootstrap", "--id", "one");
        Process second = start("bootstrap", "--id", "two");
        await(first);
        await(second);
        assertEquals(0, first.exitValue(), logs());
        assertEquals(0, second.exitValue(), logs());

        Process check = start("status", "--id", "one");
        await(check);
        Process check2 = start("status", "--id", "two");
        await(check2);
        String logs = logs();
        assertEquals(0, check.exitValue(), logs);
        assertEquals(0, check2.exitValue(), logs);
        assertTrue(logs.contains("Items in your namespace ATT#one#: 740"), logs);
        assertTrue(logs.contains("Items in your namespace ATT#two#: 740"), logs);
        assertTrue(logs.contains("Owner=one") && logs.contains("Owner=two"), "tags persisted across processes: " + logs);
    }
}
