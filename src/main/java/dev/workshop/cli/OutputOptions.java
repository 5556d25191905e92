package dev.workshop.cli;

import dev.workshop.console.Console;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** -v and --no-color for every command, and the console built from them and the command's own streams. */
public final class OutputOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private boolean noColor;
    private Console console;

    @Option(names = {"-v", "--verbose"}, description = "Show stack traces and request details.")
    void setVerbose(boolean verbose) {
        if (verbose) root().verbose = true;
    }

    @Option(names = "--no-color", description = "No colour (also when NO_COLOR is set or output is not a terminal).")
    void setNoColor(boolean noColor) {
        this.noColor = noColor;
    }

    Workshop root() {
        return (Workshop) mixee.root().userObject();
    }

    public Console console() {
        if (console == null) {
            Env env = root().env();
            boolean color = env.terminal() && !noColor && env.var("NO_COLOR") == null;
            console = new Console(mixee.commandLine().getOut(), mixee.commandLine().getErr(), color, env.terminal(), env.width(), env.wraps()).watch();
        }
        return console;
    }

    /** When the command ends: no spinner outlives it. */
    void close() {
        if (console != null) console.close();
    }
}
