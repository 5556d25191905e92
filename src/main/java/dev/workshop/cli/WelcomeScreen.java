package dev.workshop.cli;

import dev.workshop.console.Console;
import dev.workshop.console.Table;
import dev.workshop.labs.Syllabus;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.KeyDesign;
import dev.workshop.model.Tables;
import dev.workshop.target.Principal;
import dev.workshop.target.Target;
import dev.workshop.target.TargetFactory;
import dev.workshop.workspace.Workspace;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;

/**
 * Where the attendee stands: the target, who they are (if known), the five labs with their progress, and the one
 * command to run next. Shown by {@code workshop} on a terminal and when the shell starts. It never fails: what it
 * cannot find out is shown as unknown, with the fix.
 */
final class WelcomeScreen {
    record Who(String id, String source) {}

    private static final String THIS_SESSION = "this session";
    private static final String FROM_ENV = "from ATTENDEE_ID";

    private final Env env;
    private final Console console;
    private final boolean inShell;

    WelcomeScreen(Env env, Console console, boolean inShell) {
        this.env = env;
        this.console = console;
        this.inShell = inShell;
    }

    /** The bare {@code workshop} command on a terminal: the target chosen as for any command without options, the default shared table. */
    static void forRoot(Workshop root, picocli.CommandLine cl) {
        Env env = root.env();
        Console console = new Console(cl.getOut(), cl.getErr(), env.terminal() && env.var("NO_COLOR") == null, env.terminal(), env.width(), env.wraps());
        new WelcomeScreen(env, console, false).show(TargetOptions.defaultSelection(env),
                null, Tables.DEFAULT_SHARED, null);
    }

    /** Opens the target itself (and closes it) when {@code open} is null. */
    /** @return the attendee id the screen speaks to (its "Next:" command uses it), or null when it knows none */
    String show(TargetFactory.Selection selection, Target open, String sharedTable, String sessionId) {
        console.say(console.bold("Workshop: multi-tenant DynamoDB design") + console.dim("  (" + Syllabus.NAMES.size() + " labs, about two hours)"));
        Target t = open;
        boolean close = false;
        if (t == null) {
            try {
                try (dev.workshop.console.Waiting waiting = new dev.workshop.console.Waiting(console, "Opening the target")) {
                    t = env.targets().open(selection, waiting::say);
                }
                close = true;
            } catch (RuntimeException e) {
                problem("Cannot open the target", e);
            }
        }
        try {
            if (t != null) console.say(t.describe());
            Who who = who(t, sessionId);
            body(t, who, sharedTable);
            return who == null ? null : who.id();
        } finally {
            if (close) t.close();
        }
    }

    private void body(Target t, Who who, String sharedTable) {
        if (who == null) {
            console.say("Attendee: not set yet. Choose an id: lower-case letters, digits and inner hyphens (e.g. your GitHub handle).");
        } else {
            console.say("Attendee: " + console.bold(who.id()) + console.dim("  (" + who.source() + ")"));
        }
        Map<String, LabProgress> progress = null;
        Boolean ready = null;
        if (who != null && t != null) {
            try {
                AttendeeId id = AttendeeId.of(who.id());
                progress = progress(t, sharedTable, id);
                ready = new Workspace(t, sharedTable, env.clock()).isReady(id);
            } catch (RuntimeException e) {
                problem("Cannot read your progress", e);
            }
        }

        Table labs = new Table("#", "lab", "progress", "");
        String next = null;
        Integer nextFrom = null;
        for (Syllabus.Entry e : Syllabus.entries()) {
            String state;
            LabProgress p = progress == null ? null : progress.get(e.name());
            if (!e.available()) state = "coming";
            else if (progress == null) state = who == null ? "not yet" : "?";
            else state = switch (p == null ? "" : p.result()) {
                case "PASSED" -> "✔ done";
                // ran to the end without a failed check, but this machine could not show one of them (hot-partitions)
                case "NOT_SHOWN" -> "✔ done (not all shown here)";
                case "FAILED" -> "✘ checks failed";
                case "PARTIAL" -> p.through() > 0 ? "started (steps 1-" + p.through() + " done)" : "started";
                default -> "not yet";
            };
            if (next == null && e.available() && !state.startsWith("✔ done")) {
                next = e.name();
                // A lab stopped half-way continues where it stopped.
                if (p != null && "PARTIAL".equals(p.result()) && p.through() > 0) nextFrom = p.through() + 1;
            }
            labs.row(e.number(), e.name(), state, e.summary());
        }
        console.heading("Labs");
        console.table(labs);
        console.blank();

        String id = who == null ? "<your-id>" : who.id();
        String suggestion;
        if (who == null || Boolean.FALSE.equals(ready)) {
            suggestion = command("bootstrap", who, id);
        } else if (next != null) {
            suggestion = command(next, who, id) + (nextFrom == null ? "" : " --from " + nextFrom);
        } else if (Syllabus.entries().stream().allMatch(Syllabus.Entry::available)) {
            console.ok("Every lab done. When the workshop is over, remove your tables and items:");
            suggestion = command("cleanup", who, id);
        } else {
            console.ok("Every lab in this build is done; the others are coming.");
            suggestion = command("status", who, id);
        }
        console.say("Next: " + console.bold(suggestion));
        console.say(console.dim(inShell
                ? "Tab completes commands, options, labs and ids; 'guide LAB' reads a lab's guide; Ctrl-C stops a command; Ctrl-D leaves."
                : "Also: workshop guide LAB (read a lab's guide) · workshop shell (completion, history) · workshop --help"));
    }

    /** What to type: in the shell the session's id (or ATTENDEE_ID) is supplied already, so it is left out. */
    private String command(String name, Who who, String id) {
        boolean implicit = inShell && who != null && (who.source().equals(THIS_SESSION) || who.source().equals(FROM_ENV));
        String c = name + (implicit ? "" : " --id " + id);
        return inShell ? c : "workshop " + c;
    }

    private Who who(Target t, String sessionId) {
        if (sessionId != null) return new Who(sessionId, THIS_SESSION);
        String fromEnv = env.var("ATTENDEE_ID");
        if (fromEnv != null && AttendeeId.isValid(fromEnv)) return new Who(fromEnv, FROM_ENV);
        var login = dev.workshop.target.aws.RememberedLogin.load(env.workshopHome()).map(r -> r.id())
                .filter(AttendeeId::isValid);
        if (login.isPresent()) return new Who(login.get(), "from workshop login");
        var last = new KnownIds(env.workshopHome()).last();
        if (last.isPresent()) return new Who(last.get(), "remembered from your last session");
        if (t != null && t.kind() == Target.Kind.LOCAL) {
            try {
                List<String> owners = KnownIds.personalTables(t);
                if (owners.size() == 1) return new Who(owners.get(0), "owner of the only personal table here");
            } catch (RuntimeException e) {
                // unknown: the screen says so below
            }
        }
        return null;
    }

    /** A lab's recorded result (PASSED, NOT_SHOWN, FAILED, PARTIAL) and the last step done without a gap since step 1. */
    record LabProgress(String result, int through) {}

    /** Lab name to its progress, from the records the lab runner writes. */
    static Map<String, LabProgress> progress(Target t, String sharedTable, AttendeeId id) {
        Map<String, LabProgress> out = new HashMap<>();
        try {
            List<Map<String, AttributeValue>> items = t.dynamo(Principal.attendee(id)).query(QueryRequest.builder()
                    .tableName(sharedTable).keyConditionExpression("#p = :p")
                    .expressionAttributeNames(Map.of("#p", Tables.PK))
                    .expressionAttributeValues(Map.of(":p", KeyDesign.s(KeyDesign.progressPk(id)))).build()).items();
            for (Map<String, AttributeValue> item : items) {
                AttributeValue lab = item.get("Lab");
                AttributeValue result = item.get("Result");
                AttributeValue through = item.get("Through");
                if (lab != null && result != null) {
                    out.put(lab.s(), new LabProgress(result.s(), through == null ? 0 : Integer.parseInt(through.n())));
                }
            }
        } catch (ResourceNotFoundException e) {
            // no shared table yet: nothing done
        }
        return out;
    }

    private void problem(String what, RuntimeException e) {
        ErrorHandler.Failure f = ErrorHandler.classify(e);
        console.warn(what + ": " + f.message());
        if (f.fix() != null) console.warn(ErrorHandler.fixLine(f.fix()).strip());
    }
}
