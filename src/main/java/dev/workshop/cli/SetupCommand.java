package dev.workshop.cli;

import dev.workshop.WorkshopException;
import dev.workshop.access.AttendeePolicy;
import dev.workshop.access.CloudFormationTemplate;
import dev.workshop.console.Console;
import dev.workshop.target.Principal;
import dev.workshop.target.Target;
import dev.workshop.workspace.RoomSizing;
import dev.workshop.workspace.Workspace;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/** Facilitator: the shared table, and the attendee policy and CloudFormation template generated from the same sources. */
@Command(name = "setup", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {"Facilitator: create the shared table and print or write the attendee ABAC policy and a CloudFormation template.",
                "On the local target the shared table is always created; on AWS only with --create-table."},
        footer = {"", "Files written by --write DIR:",
                "  " + SetupCommand.POLICY_FILE + "   the attendee policy (attach it to the attendees' permission set)",
                "  " + SetupCommand.TEMPLATE_FILE + "         the shared table and the policy as a CloudFormation stack",
                "", "Examples:", "  workshop setup --write out/",
                "  workshop setup --profile ws-admin --create-table --attendees 150 --write out/",
                "  workshop setup --files-only --shared-table ws-shared-2024 --write out/"})
final class SetupCommand extends BaseCommand {
    static final String POLICY_FILE = "workshop-attendee-policy.json";
    static final String TEMPLATE_FILE = "workshop.template.json";

    @Option(names = "--create-table", description = "Create the shared table on AWS if it is missing (always done on the local target).")
    boolean createTable;

    @Option(names = "--write", paramLabel = "DIR", description = "Write " + POLICY_FILE + " and " + TEMPLATE_FILE + " into DIR (created if missing).")
    Path dir;

    @Option(names = "--attendees", paramLabel = "N", defaultValue = "30",
            description = "Size the shared table's warm throughput (and the template's defaults) for N attendees (default: ${DEFAULT-VALUE}).")
    int attendees;

    @Option(names = "--files-only", description = "Only print or write the policy and the template; touch no target (no credentials needed).")
    boolean filesOnly;

    @Mixin
    TargetOptions target;

    /** The policy file's content for a shared table (also what 'policy simulate' evaluates by default). */
    static String policyFile(String sharedTable) {
        return AttendeePolicy.json(sharedTable) + "\n";
    }

    @Override
    public Integer call() {
        Console console = console();
        String shared = target.sharedTable();
        if (filesOnly && createTable) {
            throw WorkshopException.usage("--files-only touches no target, so it cannot be combined with --create-table.",
                    "workshop setup --create-table --profile <admin profile>");
        }
        if (attendees < 1 || attendees > 10_000) {
            throw WorkshopException.usage("--attendees must be between 1 and 10000; got " + attendees + ".",
                    "workshop setup --attendees 150 --write out/");
        }
        RoomSizing room = RoomSizing.of(attendees);
        if (!filesOnly) {
            try (Target t = target.open(env(), output)) {
                console.say(t.describe());
                table(t, shared, room, console);
            }
        }
        console.say(room.costNote());
        if (dir != null) {
            write(dir.resolve(POLICY_FILE), policyFile(shared));
            write(dir.resolve(TEMPLATE_FILE), CloudFormationTemplate.json(shared, room));
            console.ok("wrote " + dir.resolve(POLICY_FILE) + " (attendee policy for " + shared + ")");
            console.ok("wrote " + dir.resolve(TEMPLATE_FILE) + " (shared table " + shared + " and the policy as managed policy "
                    + CloudFormationTemplate.POLICY_NAME + ")");
            console.say("Check the policy before the workshop: workshop policy simulate --policy " + dir.resolve(POLICY_FILE)
                    + " --shared-table " + shared + " --attendee alice --request GetItem --body <request.json>");
        } else {
            console.say("Attendee policy for " + shared + " (" + POLICY_FILE + "; --write DIR writes it and the CloudFormation template):");
            console.out().println(dev.workshop.console.Json.pretty(policyFile(shared), console.width()));
            console.out().flush();
        }
        return ExitCode.OK;
    }

    private void table(Target t, String shared, RoomSizing room, Console console) {
        Workspace ws = new Workspace(t, shared, env().clock());
        if (t.kind() != Target.Kind.AWS || createTable) {
            if (ws.ensureSharedTable(console, room)) console.ok("created shared table " + shared);
            else console.skip("shared table " + shared + " already exists");
            return;
        }
        if (ws.describe(shared, Principal.admin()).isPresent()) {
            console.skip("shared table " + shared + " already exists");
        } else {
            console.warn("shared table " + shared + " does not exist; nothing was created (on AWS the table is created only on request). "
                    + "Run: workshop setup --create-table" + (t.kind() == Target.Kind.AWS ? " --profile <admin profile>" : "")
                    + " --shared-table " + shared + ", or deploy " + TEMPLATE_FILE);
        }
    }

    private static void write(Path file, String content) {
        try {
            if (file.getParent() != null) Files.createDirectories(file.getParent());
            Files.writeString(file, content, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw WorkshopException.usage("Cannot write " + file + ": " + e.getMessage(), "workshop setup --write <a writable directory>");
        }
    }
}
