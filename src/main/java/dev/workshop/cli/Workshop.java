package dev.workshop.cli;

import java.io.PrintWriter;
import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Command;

/** The root command. {@link #commandLine} is the one factory that both {@code main} and the tests use. */
@Command(name = "workshop",
        mixinStandardHelpOptions = true,
        versionProvider = VersionProvider.class,
        sortOptions = false,
        usageHelpAutoWidth = true,
        description = {
                "Lab runner for the hands-on workshop on multi-tenant DynamoDB design.",
                "Without --profile it runs on an embedded DynamoDB Local (no AWS account needed)."})
public final class Workshop implements Runnable {
    private final Env env;
    boolean verbose;

    @picocli.CommandLine.Spec
    CommandLine.Model.CommandSpec spec;

    public Workshop(Env env) {
        this.env = env;
    }

    public Env env() {
        return env;
    }

    public boolean verbose() {
        return verbose;
    }

    @Override
    public void run() {
        if (!env.terminal()) {
            spec.commandLine().usage(spec.commandLine().getOut());
            return;
        }
        // On a terminal, a bare "workshop" is where the attendee stands and what to run next.
        WelcomeScreen.forRoot(this, spec.commandLine());
    }

    public static CommandLine commandLine(PrintWriter out, PrintWriter err, Env env) {
        return commandLine(out, err, env, null);
    }

    /** Every command, in the order an attendee meets them, then the facilitator's: help lists them so. */
    private static final List<Class<?>> COMMANDS_AFTER_LABS = List.of(StatusCommand.class, MetricsCommand.class,
            CleanupCommand.class, ShellCommand.class, GuideCommand.class, LogoutCommand.class, RosterCommand.class,
            SetupCommand.class, VouchersCommand.class, PolicyCommand.class, LocalCommand.class, CompletionCommand.class,
            CommandLine.HelpCommand.class);

    /** Commands that read the whole command model: help pages, the shell's completion, the completion scripts. */
    private static final java.util.Set<String> NEEDS_ALL = java.util.Set.of("help", "shell", "completion");

    /** Options of the root alone: its help page and its version. The commands are then only listed. */
    private static final java.util.Set<String> ROOT_ONLY = java.util.Set.of("--help", "-h", "--version", "-V");

    /**
     * Adds, in help's order, every command whose name {@code wanted} accepts: as the full command, or as a listing.
     *
     * @return how many were added
     */
    private static int addCommands(CommandLine cl, java.util.function.Predicate<String> wanted, boolean listingOnly) {
        int added = 0;
        for (Class<?> c : List.of(LoginCommand.class, BootstrapCommand.class)) added += add(cl, c, wanted, listingOnly);
        for (dev.workshop.labs.Lab lab : dev.workshop.labs.Labs.all()) {
            if (!wanted.test(lab.name())) continue;
            cl.addSubcommand(lab.name(), listingOnly
                    ? listing(lab.name(), new String[0], LabCommand.description(lab), false) : LabCommand.create(lab));
            added++;
        }
        for (Class<?> c : COMMANDS_AFTER_LABS) added += add(cl, c, wanted, listingOnly);
        return added;
    }

    private static int add(CommandLine cl, Class<?> command, java.util.function.Predicate<String> wanted, boolean listingOnly) {
        Command a = command.getAnnotation(Command.class);
        if (!wanted.test(a.name())) return 0;
        cl.addSubcommand(listingOnly ? listing(a.name(), a.header(), a.description(), a.hidden()) : command);
        return 1;
    }

    /** A command as the root's help lists it: its name and summary, without its options. */
    private static CommandLine listing(String name, String[] header, String[] description, boolean hidden) {
        CommandLine.Model.CommandSpec spec = CommandLine.Model.CommandSpec.create().name(name);
        spec.usageMessage().header(header).description(description).hidden(hidden);
        return new CommandLine(spec);
    }

    /**
     * The command line for {@code args}. Building picocli's model of a command (reflection over its options and
     * mixins) costs about 20 ms a command, a third of a short command's time for all twenty; a command line whose
     * first word names a command needs that one only. {@link #NEEDS_ALL}, a bare {@code workshop}, an unknown word
     * (to suggest the nearest command) and {@code args == null} get them all;
     * {@link #ROOT_ONLY} gets them all as listings.
     */
    public static CommandLine commandLine(PrintWriter out, PrintWriter err, Env env, String[] args) {
        Workshop root = new Workshop(env);
        CommandLine cl = new CommandLine(root);
        String only = args != null && args.length > 0 && !NEEDS_ALL.contains(args[0]) ? args[0] : null;
        if (only == null || addCommands(cl, only::equals, false) == 0) {
            // The root's help lists each command by name and summary, and --version none: picocli's model of each
            // command's options is not needed (about a fifth of --help's time). HelpTest holds the two pages equal.
            addCommands(cl, name -> true, args != null && args.length == 1 && ROOT_ONLY.contains(args[0]));
        }
        cl.setOut(out);
        cl.setErr(err);
        cl.setCaseInsensitiveEnumValuesAllowed(true);
        // Options are checked before anything runs (OptionChecks). A command's console may be watching for silence
        // (a spinner on a terminal): it ends with the command, before an error is printed.
        CommandLine.IExecutionStrategy checked = new OptionChecks(env, new CommandLine.RunLast());
        cl.setExecutionStrategy(parseResult -> {
            try {
                return checked.execute(parseResult);
            } finally {
                for (CommandLine.ParseResult p = parseResult; p != null; p = p.hasSubcommand() ? p.subcommand() : null) {
                    if (p.commandSpec().userObject() instanceof BaseCommand b && b.output != null) b.output.close();
                }
            }
        });
        ErrorHandler handler = new ErrorHandler(root);
        cl.setExecutionExceptionHandler(handler);
        cl.setParameterExceptionHandler(handler);
        cl.setExitCodeExceptionMapper(handler);
        return cl;
    }
}
