package dev.workshop.cli;

import java.io.IOException;
import org.jline.terminal.Terminal;
import org.jline.terminal.TerminalBuilder;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;

@Command(name = "shell", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {"An interactive session with the same commands: Tab completes commands, options, lab names and your id;",
                "history is kept in the workshop home; --id, --profile, --region and --shared-table are remembered once given (see the prompt)",
                "and added to later commands; Ctrl-C stops the running command; Ctrl-D or 'exit' leaves.",
                "On the local target a session that starts DynamoDB Local keeps it running, so commands start at once;",
                "one that finds it started by another command uses it only while one of its own commands runs."},
        footer = {"", "Examples:", "  workshop shell --id alice", "  workshop shell --profile ws --id alice",
                "", "Inside: 'no-joins' runs lab 1 for the remembered id; 'forget id' clears it; 'guide abac' reads a guide."})
final class ShellCommand extends BaseCommand {
    @Mixin
    AttendeeOptions attendee;

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() throws IOException {
        Env env = env();
        if (attendee.id != null) AttendeeOptions.parse(attendee.id, "workshop shell"); // an invalid id fails here, not in every command
        String shared = spec.commandLine().getParseResult().hasMatchedOption("--shared-table") ? target.sharedTable() : null;
        Shell.Start start = new Shell.Start(attendee.id, target.profile, target.region, shared, target.selection(env));
        // Inside the shell a command is typed as "status ..." or "workshop status ...", never "./workshop status ...":
        // fixes and hints printed there say workshop.
        dev.workshop.console.Invocation.set(null);
        // Without a terminal (input piped in) JLine reads plain lines, so 'printf "status\n" | workshop shell' works too.
        try (Terminal terminal = TerminalBuilder.builder().name("workshop").system(true).dumb(true).build()) {
            return new Shell(terminal, env, (out, err) -> Workshop.commandLine(out, err, env.withColumns(terminal.getWidth()))).run(start);
        }
    }
}
