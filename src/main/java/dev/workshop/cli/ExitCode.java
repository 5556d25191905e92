package dev.workshop.cli;

/** The one table of exit codes (STYLE.md). */
public final class ExitCode {
    public static final int OK = 0;
    /** A lab check or an AWS operation failed. */
    public static final int FAILED = 1;
    /** Usage or invalid input. */
    public static final int USAGE = 2;
    /** Credentials or SSO session problem. */
    public static final int CREDENTIALS = 3;
    /** Unexpected internal error. */
    public static final int INTERNAL = 4;

    private ExitCode() {}
}
