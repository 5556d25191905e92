package dev.workshop.target;

import java.io.IOException;
import java.net.URI;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.function.Consumer;

/**
 * The local target's data under the workshop home, shared safely by every workshop process on the machine.
 *
 * <p>One process at a time owns the server (an exclusive lock on {@code server.lock}) and publishes its gateway's
 * endpoint in {@code endpoint}. Other processes become clients of that server while holding a shared lock on
 * {@code clients.lock}; the owner takes that lock exclusively before it stops, so it waits for its clients.
 * One SQLite database is therefore only ever opened by one DynamoDB Local, and two shells running commands at
 * the same time see each other's writes instead of corrupting them.
 */
public final class LocalHome {
    private static final Map<Path, Shared> OPEN = new HashMap<>();
    /** How long a command waits for another one to finish starting the server and publish its endpoint. */
    private static final long STARTUP_WAIT_MILLIS = 60_000;
    /** How long the server's owner waits, when its own command is done, for other commands still using the server. */
    static final long CLIENT_WAIT_MINUTES = 10;

    private LocalHome() {}

    /** A reference to the home's running server; close it when the command is done. */
    public interface Lease extends AutoCloseable {
        URI endpoint();

        /** True when this process runs the server (and therefore its gateway). */
        boolean owner();

        /** The server, when {@link #owner()}; null for a client of another process's server. */
        LocalServer server();

        /** True when the server is the home's background server (it outlives this command). */
        default boolean background() {
            return false;
        }

        /** For the owner: whether any other command holds a lease on its server right now. */
        default boolean clientsActive() {
            return false;
        }

        @Override
        void close();
    }

    /** Where the owner's DynamoDB Local keeps its data (and the gateway its tags and metrics). */
    public static Path dataDir(Path home) {
        return home.toAbsolutePath().normalize().resolve("local").resolve("data");
    }

    /** The folder of the home's server: locks, endpoint, the background server's info and log, and its data. */
    public static Path localDir(Path home) {
        return home.toAbsolutePath().normalize().resolve("local");
    }

    /** A lease on the home's server, started inside this process when none runs (tests, WORKSHOP_LOCAL_IDLE_MINUTES=0). */
    public static Lease open(Path home, Consumer<String> progress) {
        return open(home, progress, null);
    }

    /**
     * A lease on the home's server. When none runs, {@code launch} starts one in the background that later commands
     * reuse ({@link BackgroundServer}); with a null {@code launch} this process runs it for as long as it needs it.
     */
    public static Lease open(Path home, Consumer<String> progress, BackgroundServer.Launch launch) {
        return lease(home, dir -> Shared.acquire(dir, progress, launch, home, false), progress);
    }

    /** The home's server run by this process, or empty when another process already runs it (the background server). */
    static Optional<Lease> own(Path home, Consumer<String> progress) {
        try {
            return Optional.of(lease(home, dir -> Shared.acquire(dir, progress, null, home, true), progress));
        } catch (AlreadyServed e) {
            return Optional.empty();
        }
    }

    private static final class AlreadyServed extends RuntimeException {
        private static final long serialVersionUID = 1L;

        AlreadyServed() {
            super(null, null, false, false);
        }
    }

    private static Lease lease(Path home, java.util.function.Function<Path, Shared> acquire, Consumer<String> progress) {
        Path dir = localDir(home);
        synchronized (OPEN) {
            Shared shared = OPEN.get(dir);
            if (shared == null) {
                shared = acquire.apply(dir);
                OPEN.put(dir, shared);
            }
            shared.refs++;
            Shared s = shared;
            return new Lease() {
                private boolean closed;

                @Override
                public URI endpoint() {
                    return s.endpoint;
                }

                @Override
                public boolean owner() {
                    return s.server != null;
                }

                @Override
                public LocalServer server() {
                    return s.server;
                }

                @Override
                public boolean background() {
                    return s.background;
                }

                @Override
                public boolean clientsActive() {
                    return s.clientsActive();
                }

                @Override
                public void close() {
                    synchronized (OPEN) {
                        if (closed) return;
                        closed = true;
                        if (--s.refs == 0) {
                            OPEN.remove(dir);
                            s.release(progress);
                        }
                    }
                }
            };
        }
    }

    private static final class Shared {
        final FileChannel serverChannel;
        final FileChannel clientsChannel;
        final Path endpointFile;
        FileLock serverLock;
        FileLock clientLock;
        LocalServer server;
        URI endpoint;
        boolean background;
        int refs;

        private Shared(FileChannel serverChannel, FileChannel clientsChannel, Path endpointFile) {
            this.serverChannel = serverChannel;
            this.clientsChannel = clientsChannel;
            this.endpointFile = endpointFile;
        }

        static Shared acquire(Path dir, Consumer<String> progress, BackgroundServer.Launch launch, Path home, boolean ownOnly) {
            try {
                Files.createDirectories(dir);
                Shared s = new Shared(
                        FileChannel.open(dir.resolve("server.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE),
                        FileChannel.open(dir.resolve("clients.lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                                StandardOpenOption.READ),
                        dir.resolve("endpoint"));
                try {
                    s.connect(dir, progress, launch, home, ownOnly);
                } catch (IOException | RuntimeException e) {
                    // Closing the channels releases whatever lock was taken, so a later attempt (e.g. in the shell) starts clean.
                    if (s.server != null) s.server.close();
                    s.serverChannel.close();
                    s.clientsChannel.close();
                    throw e;
                }
                return s;
            } catch (IOException e) {
                // A home the user cannot use is configuration to fix (exit 2), like any other invalid input.
                throw new dev.workshop.WorkshopException(2, "Cannot use the workshop home " + dir.getParent() + ": "
                        + dev.workshop.IoErrors.describe(e) + ".",
                        "export WORKSHOP_HOME=$HOME/.workshop   (any folder you can write to), then run the command again", e);
            }
        }

        boolean clientsActive() {
            try {
                FileLock all = clientsChannel.tryLock();
                if (all == null) return true;
                all.release();
                return false;
            } catch (IOException | java.nio.channels.OverlappingFileLockException e) {
                return true;
            }
        }

        private void connect(Path dir, Consumer<String> progress, BackgroundServer.Launch launch, Path home, boolean ownOnly)
                throws IOException {
            long deadline = System.currentTimeMillis() + STARTUP_WAIT_MILLIS;
            boolean told = false;
            boolean restarted = false;
            Process started = null;
            while (true) {
                serverLock = serverChannel.tryLock();
                if (serverLock == null && ownOnly) throw new AlreadyServed();
                if (serverLock != null && launch != null) {
                    // No server runs: start the background one and become its client like any later command.
                    serverLock.release();
                    serverLock = null;
                    if (started == null) {
                        progress.accept("Starting the local DynamoDB in the background (it serves every workshop command"
                                + " for " + launch.idleText() + "; workshop local stop ends it)...");
                        started = launch.start(home);
                        deadline = System.currentTimeMillis() + STARTUP_WAIT_MILLIS;
                    } else if (!started.isAlive() && BackgroundServer.running(home).isEmpty()) {
                        String tail = BackgroundServer.logTail(home, 8);
                        throw new dev.workshop.WorkshopException(1, "The local DynamoDB did not start in the background"
                                + (tail.isBlank() ? "." : "; its log ends with:\n" + tail),
                                "export " + BackgroundServer.IDLE_VARIABLE + "=0   (runs it inside each command instead); the whole log is "
                                        + dir.resolve(BackgroundServer.LOG_FILE));
                    }
                    if (System.currentTimeMillis() > deadline) {
                        throw new dev.workshop.WorkshopException(1, "The local DynamoDB started in the background has not"
                                + " published its endpoint after a minute (log: " + dir.resolve(BackgroundServer.LOG_FILE) + ").",
                                "workshop local stop   then run this command again");
                    }
                    sleep(50);
                    continue;
                }
                if (serverLock != null) {
                    // An endpoint left by a server that died names a dead port; nobody may join it while this one starts.
                    Files.deleteIfExists(endpointFile);
                    server = LocalServer.persistent(dir.resolve("data"));
                    endpoint = server.endpoint();
                    Path tmp = dir.resolve("endpoint.tmp");
                    Files.writeString(tmp, endpoint.toString(), StandardCharsets.UTF_8);
                    Files.move(tmp, endpointFile, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
                    return;
                }
                // Another process owns the server: join it as a client, unless it is shutting down right now.
                clientLock = clientsChannel.lock(0, Long.MAX_VALUE, true);
                FileLock probe = serverChannel.tryLock();
                if (probe != null) {
                    // The owner finished between our two looks; start over and become the owner ourselves.
                    probe.release();
                    clientLock.release();
                    continue;
                }
                if (Files.exists(endpointFile)) {
                    endpoint = URI.create(Files.readString(endpointFile, StandardCharsets.UTF_8).trim());
                    var info = BackgroundServer.running(home);
                    if (launch != null && !restarted && info.isPresent() && !info.get().build().equals(BackgroundServer.buildStamp())) {
                        // The server runs a jar that has been rebuilt since (mvn package, git pull): its classes are
                        // no longer the ones on disk. End it (after any command still using it) and start this build.
                        restarted = true;
                        clientLock.release();
                        clientLock = null;
                        progress.accept("The local DynamoDB runs an earlier build of the workshop; restarting it...");
                        BackgroundServer.stop(home, java.time.Duration.ofSeconds(60), null);
                        continue;
                    }
                    // The server this command started writes its info just after its endpoint: it is background too.
                    background = started != null || info.isPresent();
                    // The background server is the usual case and needs no word; another command's server does.
                    if (!told && !background) progress.accept("Using the local DynamoDB already running for another workshop command (" + endpoint + ").");
                    return;
                }
                clientLock.release();
                if (System.currentTimeMillis() > deadline) {
                    throw new dev.workshop.WorkshopException(1, "Another workshop command holds " + dir
                            + " but has not published its endpoint after a minute.",
                            "wait for the other workshop command to finish (or stop it), then run this one again");
                }
                if (!told && started == null) {
                    progress.accept("Waiting for another workshop command to finish starting the local DynamoDB...");
                    told = true;
                }
                sleep(100);
            }
        }

        void release(Consumer<String> progress) {
            try {
                if (server != null) {
                    FileLock all = clientsChannel.tryLock();
                    if (all == null) {
                        // Stopping the server under a running command (a load in another terminal) would fail its
                        // writes, so wait for it, long enough for any lab. An idle shell holds no lease (Shell), so
                        // only commands that are running are waited for.
                        progress.accept("Waiting for other workshop commands that use the local DynamoDB this command"
                                + " started (a command running in another terminal) to finish, up to "
                                + CLIENT_WAIT_MINUTES + " minutes. Ctrl-C here ends the wait;"
                                + " the other command's next request then fails and it can be run again.");
                        long deadline = System.currentTimeMillis() + CLIENT_WAIT_MINUTES * 60_000L;
                        while (all == null && System.currentTimeMillis() < deadline) {
                            sleep(100);
                            all = clientsChannel.tryLock();
                        }
                    }
                    try {
                        Files.deleteIfExists(endpointFile);
                    } finally {
                        server.close();
                        serverLock.release();
                        if (all != null) all.release();
                    }
                } else if (clientLock != null) {
                    clientLock.release();
                }
            } catch (IOException e) {
                throw new IllegalStateException("Could not release the workshop home: " + e.getMessage(), e);
            } finally {
                try {
                    serverChannel.close();
                    clientsChannel.close();
                } catch (IOException ignored) {
                    // closing releases any lock still held; nothing else to do
                }
            }
        }

        private static void sleep(long ms) {
            try {
                Thread.sleep(ms);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the local DynamoDB", e);
            }
        }
    }
}
