package dev.workshop.cli;

import dev.workshop.console.Console;
import dev.workshop.model.AttendeeId;
import dev.workshop.target.Target;
import dev.workshop.target.TargetFactory;
import java.io.IOException;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import org.jline.reader.EndOfFileException;
import org.jline.reader.LineReader;
import org.jline.reader.LineReaderBuilder;
import org.jline.reader.UserInterruptException;
import org.jline.reader.impl.DefaultParser;
import org.jline.terminal.Terminal;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.ParseResult;

/**
 * The interactive session: a JLine reader over the very same picocli commands (each line is parsed and run by a
 * fresh {@link Workshop#commandLine}, so errors print exactly as on the command line through the one ErrorHandler).
 *
 * <p>What the session adds: completion from the command model, history in the workshop home, remembered
 * {@code --id}/{@code --profile}/{@code --region} (shown in the prompt and supplied to later commands that take
 * them), Ctrl-C that cancels the running command (it runs on a worker thread that is interrupted) and Ctrl-D
 * that leaves. On the local target a session that starts the workshop home's DynamoDB Local (its owner) keeps it
 * running, so commands reuse it instead of starting one each. A session that finds another process's server
 * holds no lease while idle: each command joins that server for as long as it runs, so the other process can stop
 * as soon as its own command is done, and the next command here starts (and keeps) a server of its own.
 */
final class Shell {
    /** A fresh command tree writing to the given streams: one per command line, so no option state leaks between lines. */
    @FunctionalInterface
    interface Commands {
        CommandLine create(PrintWriter out, PrintWriter err);
    }

    /** What the shell was started with: remembered options given to {@code workshop shell} itself, and its target. */
    record Start(String id, String profile, String region, String sharedTable, TargetFactory.Selection selection) {}

    /** Exit status of a command stopped with Ctrl-C, as shells report SIGINT. */
    static final int CANCELLED = 130;
    /** The options the session remembers once given, in prompt order. */
    static final List<String> REMEMBERED = List.of("--id", "--profile", "--region", "--shared-table");
    /** Options that name attendees themselves (facilitator forms), so a remembered --id must not be added to them. */
    private static final List<String> INSTEAD_OF_ID = List.of("--all", "--ids", "--ids-file");
    /** Options that choose a target themselves, so a remembered profile or region must not be added to them. */
    private static final List<String> INSTEAD_OF_PROFILE = List.of("--local", "--endpoint-url");
    private static final Duration STOP_GRACE = Duration.ofSeconds(5);

    private final Terminal terminal;
    private final Env env;
    private final Commands commands;
    private final KnownIds known;
    private final Map<String, String> remembered = new LinkedHashMap<>();
    private final Console console;
    private LineReader reader;
    private Start start;
    private CommandSpec model;
    private Target session;
    private ExecutorService worker = newWorker();

    Shell(Terminal terminal, Env env, Commands commands) {
        this.terminal = terminal;
        this.env = env;
        this.commands = commands;
        this.known = new KnownIds(env.workshopHome());
        this.console = new Console(terminal.writer(), terminal.writer(), color(), env.terminal(),
                Math.max(60, Math.min(terminal.getWidth() > 0 ? terminal.getWidth() : 100, env.width())));
    }

    /** Runs until Ctrl-D, {@code exit} or {@code quit}; returns the exit code of the shell itself (0). */
    int run(Start start) {
        this.start = start;
        if (start.id() != null) remembered.put("--id", start.id());
        else if (env.var("ATTENDEE_ID") == null) known.last().ifPresent(id -> remembered.put("--id", id));
        if (start.profile() != null) remembered.put("--profile", start.profile());
        if (start.region() != null) remembered.put("--region", start.region());
        if (start.sharedTable() != null) remembered.put("--shared-table", start.sharedTable());
        reader = reader();
        try {
            openSession(start.selection(), console::info);
            String shown = new WelcomeScreen(env, console, true).show(start.selection(), session, sharedTable(), remembered.get("--id"));
            // the id the screen tells the attendee to use (e.g. the owner of the only personal table) is the session's
            // too: the prompt shows it and commands get it, instead of "No attendee id" right after "Next: ... --id carol"
            if (shown != null && env.var("ATTENDEE_ID") == null) remembered.putIfAbsent("--id", shown);
            loop();
            return ExitCode.OK;
        } finally {
            try {
                reader.getHistory().save();
            } catch (IOException e) {
                // history is a convenience; losing it must not fail the exit
            }
            worker.shutdownNow();
            if (session != null) session.close();
        }
    }

    private void loop() {
        while (true) {
            String line;
            try {
                line = reader.readLine(prompt());
            } catch (UserInterruptException e) {
                continue; // Ctrl-C at the prompt drops the line, as in bash
            } catch (EndOfFileException e) {
                terminal.writer().println();
                terminal.writer().flush();
                return;
            }
            List<String> words = reader.getParsedLine().words().stream().filter(w -> !w.isEmpty()).toList();
            if (words.isEmpty()) continue;
            String first = words.get(0);
            if (first.equals("exit") || first.equals("quit")) return;
            if (first.equals("forget")) {
                forget(words.subList(1, words.size()));
                continue;
            }
            if (first.equals("workshop")) words = words.subList(1, words.size()); // typed out of habit
            if (words.isEmpty()) {
                new WelcomeScreen(env, console, true).show(start.selection(), session, sharedTable(), remembered.get("--id"));
                continue;
            }
            execute(words);
        }
    }

    /** Runs one command line on the worker thread; Ctrl-C interrupts it and the prompt comes back. */
    int execute(List<String> words) {
        if (session == null) openSession(start.selection(), s -> {});
        List<String> args = withRemembered(words);
        Gate gate = new Gate(terminal.writer());
        PrintWriter out = new PrintWriter(gate, true);
        CountDownLatch done = new CountDownLatch(1);
        LineReader pauses = reader;
        Future<Integer> running = worker.submit(() -> {
            Pauses.SHELL.set(pauses);
            try {
                return commands.create(out, out).execute(args.toArray(String[]::new));
            } finally {
                Pauses.SHELL.remove();
                out.flush();
                done.countDown();
            }
        });
        Terminal.SignalHandler previous = terminal.handle(Terminal.Signal.INT, signal -> running.cancel(true));
        int code;
        try {
            code = running.get();
        } catch (CancellationException e) {
            gate.close(); // what the stopping command still prints would land on the next prompt
            code = CANCELLED;
            boolean stopped = await(done);
            // the terminal has echoed ^C already; what a cancelled command finished stays, and running it again is safe
            terminal.writer().println();
            terminal.writer().println(console.yellow("Cancelled") + (stopped ? "." : "; it is still stopping in the background.")
                    + console.dim(" What it finished is kept; run it again to finish (every command is safe to repeat)."));
            if (!stopped) {
                worker.shutdownNow();
                worker = newWorker();
            }
        } catch (ExecutionException e) {
            // execute() hands every exception to the ErrorHandler; only an Error gets here
            ErrorHandler.Failure f = ErrorHandler.classify(e.getCause());
            terminal.writer().println(console.red("error: " + f.message()));
            code = f.code();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            running.cancel(true);
            code = CANCELLED;
        } finally {
            terminal.handle(Terminal.Signal.INT, previous);
            terminal.writer().flush();
        }
        learn(words, code);
        return code;
    }

    private static boolean await(CountDownLatch done) {
        try {
            return done.await(STOP_GRACE.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    /**
     * The words with the remembered options added where the command takes them and the line did not give them.
     * picocli itself reads the line (on a throwaway command tree); a line it rejects runs unchanged, so the error
     * is the command line's own.
     */
    List<String> withRemembered(List<String> words) {
        ParseResult leaf = parse(words);
        if (leaf == null) return words;
        CommandSpec spec = leaf.commandSpec();
        List<String> extra = new ArrayList<>();
        for (Map.Entry<String, String> e : remembered.entrySet()) {
            String option = e.getKey();
            if (spec.findOption(option) == null || leaf.hasMatchedOption(option)) continue;
            List<String> instead = switch (option) {
                case "--id" -> INSTEAD_OF_ID;
                case "--profile", "--region" -> INSTEAD_OF_PROFILE;
                default -> List.of();
            };
            if (instead.stream().anyMatch(o -> spec.findOption(o) != null && leaf.hasMatchedOption(o))) continue;
            extra.add(option);
            extra.add(e.getValue());
        }
        if (extra.isEmpty()) return words;
        // right after the command's own name, so that a trailing "--" or positional parameters stay last
        int at = position(words, leaf);
        List<String> out = new ArrayList<>(words.subList(0, at));
        out.addAll(extra);
        out.addAll(words.subList(at, words.size()));
        return out;
    }

    private void learn(List<String> words, int code) {
        if (code == ExitCode.USAGE) return; // a rejected value (a typo, an invalid id) is not worth remembering
        ParseResult leaf = parse(words);
        if (leaf == null) return;
        for (String option : REMEMBERED) {
            if (!leaf.hasMatchedOption(option)) continue;
            String value = leaf.matchedOption(option).getValue();
            if (value == null || value.isBlank()) continue;
            if (option.equals("--id")) {
                if (!AttendeeId.isValid(value)) continue;
                known.remember(value);
            }
            remembered.put(option, value);
        }
    }

    /** The deepest subcommand's parse result, or null when the line does not parse or names no command. */
    private ParseResult parse(List<String> words) {
        try {
            ParseResult pr = commands.create(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()))
                    .parseArgs(words.toArray(String[]::new));
            if (!pr.hasSubcommand()) return null;
            while (pr.hasSubcommand()) pr = pr.subcommand();
            return pr;
        } catch (CommandLine.ParameterException e) {
            return null;
        }
    }

    private static int position(List<String> words, ParseResult leaf) {
        List<String> chain = new ArrayList<>();
        for (CommandSpec s = leaf.commandSpec(); s.parent() != null; s = s.parent()) chain.add(0, s.name());
        int at = 0;
        for (String name : chain) {
            while (at < words.size() && !words.get(at).equals(name)) at++;
            at++;
        }
        return Math.min(at, words.size());
    }

    private void forget(List<String> what) {
        List<String> names = what.isEmpty() ? REMEMBERED : what;
        for (String n : names) {
            String option = n.startsWith("--") ? n : "--" + n;
            if (!REMEMBERED.contains(option)) {
                terminal.writer().println("forget what? One or more of: id, profile, region, shared-table (nothing: all of them).");
                break;
            }
            remembered.remove(option);
        }
        terminal.writer().flush();
    }

    String prompt() {
        List<String> parts = new ArrayList<>();
        String id = remembered.getOrDefault("--id", env.var("ATTENDEE_ID"));
        if (id != null) parts.add(id);
        if (remembered.containsKey("--profile")) parts.add("profile " + remembered.get("--profile"));
        if (remembered.containsKey("--region")) parts.add(remembered.get("--region"));
        if (remembered.containsKey("--shared-table")) parts.add("table " + remembered.get("--shared-table"));
        String where = parts.isEmpty() ? "" : " (" + String.join(" · ", parts) + ")";
        return console.bold("workshop") + console.cyan(where) + "> ";
    }

    private String sharedTable() {
        return remembered.getOrDefault("--shared-table", dev.workshop.model.Tables.DEFAULT_SHARED);
    }

    Map<String, String> remembered() {
        return remembered;
    }

    LineReader lineReader() {
        return reader;
    }

    private LineReader reader() {
        Path history = env.workshopHome().resolve("history");
        try {
            Files.createDirectories(env.workshopHome());
        } catch (IOException e) {
            // without a home there is no history file; the session works all the same
        }
        DefaultParser parser = new DefaultParser();
        parser.setEofOnUnclosedQuote(false);
        LineReader r = LineReaderBuilder.builder().terminal(terminal).appName("workshop").parser(parser)
                .completer(new ShellCompleter(this::model, known, () -> session, remembered, env))
                .variable(LineReader.HISTORY_FILE, history)
                .variable(LineReader.HISTORY_FILE_SIZE, 2000)
                // '!' and '#' mean nothing special here: ATT#id# appears in what attendees paste
                .option(LineReader.Option.DISABLE_EVENT_EXPANSION, true)
                .option(LineReader.Option.HISTORY_IGNORE_DUPS, true)
                .build();
        return r;
    }

    /** The command tree completion reads; built once, since the commands do not change during a session. */
    private CommandSpec model() {
        if (model == null) model = commands.create(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter())).getCommandSpec();
        return model;
    }

    /**
     * On the local target, keeps the lease on the workshop home's DynamoDB Local when this process owns the server;
     * a lease on another process's server is given back at once (idle, it would keep that process waiting).
     * Other targets are opened per command.
     */
    private void openSession(TargetFactory.Selection selection, java.util.function.Consumer<String> progress) {
        boolean local = selection.local();
        if (!local) return;
        Target t;
        try {
            t = env.targets().open(selection, progress);
            if (selection.notice() != null && t instanceof dev.workshop.target.LoopbackTarget loopback) loopback.note(selection.notice());
        } catch (RuntimeException e) {
            ErrorHandler.Failure f = ErrorHandler.classify(e);
            console.warn("The local DynamoDB could not start: " + f.message() + "; each command will try again.");
            return;
        }
        if (t instanceof dev.workshop.target.LocalTarget lt && lt.server() == null) t.close();
        else session = t;
    }

    private boolean color() {
        return env.terminal() && env.var("NO_COLOR") == null;
    }

    private static ExecutorService newWorker() {
        return Executors.newSingleThreadExecutor(r -> {
            Thread t = new Thread(r, "workshop-command");
            t.setDaemon(true); // a command that ignores its interrupt must not keep the JVM alive after exit
            return t;
        });
    }

    /** Passes output through until closed, then drops it: a cancelled command may still be printing as it stops. */
    static final class Gate extends Writer {
        private final Writer target;
        private volatile boolean open = true;

        Gate(Writer target) {
            this.target = target;
        }

        @Override
        public void write(char[] buf, int off, int len) throws IOException {
            if (open) target.write(buf, off, len);
        }

        @Override
        public void flush() throws IOException {
            if (open) target.flush();
        }

        @Override
        public void close() {
            open = false;
        }
    }
}
