package dev.workshop.cli;

import dev.workshop.WorkshopException;
import dev.workshop.console.Console;
import dev.workshop.console.Table;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.Tables;
import dev.workshop.target.Target;
import dev.workshop.workspace.Workspace;
import java.util.Map;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;

@Command(name = "status", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {"Where you stand: target, identity, your tables, your items, your lab progress.",
                "Also diagnoses the usual problems (expired SSO session, wrong profile, missing region, missing table or tag) and prints the fix.",
                "Exit code: 0 everything is in place, 1 a problem was found (each is printed with its fix), 2 invalid input, 3 credentials."})
final class StatusCommand extends BaseCommand {
    @Mixin
    AttendeeOptions attendee;

    @Mixin
    TargetOptions target;

    @Override
    public Integer call() {
        AttendeeId id = attendee.attendee(env());
        Console console = console();
        try (Target t = target.open(env(), output)) {
            console.say(t.describe());
            String why = target.selection(env()).reason();
            if (why != null) console.say("Target chosen by: " + why);
            Target.Identity who = t.identity();
            console.say("Identity: " + who.arn() + " (account " + who.account() + ", region " + who.region() + ")");
            int problems = 0;
            for (Target.Diagnosis d : t.diagnose()) {
                if (d.problem()) {
                    problems++;
                    console.warn(d.what() + (d.fix() == null ? "" : "  fix: " + d.fix()));
                } else {
                    console.say(d.what());
                }
            }
            Workspace ws = new Workspace(t, target.sharedTable(), env().clock());
            ws.checkOneDatabase(id);
            Workspace.Status s = ws.status(id);

            // ItemCount is DescribeTable's: exact on DynamoDB Local, about six hours old on AWS.
            Table tables = new Table("table", "exists", "status", t.kind() == Target.Kind.LOCAL ? "items" : "items (approx.)", "notes").right(3);
            tables.row(s.shared().name(), yes(s.shared().exists()), s.shared().status(), count(s.shared()),
                    s.shared().exists() ? s.shared().indexes().size() + " indexes" : "created by the facilitator (or by bootstrap on the local target)");
            String owner = s.personal().tags().get(Tables.OWNER_TAG_KEY);
            tables.row(s.personal().name(), yes(s.personal().exists()), s.personal().status(), count(s.personal()),
                    !s.personal().exists() ? "" : ws.tagsUnsupported() ? "(no tags on this endpoint)" : "Owner=" + (owner == null ? "(missing)" : owner));
            if (s.scratch().exists()) {
                // Lab 5 creates and deletes it; still here means the lab is running or was interrupted.
                tables.row(s.scratch().name(), yes(true), s.scratch().status(), count(s.scratch()),
                        "lab 5's scratch table; deleted at the lab's end or by: workshop cleanup --id " + id);
            }
            console.heading("Tables");
            console.table(tables);
            console.say("Items in your namespace " + id.prefix() + ": " + s.namespaceItems());

            if (!s.shared().exists()) {
                problems++;
                if (t.kind() == Target.Kind.AWS) {
                    // On AWS a missing shared table almost always means the wrong profile, account or region.
                    console.warn("The shared table " + s.shared().name() + " is missing in account " + who.account() + ", region "
                            + who.region() + ". If that is not the workshop's account and region, fix: workshop login --voucher <your voucher file>"
                            + " --force (or pass --profile and --region); if it is, the facilitator creates the table: workshop bootstrap --create-shared --id " + id);
                } else {
                    console.warn("The shared table " + s.shared().name() + " is missing.  fix: workshop bootstrap --id " + id);
                }
            }
            if (!s.personal().exists()) {
                problems++;
                console.warn("Your personal table " + s.personal().name() + " is missing.  fix: workshop bootstrap --id " + id);
            } else if (!ws.tagsUnsupported() && !id.value().equals(owner)) {
                problems++;
                console.warn("Your personal table is not tagged Owner=" + id + ", so the access policy will not let you use it."
                        + "  fix: workshop bootstrap --id " + id + "   (adds the missing tags)");
            }
            if (s.shared().exists() && s.namespaceItems() == 0) {
                problems++;
                console.warn("Your namespace " + id.prefix() + " is empty.  fix: workshop bootstrap --id " + id);
            } else if (s.shared().exists() && s.seed() == Workspace.Seed.INCOMPLETE) {
                problems++;
                console.warn("Your sample data is incomplete (" + s.namespaceItems() + " items; a full seed has "
                        + (Workspace.seedSize(id) + 1) + "): a bootstrap was interrupted.  fix: workshop bootstrap --id " + id
                        + "   (safe to run again)");
            } else if (s.shared().exists() && s.seed() == Workspace.Seed.OLDER_VERSION) {
                problems++;
                console.warn("Your sample data is from an older version of this tool; the labs' checks expect the new one."
                        + "  fix: workshop bootstrap --id " + id);
            }

            console.heading("Lab progress");
            if (s.progress().isEmpty()) {
                console.say("No lab finished yet. Start with: workshop no-joins --id " + id);
            } else {
                Table labs = new Table("lab", "result", "when", "");
                for (Map<String, AttributeValue> p : s.progress()) {
                    AttributeValue through = p.get("Through");
                    boolean stopped = "PARTIAL".equals(str(p, "Result")) && through != null && !"0".equals(through.n());
                    labs.row(str(p, "Lab"), str(p, "Result"), str(p, "At"), stopped
                            ? "steps 1-" + through.n() + " done; continue: workshop " + str(p, "Lab") + " --id " + id
                                    + " --from " + (Integer.parseInt(through.n()) + 1)
                            : "");
                }
                console.table(labs);
            }
            console.blank();
            if (ws.tagsUnsupported()) console.say(Workspace.TAGS_NOTE);
            if (problems == 0) {
                console.ok("Everything is in place.");
                return ExitCode.OK;
            }
            console.say(problems + " problem(s) found; each line above gives its fix.");
            // A script (or the facilitator's checklist) can tell "in place" from "needs a fix" by the exit code alone.
            return ExitCode.FAILED;
        } catch (WorkshopException e) {
            throw e;
        }
    }

    private static String yes(boolean b) {
        return b ? "yes" : "no";
    }

    private static String str(Map<String, AttributeValue> m, String k) {
        AttributeValue v = m.get(k);
        if (v == null) return "";
        return v.s() != null ? v.s() : v.n() != null ? v.n() : v.bool() != null ? v.bool().toString() : v.toString();
    }

    private static String count(Workspace.TableStatus t) {
        return t.itemCount() == null ? "" : Long.toString(t.itemCount());
    }
}
