package dev.workshop.console;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.io.PrintWriter;
import java.io.StringWriter;
import org.junit.jupiter.api.Test;

/** What a wait prints to stay on screen fits the pane, as every other line does. */
class WaitingTest {
    @Test
    void aLineToKeepIsWrappedToTheConsolesWidth() {
        StringWriter err = new StringWriter();
        Console console = new Console(new PrintWriter(new StringWriter()), new PrintWriter(err, true), false, false, 80, true);
        String line = "Starting the local DynamoDB in the background (it serves every workshop command for 30 idle minutes;"
                + " workshop local stop ends it)...";
        try (Waiting w = new Waiting(console, "Starting the local DynamoDB")) {
            w.say(line);
        }
        String printed = err.toString();
        assertTrue(printed.replaceAll("\\s+", " ").contains(line), printed);
        for (String l : printed.split("\\R")) assertTrue(l.length() <= 80, l.length() + " columns: " + l);
    }
}
