package dev.workshop;

import dev.workshop.cli.Env;
import dev.workshop.cli.Workshop;
import dev.workshop.console.Invocation;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;

/** The entry point: the only place that exits the process. */
public final class Main {
    private Main() {}

    public static void main(String[] args) {
        // The launcher says how it was run (./workshop outside the Codespace): printed commands then use that form.
        Invocation.set(System.getenv("WORKSHOP_INVOCATION"));
        PrintWriter out = new PrintWriter(new java.io.OutputStreamWriter(System.out, StandardCharsets.UTF_8), true);
        PrintWriter err = new PrintWriter(new java.io.OutputStreamWriter(System.err, StandardCharsets.UTF_8), true);
        int code = Workshop.commandLine(out, err, Env.fromProcess(), args).execute(args);
        out.flush();
        err.flush();
        System.exit(code);
    }
}
