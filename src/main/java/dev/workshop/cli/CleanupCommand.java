package dev.workshop.cli;

import dev.workshop.WorkshopException;
import dev.workshop.console.Console;
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
        if (all && !yes) confirm();
        Console console = console();
        try (Target t = target.open(env(), output)) {
            console.line(t.describe());
            Workspace ws = new Workspace(t, target.sharedTable(), env().clock());
            ws.checkOneDatabase(all ? Workspace.PROBE : id);
            if (all) {
                BatchWriter writer = new BatchWriter(t.dynamoAsync(Principal.admin()), BootstrapCommand.IN_FLIGHT);
                Workspace.CleanupAllResult r = ws.cleanupAll(deleteShared, writer, console);
                console.ok("deleted " + r.tablesDeleted().size() + " tables" + (r.tablesDeleted().isEmpty() ? "" : ": " + String.join(", ", r.tablesDeleted())));
                if (!r.sharedDeleted()) console.ok("deleted " + r.itemsDeleted() + " ATT# items from " + ws.sharedTable());
                if (ws.tagsUnsupported()) console.line(Workspace.TAGS_NOTE);
                return ExitCode.OK;
            }
            BatchWriter writer = new BatchWriter(t.dynamoAsync(Principal.attendee(id)), BootstrapCommand.IN_FLIGHT);
            Workspace.CleanupResult r = ws.cleanup(id, writer);
            if (r.tableDeleted()) console.ok("deleted personal table " + id.personalTable());
            else console.skip("personal table " + id.personalTable() + " does not exist");
            if (r.itemsDeleted() > 0) console.ok("deleted " + r.itemsDeleted() + " items from namespace " + id.prefix());
            else console.skip("namespace " + id.prefix() + " is already empty");
            return ExitCode.OK;
        }
    }

    private void confirm() {
        if (!env().terminal() || System.console() == null) {
            throw WorkshopException.usage("cleanup --all deletes every attendee's data and needs confirmation, but there is no terminal to ask on.",
                    "workshop cleanup --all --yes");
        }
        String answer = System.console().readLine("This deletes every workshop table%s and every ATT# item. Type 'delete' to go on: ",
                deleteShared ? " including the shared table" : "");
        if (answer == null || !answer.trim().equals("delete")) {
            throw WorkshopException.usage("Not confirmed; nothing was deleted.", "workshop cleanup --all --yes");
        }
    }
}
