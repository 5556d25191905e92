package dev.workshop.cli;

import dev.workshop.console.Console;
import dev.workshop.labs.LabRunner;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.UserInterruptException;

/** Waiting for Enter between lab steps: from the shell's own line reader inside the shell, else from the terminal's stdin. */
final class Pauses {
    /** Set by the shell on its command thread: pauses then read from the shell's own reader, not a second terminal. */
    static final ThreadLocal<LineReader> SHELL = new ThreadLocal<>();

    private Pauses() {}

    static LabRunner.Pause terminal(Console console) {
        LineReader shell = SHELL.get();
        if (shell != null) {
            return hint -> {
                shell.setVariable(LineReader.DISABLE_HISTORY, true); // an Enter to go on is not a command
                try {
                    return !console.typing(() -> shell.readLine("\u001b[2m" + hint + "\u001b[0m ")).trim().equalsIgnoreCase("q");
                } catch (UserInterruptException | EndOfFileException e) {
                    return false;
                } finally {
                    shell.setVariable(LineReader.DISABLE_HISTORY, false);
                }
            };
        }
        return hint -> {
            console.err().print(console.dim(hint) + " ");
            console.err().flush();
            String answer = console.typing(Keyboard::lineOrEnd);
            return answer != null && !answer.trim().equalsIgnoreCase("q"); // Ctrl-D (or input gone) stops like q
        };
    }
}
