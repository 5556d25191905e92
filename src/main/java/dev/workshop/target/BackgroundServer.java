package dev.workshop.target;

import dev.workshop.WorkshopException;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Properties;
import java.util.function.Consumer;

/**
 * The local target's server as a process of its own that outlives the command that started it: started on first use,
 * reused by later commands from any terminal, ended after some idle minutes or by {@code workshop local stop}.
 *
 * <p>Why: each workshop command used to start DynamoDB Local (SQLite, Jetty, the gateway) and stop it again, about
 * 1.5 s of a 2 s {@code status}. The first minutes of the day are a dozen short commands per attendee. With the server
 * kept, a command is a client of it ({@link LocalHome}'s locks are unchanged: the background process is simply the
 * owner), and only the first one pays the start-up.
 *
 * <p>The process is started through {@code sh} with SIGINT and SIGHUP ignored (the JVM keeps a signal that was
 * ignored when it started ignored): Ctrl-C on the command that started it, or closing its terminal, must not end a
 * server that other terminals use. Its standard streams go to {@code local/server.log}; it holds no terminal.
 */
public final class BackgroundServer {
    /** How long the server waits, with no command using it and no request, before it ends. */
    public static final int DEFAULT_IDLE_MINUTES = 30;
    public static final String IDLE_VARIABLE = "WORKSHOP_LOCAL_IDLE_MINUTES";
    static final String INFO_FILE = "server.info";
    static final String STOP_FILE = "stop";
    static final String LOG_FILE = "server.log";
    private static final long POLL_MILLIS = 500;

    private BackgroundServer() {}

    /** How to start the server process: the command up to (not including) the workshop's arguments. */
    public record Launch(List<String> javaCommand, Duration idle) {
        /**
         * This JVM's own java and class path, so the server runs exactly the code of the command that starts it; or
         * null when {@value #IDLE_VARIABLE} is 0 (each command runs the server inside itself, as before).
         */
        public static Launch fromThisProcess(Map<String, String> env) {
            Duration idle = idle(env);
            if (idle.isZero()) return null;
            String java = ProcessHandle.current().info().command().orElse(null);
            // The launcher names the whole class path when this JVM runs with less (its start-up archive's training).
            String classPath = System.getProperty("workshop.server.classpath", System.getProperty("java.class.path"));
            if (java == null || classPath == null || classPath.isBlank()) return null;
            List<String> cmd = new ArrayList<>(List.of(java,
                    // A long-lived server: full JIT (commands stop at C1 for start-up), a bounded heap, one GC thread.
                    "-XX:+UseSerialGC", "-Xss512k", "-Xmx" + env.getOrDefault("WORKSHOP_LOCAL_HEAP", "384m"),
                    "-cp", classPath, "dev.workshop.Main"));
            return new Launch(List.copyOf(cmd), idle);
        }

        /** {@value #IDLE_VARIABLE}: minutes, fractions allowed (tests use a few seconds); unset is the default. */
        static Duration idle(Map<String, String> env) {
            String v = env.get(IDLE_VARIABLE);
            if (v == null || v.isBlank()) return Duration.ofMinutes(DEFAULT_IDLE_MINUTES);
            try {
                double minutes = Double.parseDouble(v.trim());
                if (minutes >= 0 && minutes <= 24 * 60) return Duration.ofMillis(Math.round(minutes * 60_000));
            } catch (NumberFormatException e) {
                // said below
            }
            throw new WorkshopException(2, IDLE_VARIABLE + "=" + v + " is not a number of minutes from 0 to 1440.",
                    "export " + IDLE_VARIABLE + "=" + DEFAULT_IDLE_MINUTES + "   (0 runs DynamoDB Local inside each command)");
        }

        /** The idle time as the user gave it, for messages: "30 idle minutes". */
        public String idleText() {
            return describe(idle);
        }

        /** Starts {@code workshop local serve} in the background for the workshop home {@code home}. */
        Process start(Path home) {
            Path dir = LocalHome.localDir(home);
            List<String> cmd = new ArrayList<>(List.of("/bin/sh", "-c", "trap '' INT HUP; exec \"$@\"", "sh"));
            cmd.addAll(javaCommand);
            cmd.addAll(List.of("local", "serve", "--idle-seconds", Long.toString(Math.max(1, idle.toSeconds()))));
            try {
                Files.createDirectories(dir);
                Path log = dir.resolve(LOG_FILE);
                ProcessBuilder pb = new ProcessBuilder(cmd)
                        .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                        .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()))
                        .redirectErrorStream(true);
                pb.environment().put("WORKSHOP_HOME", home.toAbsolutePath().toString());
                return pb.start();
            } catch (IOException e) {
                throw new WorkshopException(1, "Could not start the local DynamoDB in the background: " + dev.workshop.IoErrors.describe(e) + ".",
                        "export " + IDLE_VARIABLE + "=0   (runs DynamoDB Local inside each command instead), then run the command again", e);
            }
        }
    }

    /** What a running background server published about itself. */
    public record Info(long pid, URI endpoint, Instant started, Duration idle, Path log, String build) {
        public String idleText() {
            return describe(idle);
        }
    }

    static String describe(Duration idle) {
        long s = idle.toSeconds();
        return s % 60 == 0 ? dev.workshop.console.Plural.of(s / 60, "idle minute") : dev.workshop.console.Plural.of(s, "idle second");
    }

    /** The background server of this home, when one is running (its process is alive and it published its endpoint). */
    public static Optional<Info> running(Path home) {
        Path dir = LocalHome.localDir(home);
        Properties p = new Properties();
        try (var in = Files.newBufferedReader(dir.resolve(INFO_FILE), StandardCharsets.UTF_8)) {
            p.load(in);
            long pid = Long.parseLong(p.getProperty("pid"));
            if (ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false)) {
                return Optional.of(new Info(pid, URI.create(p.getProperty("endpoint")), Instant.parse(p.getProperty("started")),
                        Duration.ofSeconds(Long.parseLong(p.getProperty("idle_seconds"))), dir.resolve(LOG_FILE),
                        p.getProperty("build", "")));
            }
        } catch (IOException | RuntimeException e) {
            // no file, a half-written one, or a server that died: none is running
        }
        return Optional.empty();
    }

    /**
     * The server process's life: owns the home's server (or returns at once when another process does), publishes
     * {@link Info}, and ends when asked ({@code local stop}) or after {@code idle} with no command holding a
     * lease and no request through the gateway. Ending waits for commands still running (the lease's release).
     *
     * @return 0 when it served and ended, 1 when another process already serves this home
     */
    public static int serve(Path home, Duration idle, Consumer<String> log) {
        Path dir = LocalHome.localDir(home);
        Optional<LocalHome.Lease> owned = LocalHome.own(home, log);
        if (owned.isEmpty()) {
            log.accept("Another process already serves " + dir + "; nothing to do.");
            return 1;
        }
        LocalHome.Lease lease = owned.get();
        Thread hook = new Thread(lease::close, "local-server-shutdown");
        Runtime.getRuntime().addShutdownHook(hook);
        try {
            Files.deleteIfExists(dir.resolve(STOP_FILE));
            publish(dir, lease.endpoint(), idle);
            log.accept(Instant.now() + " serving " + lease.endpoint() + " for " + dir.getParent()
                    + " (pid " + ProcessHandle.current().pid() + "; ends after " + describe(idle) + ")");
            long lastBusy = System.currentTimeMillis();
            while (true) {
                Thread.sleep(POLL_MILLIS);
                if (Files.exists(dir.resolve(STOP_FILE))) {
                    log.accept(Instant.now() + " stop requested (workshop local stop)");
                    break;
                }
                long now = System.currentTimeMillis();
                if (lease.clientsActive()) lastBusy = now;
                lastBusy = Math.max(lastBusy, lease.server().lastRequestMillis());
                if (now - lastBusy >= idle.toMillis()) {
                    log.accept(Instant.now() + " " + describe(idle) + " passed; ending");
                    break;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            log.accept("Cannot write to " + dir + ": " + dev.workshop.IoErrors.describe(e));
        } finally {
            try {
                Files.deleteIfExists(dir.resolve(INFO_FILE));
            } catch (IOException ignored) {
                // a stale info file names a dead pid, which running() treats as no server
            }
            lease.close();
            try {
                Files.deleteIfExists(dir.resolve(STOP_FILE));
            } catch (IOException ignored) {
                // the next server deletes it when it starts
            }
            try {
                Runtime.getRuntime().removeShutdownHook(hook);
            } catch (IllegalStateException shuttingDown) {
                // the hook is running or ran: the lease is closed either way
            }
        }
        log.accept(Instant.now() + " ended");
        return 0;
    }

    private static void publish(Path dir, URI endpoint, Duration idle) throws IOException {
        String info = "pid=" + ProcessHandle.current().pid() + "\nendpoint=" + endpoint
                + "\nstarted=" + Instant.now() + "\nidle_seconds=" + idle.toSeconds()
                + "\nbuild=" + buildStamp() + "\n";
        Path tmp = dir.resolve(INFO_FILE + ".tmp");
        Files.writeString(tmp, info, StandardCharsets.UTF_8);
        Files.move(tmp, dir.resolve(INFO_FILE), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    /**
     * Which build of the workshop this JVM runs: the size and time of the jar (or folder) its classes come from. A
     * client whose build differs from the server's restarts the server, whose jar was rewritten under it.
     */
    public static String buildStamp() {
        try {
            Path code = Path.of(BackgroundServer.class.getProtectionDomain().getCodeSource().getLocation().toURI());
            return Files.isDirectory(code) ? code.toString() : code + ":" + Files.size(code) + ":" + Files.getLastModifiedTime(code).toMillis();
        } catch (Exception e) {
            return "unknown";
        }
    }

    /** The outcome of {@link #stop}. */
    public enum Stopped { NOT_RUNNING, STOPPED, STILL_WAITING }

    /**
     * Asks the home's background server to end and waits up to {@code wait} for it. The server first waits for commands
     * still using it (a lab in another terminal); if that takes longer, the request stays and it ends after them.
     */
    public static Stopped stop(Path home, Duration wait, Runnable stillWaiting) {
        Optional<Info> info = running(home);
        if (info.isEmpty()) return Stopped.NOT_RUNNING;
        Path dir = LocalHome.localDir(home);
        try {
            Files.writeString(dir.resolve(STOP_FILE), "requested " + Instant.now() + "\n", StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new WorkshopException(2, "Cannot write " + dir.resolve(STOP_FILE) + ": " + dev.workshop.IoErrors.describe(e) + ".",
                    "kill " + info.get().pid() + "   (ends the server; its data is flushed on the way out)", e);
        }
        long deadline = System.currentTimeMillis() + wait.toMillis();
        long tellAt = System.currentTimeMillis() + 3_000;
        ProcessHandle process = ProcessHandle.of(info.get().pid()).orElse(null);
        while (process != null && process.isAlive()) {
            long now = System.currentTimeMillis();
            if (now >= deadline) return Stopped.STILL_WAITING;
            if (stillWaiting != null && now >= tellAt) {
                stillWaiting.run();
                stillWaiting = null;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return Stopped.STILL_WAITING;
            }
        }
        return Stopped.STOPPED;
    }

    /** The last lines of the server's log, to say why a start failed. */
    static String logTail(Path home, int lines) {
        try {
            List<String> all = Files.readAllLines(LocalHome.localDir(home).resolve(LOG_FILE), StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "";
        }
    }
}
