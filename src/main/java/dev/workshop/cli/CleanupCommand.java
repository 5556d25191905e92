package dev.workshop.cli;

import dev.workshop.WorkshopException;
import dev.workshop.console.Console;
import dev.workshop.console.Plural;
import dev.workshop.console.Progress;
import dev.workshop.console.Waiting;
import java.util.List;
import dev.workshop.model.AttendeeId;
import dev.workshop.target.Principal;
import dev.workshop.target.Target;
import dev.workshop.workspace.BatchWriter;
import dev.workshop.workspace.Workspace;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "cleanup", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {"Delete your personal table ws-att-ID and every item of your ATT#ID# namespace (found by key, never by Scan).",
                "Safe to run again. Facilitators: --all removes every workshop table and every ATT# item."},
        footer = {"", "Examples:", "  workshop cleanup --id alice", "  workshop cleanup --all --yes --delete-shared"})
final class CleanupCommand extends BaseCommand {
    @Mixin
    AttendeeOptions attendee;

    @Option(names = "--all", description = "Facilitator: every table tagged for the workshop and every ATT# item of the shared table.")
    boolean all;

    @Option(names = "--delete-shared", description = "With --all: also delete the shared table itself.")
    boolean deleteShared;

    @Option(names = {"-y", "--yes"}, description = "With --all: do not ask for confirmation.")
    boolean yes;

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() {
        if (all && attendee.id != null) {
            throw WorkshopException.usage("--all and --id exclude each other.", "workshop cleanup --id <id>   or   workshop cleanup --all");
        }
        if (deleteShared && !all) {
            throw WorkshopException.usage("--delete-shared only goes with --all.", "workshop cleanup --all --delete-shared");
        }
        AttendeeId id = all ? null : attendee.attendee(env());
        // Without a terminal to ask on, say so before anything is opened or counted.
        if (all && !yes && !canAsk()) {
            throw WorkshopException.usage("cleanup --all deletes every attendee's data and needs confirmation, but there is no terminal to ask on.",
                    "workshop cleanup --all --yes");
        }
        Console console = console();
        try (Target t = target.open(env(), output)) {
            console.say(t.describe());
            Workspace ws = new Workspace(t, target.sharedTable(), env().clock());
            ws.checkOneDatabase(all ? Workspace.PROBE : id);
            if (all) {
                try {
                    return all(t, ws, console);
                } finally {
                    if (ws.tagsUnsupported()) console.say(Workspace.TAGS_NOTE);
                }
            }
            BatchWriter writer = new BatchWriter(t.dynamoAsync(Principal.attendee(id)), BootstrapCommand.IN_FLIGHT);
            Workspace.CleanupResult r;
            try (Waiting w = new Waiting(console, "Deleting " + id.personalTable() + " and the items of " + id.prefix())) {
                r = ws.cleanup(id, writer);
            }
            if (r.tableDeleted()) console.ok("deleted personal table " + id.personalTable());
            else console.skip("personal table " + id.personalTable() + " does not exist");
            if (r.scratchDeleted()) console.ok("deleted lab 5's scratch table " + id.scratchTable());
            if (r.itemsDeleted() > 0) console.ok("deleted " + r.itemsDeleted() + " items from namespace " + id.prefix());
            else console.skip("namespace " + id.prefix() + " is already empty");
            return ExitCode.OK;
        }
    }

    private boolean canAsk() {
        return env().terminal() && System.console() != null;
    }

    /** Counts first, tells the facilitator exactly what goes, asks, then purges with progress. */
    private int all(Target t, Workspace ws, Console console) {
        Workspace.CleanupAllPlan plan;
        try (Waiting w = new Waiting(console, "Counting workshop tables and ATT# items")) {
            plan = ws.planCleanupAll();
        }
        if (plan.empty()) {
            console.skip("nothing to clean up: no workshop tables, and no shared table " + ws.sharedTable());
            return ExitCode.OK;
        }
        console.say("This deletes " + Plural.of(plan.tables().size(), "personal table")
                + (plan.tables().isEmpty() ? "" : " (" + String.join(", ", plan.tables()) + ")")
                + " and " + Plural.of(plan.itemKeys().size(), "item") + " of " + Plural.of(plan.attendees().size(), "attendee")
                + " from " + ws.sharedTable()
                + (deleteShared && plan.sharedExists() ? ", then the shared table " + ws.sharedTable() + " itself" : "") + ".");
        if (!yes) confirm(console);
        long total = plan.tables().size() + plan.itemKeys().size();
        Workspace.CleanupAllResult r;
        try (Progress p = new Progress(console, "Cleaning up", total)) {
            BatchWriter writer = new BatchWriter(t.dynamoAsync(Principal.admin()), BootstrapCommand.IN_FLIGHT);
            r = ws.cleanupAll(plan, deleteShared, writer, p);
        }
        List<String> personal = r.tablesDeleted().stream().filter(n -> !n.equals(ws.sharedTable())).toList();
        console.ok("deleted " + Plural.of(personal.size(), "personal table") + (personal.isEmpty() ? "" : ": " + String.join(", ", personal)));
        if (r.sharedDeleted()) console.ok("deleted the shared table " + ws.sharedTable() + " with its " + Plural.of(plan.itemKeys().size(), "item"));
        else console.ok("deleted " + Plural.of(r.itemsDeleted(), "ATT# item") + " from " + ws.sharedTable());
        return ExitCode.OK;
    }

    private void confirm(Console console) {
        console.err().print("Type 'delete' to go on (anything else stops here): ");
        console.err().flush();
        String answer = console.typing(Keyboard::lineOrEnd);
        if (answer == null || !answer.trim().equals("delete")) {
            throw WorkshopException.usage("Not confirmed; nothing was deleted.", "workshop cleanup --all --yes");
        }
    }
}
