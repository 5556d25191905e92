package dev.workshop.cli;

import dev.workshop.labs.LabRunner;
import java.io.IOException;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;

/** Waiting for Enter between lab steps, on the real terminal through JLine. */
final class Pauses {
    /** Set by the shell on its command thread: pauses then read from the shell's own reader, not a second terminal. */
    static final ThreadLocal<LineReader> SHELL = new ThreadLocal<>();

    private Pauses() {}

    static LabRunner.Pause terminal() {
        LineReader shell = SHELL.get();
        if (shell != null) {
            return hint -> {
                shell.setVariable(LineReader.DISABLE_HISTORY, true); // an Enter to go on is not a command
                try {
                    return !shell.readLine("\u001b[2m" + hint + "\u001b[0m ").trim().equalsIgnoreCase("q");
                } catch (UserInterruptException | EndOfFileException e) {
                    return false;
                } finally {
                    shell.setVariable(LineReader.DISABLE_HISTORY, false);
                }
            };
        }
        return hint -> {
            try (Terminal terminal = TerminalBuilder.builder().system(true).build()) {
                LineReader reader = LineReaderBuilder.builder().terminal(terminal).build();
                String answer = reader.readLine("\u001b[2m" + hint + "\u001b[0m ");
                return !answer.trim().equalsIgnoreCase("q");
            } catch (UserInterruptException | EndOfFileException e) {
                return false;
            } catch (IOException e) {
                return true;
            }
        };
    }
}
