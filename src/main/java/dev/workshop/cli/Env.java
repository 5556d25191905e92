package dev.workshop.cli;

import dev.workshop.target.TargetFactory;
import java.nio.file.Path;
import java.time.Clock;
import java.util.Map;

/**
 * Everything a command takes from its surroundings, injected so that tests run commands in-process with their own
 * environment, home and target instead of swapping System.out or the process environment.
 */
public record Env(Map<String, String> variables, Path workshopHome, Path userHome, TargetFactory targets, Clock clock,
                  boolean terminal, Input input) {

    /** Answers to questions asked on the terminal (e.g. by {@code workshop login}); null when the input has ended. */
    @FunctionalInterface
    public interface Input {
        String readLine(String prompt);

        /** The process's console; no answers when there is none. */
        static Input console() {
            return prompt -> System.console() == null ? null : System.console().readLine("%s", prompt);
        }
    }

    public Env(Map<String, String> variables, Path workshopHome, Path userHome, TargetFactory targets, Clock clock,
            boolean terminal) {
        this(variables, workshopHome, userHome, targets, clock, terminal, Input.console());
    }

    public static Env fromProcess() {
        Map<String, String> vars = System.getenv();
        Path userHome = userHome(vars, System.getProperty("user.home"));
        String home = vars.get("WORKSHOP_HOME");
        Path workshopHome = home == null || home.isBlank() ? userHome.resolve(".workshop") : Path.of(home);
        boolean terminal = System.console() != null && !"dumb".equals(vars.get("TERM"));
        // The local target's server outlives the command (BackgroundServer), unless WORKSHOP_LOCAL_IDLE_MINUTES=0.
        return new Env(vars, workshopHome, userHome,
                TargetFactory.standard(workshopHome, vars, userHome, () -> dev.workshop.target.BackgroundServer.Launch.fromThisProcess(vars)),
                Clock.systemUTC(), terminal, Input.console());
    }

    /**
     * The directory that ~ stands for: $HOME, as the AWS CLI and the SDKs read it (so {@code HOME=$(mktemp -d)}
     * means the same ~/.aws to both), else the JVM's user.home, which comes from the account database.
     */
    static Path userHome(Map<String, String> vars, String userDotHome) {
        String home = vars.get("HOME");
        return Path.of(home != null && !home.isBlank() ? home : userDotHome);
    }

    public String var(String name) {
        String v = variables.get(name);
        return v == null || v.isBlank() ? null : v;
    }

    /**
     * Columns to wrap and fit output to: COLUMNS (the launcher exports the terminal's), else 80 on a terminal (java run
     * without the launcher: the width is unknown, and 80 fits most), else 100 for logs; never below 40.
     */
    public int width() {
        try {
            if (var("COLUMNS") != null) return Math.max(40, Integer.parseInt(var("COLUMNS").trim()));
        } catch (NumberFormatException e) {
            // not a number: as if unset
        }
        return terminal ? 80 : 100;
    }

    /** Whether prose wraps: on a terminal, or when a width was given; a file or a pipe keeps whole lines. */
    public boolean wraps() {
        return terminal || var("COLUMNS") != null;
    }

    /** The same surroundings with COLUMNS set, e.g. to the shell's terminal width at the time a command runs. */
    public Env withColumns(int columns) {
        if (columns <= 0) return this;
        Map<String, String> vars = new java.util.HashMap<>(variables);
        vars.put("COLUMNS", Integer.toString(columns));
        return new Env(Map.copyOf(vars), workshopHome, userHome, targets, clock, terminal, input);
    }
}
