package dev.workshop;

import dev.workshop.cli.Env;
import dev.workshop.cli.Workshop;
import dev.workshop.target.LocalHome;
import dev.workshop.target.LocalServer;
import dev.workshop.target.LocalTarget;
import dev.workshop.target.Principal;
import dev.workshop.target.Target;
import dev.workshop.target.TargetFactory;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.util.HashMap;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Shared test fixtures: one in-memory DynamoDB Local (behind the gateway) per test JVM, random ids and table names
 * so tests never depend on each other, and an in-process CLI runner that captures stdout and stderr separately.
 */
public final class TestSupport {
    private static LocalServer server;
    private static final SecureRandom RANDOM = new SecureRandom();

    private TestSupport() {}

    public static synchronized LocalServer server() {
        if (server == null) {
            server = LocalServer.inMemory();
            Runtime.getRuntime().addShutdownHook(new Thread(server::close));
        }
        return server;
    }

    /** A random attendee id with the given prefix, e.g. "t-k3x9q2". */
    public static String randomId(String prefix) {
        String alphabet = "abcdefghijklmnopqrstuvwxyz0123456789";
        StringBuilder b = new StringBuilder(prefix).append('-');
        for (int i = 0; i < 6; i++) b.append(alphabet.charAt(RANDOM.nextInt(alphabet.length())));
        return b.toString();
    }

    public static String randomTable() {
        return randomId("ws-shared-t");
    }

    /** A local target over the shared test server; closing it leaves the server running for other tests. */
    public static LocalTarget target() {
        return target(server());
    }

    /** A local target over {@code s}; closing it leaves the server running. */
    public static LocalTarget target(LocalServer s) {
        LocalHome.Lease lease = new LocalHome.Lease() {
            @Override
            public URI endpoint() {
                return s.endpoint();
            }

            @Override
            public boolean owner() {
                return true;
            }

            @Override
            public LocalServer server() {
                return s;
            }

            @Override
            public void close() {}
        };
        return new LocalTarget(lease, Path.of("(in-memory test server)"));
    }

    public static DynamoDbClient admin() {
        return ADMIN.dynamo(Principal.admin());
    }

    private static final Target ADMIN = target();

    public record Result(int exit, String out, String err) {
        @Override
        public String toString() {
            return "exit=" + exit + "\n--- stdout\n" + out + "--- stderr\n" + err;
        }
    }

    public static Env env(Path home, Map<String, String> vars) {
        return env(home, vars, null);
    }

    /** @param local the server the local target uses (null: the shared test server) */
    public static Env env(Path home, Map<String, String> vars, LocalServer local) {
        TargetFactory factory = (selection, progress) -> {
            if (!selection.local()) {
                return TargetFactory.standard(home, vars, home).open(selection, progress);
            }
            return local == null ? target() : target(local);
        };
        return new Env(vars, home, home, factory, Clock.systemUTC(), false);
    }

    public static Result run(String... args) {
        return run(env(Path.of(System.getProperty("java.io.tmpdir")), new HashMap<>()), args);
    }

    public static Result run(Env env, String... args) {
        StringWriter out = new StringWriter();
        StringWriter err = new StringWriter();
        // As Main does: the command line holds only the command that args name (all of them for help, the shell...).
        int exit = Workshop.commandLine(new PrintWriter(out, true), new PrintWriter(err, true), env, args).execute(args);
        return new Result(exit, out.toString(), err.toString());
    }
}
