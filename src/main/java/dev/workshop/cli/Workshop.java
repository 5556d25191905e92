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
        Workshop root = new Workshop(env);
        CommandLine cl = new CommandLine(root);
        // In the order an attendee meets them, then the facilitator's: help lists them so.
        cl.addSubcommand(LoginCommand.class);
        cl.addSubcommand(BootstrapCommand.class);
        for (dev.workshop.labs.Lab lab : dev.workshop.labs.Labs.all()) cl.addSubcommand(lab.name(), LabCommand.create(lab));
        for (Class<?> c : List.of(StatusCommand.class, MetricsCommand.class, CleanupCommand.class, ShellCommand.class,
                GuideCommand.class, LogoutCommand.class, RosterCommand.class, SetupCommand.class, VouchersCommand.class, PolicyCommand.class, LocalCommand.class, CompletionCommand.class,
                CommandLine.HelpCommand.class)) {
            cl.addSubcommand(c);
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
