package dev.workshop.cli;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.Charset;

/**
 * Lines the person types at the process's terminal, through one reader for the whole process that is never closed.
 * A JLine system terminal opened and closed per pause took the process's stdout with it (everything after the first
 * pause went nowhere); reading a line from stdin in the terminal's own line mode needs none of that, and type-ahead
 * (Enter pressed twice) stays buffered for the next pause instead of being lost.
 */
final class Keyboard {
    private static BufferedReader in;

    private Keyboard() {}

    /** The next line, or null when input has ended (Ctrl-D). */
    static String readLine() throws IOException {
        synchronized (Keyboard.class) {
            if (in == null) {
                java.io.Console c = System.console();
                in = new BufferedReader(new InputStreamReader(System.in, c != null ? c.charset() : Charset.defaultCharset()));
            }
        }
        return in.readLine();
    }

    /** {@link #readLine}, with a broken input read as its end (for callers that cannot throw). */
    static String lineOrEnd() {
        try {
            return readLine();
        } catch (IOException e) {
            return null;
        }
    }
}
