package dev.workshop.target;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** Workshop commands as separate JVMs on one workshop home, the way two terminals run them. */
final class WorkshopProcesses {
    private final Path home;
    private final Map<String, String> env;

    /** @param env extra environment (e.g. WORKSHOP_LOCAL_IDLE_MINUTES); AWS_PROFILE and ATTENDEE_ID are removed */
    WorkshopProcesses(Path home, Map<String, String> env) {
        this.home = home;
        this.env = env;
    }

    /** Starts {@code workshop args...}; its output goes to a fresh out-*.log in the home. */
    Process start(String... args) throws Exception {
        return start(home.resolve("out-" + System.nanoTime() + ".log"), args);
    }

    Process start(Path log, String... args) throws Exception {
        List<String> cmd = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-XX:+UseSerialGC", "-XX:TieredStopAtLevel=1", "-cp", System.getProperty("java.class.path"), "dev.workshop.Main"));
        cmd.addAll(List.of(args));
        ProcessBuilder pb = new ProcessBuilder(cmd);
        pb.environment().put("WORKSHOP_HOME", home.toString());
        pb.environment().remove("AWS_PROFILE");
        pb.environment().remove("ATTENDEE_ID");
        pb.environment().remove(BackgroundServer.IDLE_VARIABLE);
        pb.environment().putAll(env);
        pb.redirectErrorStream(true);
        pb.redirectOutput(log.toFile());
        return pb.start();
    }

    /** Runs {@code workshop args...} to its end (3 minutes at most) and returns its exit code and output. */
    Run run(String... args) throws Exception {
        Path log = home.resolve("out-" + System.nanoTime() + ".log");
        Process p = start(log, args);
        if (!p.waitFor(180, java.util.concurrent.TimeUnit.SECONDS)) {
            p.destroyForcibly();
            throw new AssertionError("workshop " + String.join(" ", args) + " did not finish in 3 minutes:\n" + read(log));
        }
        return new Run(p.exitValue(), read(log));
    }

    record Run(int exit, String out) {
        @Override
        public String toString() {
            return "exit=" + exit + "\n" + out;
        }
    }

    /** Every command's output so far, for failure messages. */
    String logs() {
        StringBuilder b = new StringBuilder();
        try (var files = Files.list(home)) {
            for (Path f : files.filter(f -> f.getFileName().toString().startsWith("out-")).sorted().toList()) {
                b.append("== ").append(f.getFileName()).append('\n').append(read(f));
            }
        } catch (java.io.IOException e) {
            b.append("(cannot list ").append(home).append(": ").append(e).append(')');
        }
        return b.toString();
    }

    static String read(Path p) {
        try {
            return Files.exists(p) ? Files.readString(p, StandardCharsets.UTF_8) : "";
        } catch (java.io.IOException e) {
            return "(cannot read " + p + ": " + e + ")";
        }
    }
}
