package dev.workshop.cli;

import dev.workshop.WorkshopException;
import dev.workshop.console.Console;
import dev.workshop.console.Progress;
import dev.workshop.console.Table;
import dev.workshop.model.AttendeeId;
import dev.workshop.target.Principal;
import dev.workshop.target.Target;
import dev.workshop.workspace.BatchWriter;
import dev.workshop.workspace.RoomSizing;
import dev.workshop.workspace.Workspace;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.Semaphore;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

@Command(name = "bootstrap", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {"Create your personal table ws-att-ID (tagged Owner=ID) and seed your ATT#ID# namespace in the shared table.",
                "Safe to run again: what already exists is reported and kept."},
        footer = {"", "Examples:", "  workshop bootstrap --id alice", "  workshop bootstrap --ids-file roster.txt --profile ws-admin --create-shared"})
final class BootstrapCommand extends BaseCommand {
    static final int IN_FLIGHT = BatchWriter.COMMAND_IN_FLIGHT;

    @Mixin
    AttendeeOptions attendee;

    @Option(names = "--ids", split = ",", paramLabel = "ID,ID", description = "Facilitator: several attendees, comma separated.")
    List<String> ids;

    @Option(names = "--ids-file", paramLabel = "FILE", description = "Facilitator: a roster, one attendee id per line (lines starting with '#' are comments).")
    Path idsFile;

    @Option(names = "--create-shared", description = "Facilitator: create the shared table if it is missing (always done on the local target).")
    boolean createShared;

    @dev.workshop.Range(min = 1, max = BatchWriter.MAX_ATTENDEES_AT_ONCE, unit = "attendees at once", why = "they share " + IN_FLIGHT + " requests in flight anyway")
    @Option(names = "--parallel", paramLabel = "N", defaultValue = "" + BatchWriter.ATTENDEES_AT_ONCE,
            description = "Attendees bootstrapped at once (default: the whole roster, up to ${DEFAULT-VALUE}).")
    int parallel;

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() {
        List<AttendeeId> roster = roster();
        Console console = console();
        try (Target t = target.open(env(), output)) {
            console.say(t.describe());
            Workspace ws = new Workspace(t, target.sharedTable(), env().clock());
            ws.checkOneDatabase(roster.get(0));
            prepareShared(ws, t, RoomSizing.of(roster.size()), console);
            // A fresh engine shows the split only now that the facilitator's key holds a table.
            ws.checkOneDatabase(roster.get(0));
            try {
                return roster.size() == 1 ? single(ws, roster.get(0), console) : many(ws, roster, console);
            } finally {
                if (ws.tagsUnsupported()) console.say(Workspace.TAGS_NOTE);
            }
        }
    }

    private void prepareShared(Workspace ws, Target t, RoomSizing room, Console console) {
        if (t.kind() == Target.Kind.LOCAL || t.kind() == Target.Kind.ENDPOINT || createShared) {
            if (ws.ensureSharedTable(console, room)) console.ok("created shared table " + ws.sharedTable());
            return;
        }
        if (ws.describe(ws.sharedTable(), Principal.admin()).isEmpty()) {
            throw WorkshopException.failed("The shared table " + ws.sharedTable() + " does not exist on this target; "
                    + "the facilitator creates it once for the whole workshop.",
                    "ask your facilitator, or (facilitator) run: workshop bootstrap --create-shared --id <id>");
        }
    }

    private int single(Workspace ws, AttendeeId id, Console console) {
        Workspace.BootstrapResult r;
        try (Progress p = new Progress(console, "Seeding " + id.prefix(), Workspace.seedSize(id))) {
            BatchWriter writer = new BatchWriter(ws.target().dynamoAsync(Principal.attendee(id)), IN_FLIGHT)
                    .onThrottled(n -> p.detail("throttled retries " + n + " (DynamoDB is busy; backing off)"));
            r = ws.bootstrap(id, writer, p);
        }
        report(console, r, ws.tagsUnsupported());
        console.say("Next: workshop status --id " + id);
        return ExitCode.OK;
    }

    private static void report(Console console, Workspace.BootstrapResult r, boolean noTags) {
        String table = r.id().personalTable();
        if (r.tableCreated()) console.ok("created personal table " + table + (noTags ? "" : " (tags Owner=" + r.id() + ", Workshop)"));
        else console.skip("personal table " + table + " already exists" + (r.tagsRepaired() ? "; its missing tags were added" : ""));
        if (r.seeded()) console.ok("seeded " + r.items() + " items in namespace " + r.id().prefix());
        else console.skip("namespace " + r.id().prefix() + " already seeded (" + r.items() + " items and the seed marker)");
    }

    private int many(Workspace ws, List<AttendeeId> roster, Console console) {
        long total = roster.stream().mapToLong(Workspace::seedSize).sum();
        Semaphore budget = BatchWriter.commandBudget();
        Map<AttendeeId, Object> outcome = new LinkedHashMap<>();
        Map<AttendeeId, Long> throttled = new java.util.concurrent.ConcurrentHashMap<>();
        int atOnce = Math.max(1, Math.min(parallel, roster.size()));
        ExecutorService pool = Executors.newFixedThreadPool(atOnce);
        try (Progress p = new Progress(console, "Bootstrapping " + roster.size() + " attendees", total)) {
            Map<AttendeeId, Future<Workspace.BootstrapResult>> futures = new LinkedHashMap<>();
            for (AttendeeId id : roster) {
                BatchWriter writer = new BatchWriter(ws.target().dynamoAsync(Principal.attendee(id)), budget)
                        .atMostInFlight(BatchWriter.perWriter(atOnce)).onThrottled(n -> {
                    throttled.put(id, n);
                    p.detail(throttledDetail(throttled));
                });
                futures.put(id, pool.submit(() -> ws.bootstrap(id, writer, p)));
            }
            for (var e : futures.entrySet()) {
                try {
                    outcome.put(e.getKey(), e.getValue().get());
                } catch (java.util.concurrent.ExecutionException ex) {
                    outcome.put(e.getKey(), ErrorHandler.classify(ex.getCause()).message());
                } catch (InterruptedException ex) {
                    Thread.currentThread().interrupt();
                    throw WorkshopException.failed("Interrupted; attendees already done stay done.", "run the same command again");
                }
            }
        } finally {
            pool.shutdownNow();
        }
        Table table = new Table("attendee", "personal table", "namespace", "throttled retries", "result").right(3);
        List<String> failed = new ArrayList<>();
        for (var e : outcome.entrySet()) {
            if (e.getValue() instanceof Workspace.BootstrapResult r) {
                table.row(r.id(), r.tableCreated() ? "created" : "existed", r.seeded() ? r.items() + " items seeded" : "already seeded",
                        throttled.getOrDefault(r.id(), 0L), "ok");
            } else {
                failed.add(e.getKey().value());
                table.row(e.getKey(), "?", "?", throttled.getOrDefault(e.getKey(), 0L), "FAILED: " + e.getValue());
            }
        }
        console.table(table);
        if (!failed.isEmpty()) {
            throw WorkshopException.failed(failed.size() + " of " + roster.size() + " attendees failed: " + String.join(", ", failed),
                    "workshop bootstrap --ids " + String.join(",", failed) + "   (the others are done and are kept)");
        }
        console.ok(roster.size() + " attendees ready");
        return ExitCode.OK;
    }

    /** "throttled retries 57 (alice 12, bob 9, carol 4, ...)": who is waiting on DynamoDB, as it happens. */
    static String throttledDetail(Map<AttendeeId, Long> byAttendee) {
        long total = byAttendee.values().stream().mapToLong(Long::longValue).sum();
        List<Map.Entry<AttendeeId, Long>> top = byAttendee.entrySet().stream()
                .sorted(Map.Entry.<AttendeeId, Long>comparingByValue().reversed()).limit(3).toList();
        StringBuilder b = new StringBuilder("throttled retries ").append(total).append(" (");
        for (int i = 0; i < top.size(); i++) b.append(i == 0 ? "" : ", ").append(top.get(i).getKey()).append(' ').append(top.get(i).getValue());
        return b.append(byAttendee.size() > 3 ? ", ...)" : ")").toString();
    }

    private List<AttendeeId> roster() {
        Set<String> raw = new LinkedHashSet<>();
        List<String> bad = new ArrayList<>();
        if (ids != null) ids.stream().map(String::trim).filter(s -> !s.isEmpty()).forEach(raw::add);
        if (idsFile != null) {
            List<String> lines;
            try {
                lines = Files.readAllLines(idsFile);
            } catch (IOException e) {
                throw WorkshopException.usage("Cannot read the roster " + idsFile + ": " + dev.workshop.IoErrors.describe(e) + ".",
                        "workshop bootstrap --ids-file <path to a file with one id per line>");
            }
            for (int i = 0; i < lines.size(); i++) {
                String line = lines.get(i).trim();
                if (line.isEmpty() || line.startsWith("#")) continue;
                if (!AttendeeId.isValid(line)) bad.add(idsFile.getFileName() + ":" + (i + 1) + " '" + line + "'");
                raw.add(line);
            }
        }
        if (raw.isEmpty()) return List.of(attendee.attendee(env()));
        if (attendee.id != null) raw.add(attendee.id);
        for (String s : raw) if (!AttendeeId.isValid(s) && bad.stream().noneMatch(b -> b.endsWith("'" + s + "'"))) bad.add("'" + s + "'");
        if (!bad.isEmpty()) {
            throw WorkshopException.usage("Invalid attendee ids (nothing was written): " + String.join(", ", bad)
                    + ". An id is " + AttendeeId.RULE + ".", "fix the roster, then run the same command again");
        }
        return raw.stream().map(AttendeeId::of).toList();
    }
}
