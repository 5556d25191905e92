package dev.workshop;

import java.io.IOException;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import org.junit.jupiter.api.extension.AfterAllCallback;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * How a test class shares the machine with the other test JVM: {@code mvn verify} runs two (surefire's forkCount),
 * each running its classes one at a time. A class that must offer real load to show its lesson (a hot partition
 * throttled) takes the machine {@link Use#ALONE}: no heavy class runs beside it, only light ones, at most one CPU-bound
 * test (the lab's own promise: it holds beside one CPU-bound process). A heavy class (many attendees, child JVMs, a
 * fault proxy) takes it {@link Use#SHARED}: heavy classes may overlap one another, never an ALONE one. Unmarked classes
 * run whenever they come.
 *
 * <p>A lock on a file under {@code target/}, held from the class's first test to its last; the operating system
 * releases it if the JVM dies, so no run can leave the next one waiting. One lock per JVM at a time: a marked class
 * must not run concurrently with another marked class of its JVM (classes run one at a time here; JUnit's parallel
 * mode is on only for methods that ask for it).
 */
@Target(ElementType.TYPE)
@Retention(RetentionPolicy.RUNTIME)
@ExtendWith(Machine.Lock.class)
public @interface Machine {
    Use value();

    enum Use { ALONE, SHARED }

    final class Lock implements BeforeAllCallback, AfterAllCallback {
        private static final ExtensionContext.Namespace NS = ExtensionContext.Namespace.create(Machine.class);
        private static final Path FILE = Path.of("target", "test-machine.lock");

        @Override
        public void beforeAll(ExtensionContext context) throws IOException {
            Machine marked = context.getRequiredTestClass().getAnnotation(Machine.class);
            // A @Nested class runs inside its marked outer class, which holds the lock already.
            if (marked == null) return;
            Use use = marked.value();
            Files.createDirectories(FILE.getParent());
            FileChannel channel = FileChannel.open(FILE, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.READ);
            long t0 = System.nanoTime();
            FileLock lock;
            try {
                lock = channel.lock(0, Long.MAX_VALUE, use == Use.SHARED);
            } catch (IOException | RuntimeException e) {
                // Closed now, not by a cleaner later: closing any channel on the file drops this JVM's locks on it.
                channel.close();
                throw e;
            }
            // In the class's output file: whether it waited for the other JVM, and how long.
            System.err.printf("machine %s: taken after %d ms%n", use, (System.nanoTime() - t0) / 1_000_000);
            context.getStore(NS).put("lock", lock);
        }

        @Override
        public void afterAll(ExtensionContext context) throws IOException {
            FileLock lock = context.getStore(NS).remove("lock", FileLock.class);
            if (lock == null) return;
            try (FileChannel channel = lock.channel()) {
                lock.release();
            }
        }
    }
}
