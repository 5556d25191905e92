package dev.workshop.cli;

import dev.workshop.WorkshopException;
import dev.workshop.console.Console;
import dev.workshop.console.Progress;
import dev.workshop.labs.Lab;
import dev.workshop.labs.LabContext;
import dev.workshop.labs.LabRunner;
import dev.workshop.model.AttendeeId;
import dev.workshop.target.Principal;
import dev.workshop.target.Target;
import dev.workshop.workspace.BatchWriter;
import dev.workshop.workspace.Workspace;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** One command per lab, built from the lab itself: the same options for all five, plus the lab's own. */
@Command(sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true)
final class LabCommand extends BaseCommand implements OptionChecks.Checked {
    private final Lab lab;

    @Mixin
    AttendeeOptions attendee;

    @Option(names = "--no-pause", description = "Run straight through without waiting for Enter between steps (automatic without a terminal).")
    boolean noPause;

    @Option(names = "--step", paramLabel = "N", description = "Run only step N.")
    Integer step;

    @Option(names = "--from", paramLabel = "N", description = "Start at step N and run to the end: continues a run that stopped (an expired SSO session, q at a pause).")
    Integer from;

    @Option(names = "--output", paramLabel = "FORMAT", defaultValue = "text", description = "text (default) or json: one JSON object per step result.")
    LabRunner.Output format;

    @Mixin
    TargetOptions target;

    LabCommand(Lab lab) {
        this.lab = lab;
    }

    static String[] description(Lab lab) {
        return new String[] {"Lab " + lab.number() + ": " + lab.summary(), "Guide: labs/" + lab.guideFile()};
    }

    static CommandLine create(Lab lab) {
        CommandLine cl = new CommandLine(new LabCommand(lab));
        cl.getCommandSpec().name(lab.name());
        cl.getCommandSpec().usageMessage().description(description(lab));
        cl.getCommandSpec().usageMessage().footer("", "Example:", "  workshop " + lab.name() + " --id alice");
        if (lab.options() != null) cl.addMixin("lab", lab.options());
        return cl;
    }

    @Override
    public void check(Env env, CommandLine.Model.CommandSpec command) {
        lab.checkOptions("workshop " + lab.name() + " --id " + attendee.attendee(env));
    }

    @Override
    public Integer call() throws Exception {
        AttendeeId id = attendee.attendee(env());
        LabRunner.checkStep(lab, lab.steps().size(), step, "--step", id);
        LabRunner.checkStep(lab, lab.steps().size(), from, "--from", id);
        if (step != null && lab.resumableFrom(step) != step) {
            int start = lab.resumableFrom(step);
            throw WorkshopException.usage("Step " + step + " of " + lab.name() + " uses what step " + start
                    + " measures in the same run, so it cannot run alone.",
                    ErrorHandler.resumeCommand(spec.commandLine().getParseResult().originalArgs(), start));
        }
        if (step != null && from != null) {
            throw WorkshopException.usage("--step runs one step and --from runs from a step to the end; give one of them.",
                    "workshop " + lab.name() + " --id " + id + " --from " + from);
        }
        Console console = console();
        if (!lab.needsTarget()) return run(null, id, console);
        try (Target t = target.open(env(), this.output)) {
            if (format == LabRunner.Output.JSON) console.info(t.describe());
            else console.say(t.describe());
            if (lab.needsWorkspace()) ensureWorkspace(t, id, console);
            return run(t, id, console);
        }
    }

    /** @param t null when the run talks to no DynamoDB (a simulation) */
    private int run(Target t, AttendeeId id, Console console) throws Exception {
        LabContext ctx = new LabContext(t, id, target.sharedTable(), console, env().clock());
        LabRunner.Pause pause = noPause || !env().terminal() || format == LabRunner.Output.JSON ? LabRunner.Pause.NONE : Pauses.terminal(console);
        LabRunner.Outcome outcome = LabRunner.run(lab, ctx, new LabRunner.Options(step, from, format, pause,
                k -> ErrorHandler.resumeCommand(spec.commandLine().getParseResult().originalArgs(), k)));
        return outcome.passed() ? ExitCode.OK : ExitCode.FAILED;
    }

    private void ensureWorkspace(Target t, AttendeeId id, Console console) {
        Workspace ws = new Workspace(t, target.sharedTable(), env().clock());
        ws.checkOneDatabase(id);
        if (ws.isReady(id)) return;
        if (t.kind() == Target.Kind.AWS) {
            throw WorkshopException.failed("Your workspace is not set up on this target (personal table or sample data missing, or sample data from an older version of this tool).",
                    "workshop bootstrap --id " + id);
        }
        console.info("Your workspace is not set up yet (or its sample data is from an older version), so this lab sets it up first (the same as: workshop bootstrap --id " + id + ").");
        ws.ensureSharedTable(console);
        try (Progress p = new Progress(console, "Seeding " + id.prefix(), Workspace.seedSize(id))) {
            ws.bootstrap(id, new BatchWriter(t.dynamoAsync(Principal.attendee(id)), BootstrapCommand.IN_FLIGHT), p);
        }
    }
}
