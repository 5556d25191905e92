package dev.workshop.labs;

import java.util.List;

/**
 * A lab: a list of steps whose narration lives in {@code labs/NN-name.md} (the guide is the single source; a test
 * fails when a step's title and its guide section drift apart).
 */
public interface Lab {
    /** The command name, e.g. "no-joins". */
    String name();

    /** Its place in the workshop, 1 to 5; the guide is labs/0N-name.md. */
    int number();

    /** One line for help and the welcome screen. */
    String summary();

    /** The steps, in order. Cheap to build: the command also calls it to validate --step before it opens the target. */
    List<Step> steps();

    /**
     * Lab-specific command-line options (a picocli-annotated object), or null. The runner adds it to the lab's command
     * as a mixin, and the steps read it back from the instance they were built with.
     */
    default Object options() {
        return null;
    }

    /**
     * Where a run that continues this lab at {@code step} must start: the step itself when it stands alone (the
     * default), or an earlier step whose measurements it uses in the same run.
     */
    default int resumableFrom(int step) {
        return step;
    }

    /**
     * Checks the lab's own options together, before anything runs; throws a usage error (exit 2). Each option alone
     * is checked against its {@link dev.workshop.Range} by the CLI.
     *
     * @param command the lab's command with the attendee's id, to build the fix from
     */
    default void checkOptions(String command) {}

    /** Whether a run counts as progress in the attendee's record (a what-if simulation does not). */
    default boolean recordsProgress() {
        return true;
    }

    /**
     * Whether this run talks to DynamoDB at all; a what-if simulation does not, so it starts no server and signs in
     * nowhere (it runs in well under a second of its own).
     */
    default boolean needsTarget() {
        return true;
    }

    /** Whether this lab needs the bootstrapped sample data (most do). */
    default boolean needsWorkspace() {
        return true;
    }

    default String guideFile() {
        return String.format("%02d-%s.md", number(), name());
    }
}
