package dev.workshop.tty;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.junit.jupiter.api.Tag;
import org.junit.jupiter.api.Test;

/**
 * How long each command leaves a person's screen blank: the time from pressing Enter to the first character, and the
 * longest gap between two outputs until the command ends, measured on a real pseudo-terminal of 80 columns through the
 * launcher (a fresh workshop home, DynamoDB Local on disk, as on a laptop). Run after a package:
 * {@code mvn -DskipTests package && mvn -Pbench test -Dtest=SilenceBench}. It measures; it never fails on a figure.
 */
@Tag("bench")
class SilenceBench {
    @Test
    void firstOutputAndLongestSilencePerCommand() throws Exception {
        Path root = Path.of(System.getProperty("user.dir"));
        Path home = Files.createTempDirectory("silence");
        Map<String, String> env = Map.of("HOME", home.toString(), "WORKSHOP_HOME", home.resolve(".workshop").toString(),
                "WORKSHOP_SKIP_BUILD", "1");
        List<String> roster = new ArrayList<>();
        for (int i = 0; i < 20; i++) roster.add("sil-" + i);
        String[][] commands = {
                {"--help", "./workshop --help"},
                {"status (fresh home)", "./workshop status --id sil-0"},
                {"bootstrap --ids (20)", "./workshop bootstrap --ids " + String.join(",", roster)},
                {"status", "./workshop status --id sil-0"},
                {"no-joins --no-pause", "./workshop no-joins --id sil-0 --no-pause"},
                {"hot-partitions --simulate", "./workshop hot-partitions --id sil-0 --simulate --no-pause"},
                {"cleanup --id", "./workshop cleanup --id sil-1"},
                {"cleanup --all --yes", "./workshop cleanup --all --yes"},
        };
        System.out.println("BENCH silence on a pty, 80 columns (ms): first output, longest silence, whole command, exit");
        try {
            measure(root, env, commands);
        } finally {
            // The launcher leaves the local target's server running for later commands; a benchmark ends it.
            ProcessBuilder stop = new ProcessBuilder("./workshop", "local", "stop").directory(root.toFile()).inheritIO();
            stop.environment().putAll(env);
            stop.start().waitFor();
        }
    }

    private static void measure(Path root, Map<String, String> env, String[][] commands) throws Exception {
        for (String[] c : commands) {
            try (Pty pty = Pty.start(root, env, 80, c[1])) {
                int code = pty.exitCode(Duration.ofMinutes(10));
                long end = System.nanoTime();
                long[] s = pty.silences(end);
                System.out.printf(Locale.ROOT, "BENCH   %-26s first %5d  longest silence %5d  total %6d  exit %d%n",
                        c[0], s[0], s[1], (end - pty.startedNanos()) / 1_000_000, code);
            }
        }
    }
}
