package dev.workshop;

/**
 * An error the user can act on: what happened and why, the command that fixes it, and the exit code.
 * Anything in the code base may throw it; the CLI's one handler prints it as a single line plus the fix.
 */
public class WorkshopException extends RuntimeException {
    private final int exitCode;
    private final String fix;

    public WorkshopException(int exitCode, String message, String fix) {
        this(exitCode, message, fix, null);
    }

    public WorkshopException(int exitCode, String message, String fix, Throwable cause) {
        super(message, cause);
        this.exitCode = exitCode;
        this.fix = fix;
    }

    public int exitCode() {
        return exitCode;
    }

    /** The command or action that fixes it; may be null when there is nothing to run. */
    public String fix() {
        return fix;
    }

    public static WorkshopException usage(String message, String fix) {
        return new WorkshopException(2, message, fix);
    }

    public static WorkshopException failed(String message, String fix) {
        return new WorkshopException(1, message, fix);
    }

    public static WorkshopException credentials(String message, String fix) {
        return new WorkshopException(3, message, fix);
    }
}
