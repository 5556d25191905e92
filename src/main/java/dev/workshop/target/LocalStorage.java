package dev.workshop.target;

import com.almworks.sqlite4java.SQLiteConnection;
import com.almworks.sqlite4java.SQLiteJob;
import com.almworks.sqlite4java.SQLiteQueue;
import com.almworks.sqlite4java.SQLiteStatement;
import java.lang.reflect.Field;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.ListTablesRequest;
import software.amazon.dynamodb.services.local.server.LocalDynamoDBRequestHandler;

/**
 * How the local target's DynamoDB Local commits to disk.
 *
 * <p>DynamoDB Local 3.x keeps its data in one SQLite file and writes every item of a BatchWriteItem in a transaction
 * of its own (only TransactWriteItems shares one), all on one connection. With SQLite's defaults, a rollback journal
 * and {@code synchronous=FULL}, every one of those commits waits for the disk: a bootstrap on disk ran at a tenth to
 * a quarter of the in-memory speed, and more batches in flight cannot help. DynamoDB Local has no option for this
 * (its flags are the port, in-memory, the data path, a shared database, delayed transient statuses and optimizing the
 * database before start-up), so the server's own connection is switched, before the first request, to a write-ahead
 * log with {@code synchronous=NORMAL}: a commit appends to the log and syncs only at checkpoints. What that keeps, from https://www.sqlite.org/pragma.html#pragma_synchronous and
 * https://www.sqlite.org/wal.html: "WAL mode is always consistent with synchronous=NORMAL", and transactions "are
 * durable across application crashes regardless of the synchronous setting or journal mode", so Ctrl-C, a killed or
 * crashed JVM loses no item DynamoDB Local acknowledged; only an operating-system crash or power loss may roll back the
 * last acknowledged writes, and the database stays consistent (bootstrap run again writes them again).
 *
 * <p>The switch reaches into DynamoDB Local's classes (its handler's SQLite queue), which is no public API: when a
 * later version moves them, the server runs on SQLite's defaults, slower and as safe, and
 * {@code LocalStorageTest} fails to say so.
 */
public final class LocalStorage {
    /** The journal settings a server runs with. */
    public enum Mode {
        /** DynamoDB Local's own: a rollback journal, synchronous=FULL (fsyncs at every item). */
        DYNAMODB_LOCAL_DEFAULT("delete", "2"),
        /** A write-ahead log, synchronous=NORMAL: the local target's. */
        WAL_NORMAL("wal", "1");

        final String journalMode;
        final String synchronous;

        Mode(String journalMode, String synchronous) {
            this.journalMode = journalMode;
            this.synchronous = synchronous;
        }
    }

    /** {@code journal_mode} and {@code synchronous} as SQLite reports them on the server's connection. */
    public record Settings(String journalMode, String synchronous) {
        public boolean is(Mode mode) {
            return mode.journalMode.equalsIgnoreCase(journalMode) && mode.synchronous.equals(synchronous);
        }
    }

    /**
     * The mode persistent servers start with: {@link Mode#WAL_NORMAL}, unless the system property
     * {@code workshop.localStorage} names another (the bootstrap benchmark measures DynamoDB Local's own beside it).
     */
    static Mode configured() {
        String p = System.getProperty("workshop.localStorage");
        if (p == null || p.isBlank()) return Mode.WAL_NORMAL;
        return Mode.valueOf(p.trim().toUpperCase(Locale.ROOT).replace('-', '_'));
    }

    private LocalStorage() {}

    /** The server's SQLite connection as set up: what it reports, and a way to wait for it to close. */
    static final class Applied {
        private final SQLiteQueue queue;
        final Settings settings;

        private Applied(SQLiteQueue queue, Settings settings) {
            this.queue = queue;
            this.settings = settings;
        }

        /**
         * Waits for the connection's thread to end after DynamoDB Local was shut down (it stops the queue without
         * waiting). Closing the last connection checkpoints the log into the database under a lock: the next
         * owner of the workshop home must not open the file before that is done, or its DynamoDB Local fails on
         * "database is locked" as it starts.
         */
        void awaitClosed() {
            try {
                queue.stop(true).join();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }

    /**
     * Sets {@code mode} on the server's SQLite connection, or returns null when DynamoDB Local's internals are not
     * where this version keeps them (the server then keeps its defaults). Call it before the server takes requests:
     * a journal mode cannot change inside a transaction.
     */
    static Applied apply(LocalDynamoDBRequestHandler requests, Mode mode) {
        SQLiteQueue queue = queue(requests);
        if (queue == null) return null;
        Settings settings = queue.execute(new SQLiteJob<Settings>() {
            @Override
            protected Settings job(SQLiteConnection c) throws Throwable {
                c.exec("PRAGMA journal_mode=" + mode.journalMode);
                // A file system without the shared memory a write-ahead log needs keeps the rollback journal, and
                // there synchronous=NORMAL could cost the database (not just the last writes) on a power loss.
                if (mode.journalMode.equalsIgnoreCase(pragma(c, "journal_mode"))) c.exec("PRAGMA synchronous=" + mode.synchronous);
                return read(c);
            }
        }).complete();
        return new Applied(queue, settings);
    }

    private static Settings read(SQLiteConnection c) throws Exception {
        return new Settings(pragma(c, "journal_mode"), pragma(c, "synchronous"));
    }

    private static String pragma(SQLiteConnection c, String name) throws Exception {
        SQLiteStatement st = c.prepare("PRAGMA " + name);
        try {
            return st.step() ? st.columnString(0) : null;
        } finally {
            st.dispose();
        }
    }

    /**
     * The SQLite queue of the shared database ({@code -sharedDb}, the only one the local target uses): its handler
     * is made on the first request, so one harmless ListTables makes it.
     */
    private static SQLiteQueue queue(LocalDynamoDBRequestHandler requests) {
        try {
            requests.listTables("workshop", "local", ListTablesRequest.builder().build());
            Map<?, ?> handlers = (Map<?, ?>) field(requests.getClass(), "dbRequestHandlers").get(requests);
            if (handlers.size() != 1) return null;
            Object client = handlers.values().iterator().next();
            Object access = field(client.getClass(), "dbAccess").get(client);
            return (SQLiteQueue) field(access.getClass(), "queue").get(access);
        } catch (ReflectiveOperationException | RuntimeException e) {
            return null;
        }
    }

    private static Field field(Class<?> type, String name) throws NoSuchFieldException {
        for (Class<?> c = type; c != null; c = c.getSuperclass()) {
            try {
                Field f = c.getDeclaredField(name);
                f.setAccessible(true);
                return f;
            } catch (NoSuchFieldException e) {
                // look in the superclass
            }
        }
        throw new NoSuchFieldException(type.getName() + "." + name);
    }
}
