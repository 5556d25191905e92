package dev.workshop.cli;

import dev.workshop.WorkshopException;
import dev.workshop.console.Console;
import dev.workshop.console.Table;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.Tables;
import dev.workshop.target.Principal;
import dev.workshop.target.Target;
import dev.workshop.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeSet;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@Command(name = "roster", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {"Facilitator: one row per attendee with their tables, items, labs done and last activity.",
                "Attendees come from --ids / --ids-file, or else from the personal tables ws-att-* on the target."})
final class RosterCommand extends BaseCommand {
    @Option(names = "--ids", split = ",", paramLabel = "ID,ID", description = "Only these attendees.")
    List<String> ids;

    @Option(names = "--ids-file", paramLabel = "FILE", description = "A roster, one attendee id per line.")
    Path idsFile;

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() throws Exception {
        Console console = console();
        List<AttendeeId> given = given(); // a bad id or an unreadable file is refused before anything starts
        try (Target t = target.open(env(), output)) {
            console.say(t.describe());
            Workspace ws = new Workspace(t, target.sharedTable(), env().clock());
            ws.checkOneDatabase(given.isEmpty() ? Workspace.PROBE : given.get(0));
            List<AttendeeId> roster = given.isEmpty() ? discovered(t) : given;
            if (roster.isEmpty()) {
                console.say("No attendees found (no ws-att-* tables on this target).");
                console.say("Bootstrap some: workshop bootstrap --ids-file <roster.txt>");
                return ExitCode.OK;
            }
            ExecutorService pool = Executors.newFixedThreadPool(Math.min(8, roster.size()));
            try {
                List<Future<Workspace.Status>> rows = new ArrayList<>();
                for (AttendeeId id : roster) rows.add(pool.submit(() -> ws.status(id)));
                Table table = new Table("attendee", "personal table", "items", "labs passed", "labs", "last activity").right(2, 3);
                List<String> unready = new ArrayList<>();
                for (int i = 0; i < roster.size(); i++) {
                    Workspace.Status s = rows.get(i).get();
                    int passed = 0;
                    List<String> labs = new ArrayList<>();
                    String last = "";
                    for (Map<String, AttributeValue> p : s.progress()) {
                        String lab = p.get("Lab").s();
                        String result = p.get("Result").s();
                        if ("PASSED".equals(result)) passed++;
                        labs.add(lab + ("PASSED".equals(result) ? "" : " (" + result.toLowerCase() + ")"));
                        String at = p.containsKey("At") ? p.get("At").s() : "";
                        if (at.compareTo(last) > 0) last = at;
                    }
                    String items = s.namespaceItems() == 0 ? "0" : s.seed() == Workspace.Seed.COMPLETE ? Integer.toString(s.namespaceItems())
                            : s.namespaceItems() + (s.seed() == Workspace.Seed.INCOMPLETE ? " (seed incomplete)" : " (old seed)");
                    if (s.seed() != Workspace.Seed.COMPLETE) unready.add(roster.get(i).value());
                    table.row(roster.get(i), s.personal().exists() ? s.personal().status() : "missing", items,
                            passed + "/5", String.join(", ", labs), last.isEmpty() ? "-" : last.replace('T', ' ').replaceFirst("\\.\\d+Z$", "Z"));
                }
                console.table(table);
                if (ws.tagsUnsupported()) console.say(Workspace.TAGS_NOTE);
                if (!unready.isEmpty()) {
                    console.warn(unready.size() + " attendee(s) without a complete seed of the sample data (an interrupted or missing bootstrap)."
                            + "  fix: workshop bootstrap --ids " + String.join(",", unready));
                }
            } finally {
                pool.shutdownNow();
            }
            return ExitCode.OK;
        }
    }

    /** The attendees named by --ids and --ids-file, checked; empty when neither is given. */
    private List<AttendeeId> given() {
        TreeSet<String> raw = new TreeSet<>();
        if (ids != null) ids.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(raw::add);
        if (idsFile != null) {
            try {
                for (String line : Files.readAllLines(idsFile)) {
                    String s = line.trim();
                    if (!s.isEmpty() && !s.startsWith("#")) raw.add(s);
                }
            } catch (IOException e) {
                throw WorkshopException.usage("Cannot read the roster " + idsFile + ": " + dev.workshop.IoErrors.describe(e) + ".",
                        "workshop roster --ids-file <a file with one attendee id per line>");
            }
            if (raw.isEmpty() && (ids == null || ids.isEmpty())) {
                throw WorkshopException.usage("The roster " + idsFile + " names no attendee (only blank lines and # comments).",
                        "add one attendee id per line, or run: workshop roster   (every ws-att-* table on the target)");
            }
        }
        List<AttendeeId> out = new ArrayList<>();
        for (String s : raw) {
            if (ids != null && ids.contains(s)) {
                out.add(AttendeeOptions.parse(s, "workshop roster", "--ids"));
            } else {
                try {
                    out.add(AttendeeId.of(s));
                } catch (AttendeeId.InvalidAttendeeIdException e) {
                    throw WorkshopException.usage("In the roster " + idsFile + ": " + e.getMessage(),
                            "correct that line of " + idsFile + ", then run the same command again");
                }
            }
        }
        return out;
    }

    /** Every attendee with a personal table on the target. */
    private static List<AttendeeId> discovered(Target t) {
        TreeSet<String> raw = new TreeSet<>();
        for (String name : t.dynamo(Principal.admin()).listTablesPaginator().tableNames()) {
            AttendeeId owner = Tables.ownerOfPersonalTable(name);
            if (owner != null) raw.add(owner.value());
        }
        return raw.stream().map(AttendeeId::of).toList();
    }
}
