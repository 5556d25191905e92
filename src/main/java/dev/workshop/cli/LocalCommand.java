package dev.workshop.cli;

import dev.workshop.WorkshopException;
import dev.workshop.console.Console;
import dev.workshop.model.AttendeeId;
import dev.workshop.target.BackgroundServer;
import dev.workshop.target.LocalHome;
import dev.workshop.target.LoopbackTarget;
import dev.workshop.target.Principal;
import java.time.Duration;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;

/**
 * The local target's background server: where it is and how to reach it with other tools, and how to end it. Every
 * command on the local target starts it when it is not running, so {@code workshop local} is never a required step.
 */
@Command(name = "local", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        subcommands = {LocalCommand.Stop.class, LocalCommand.Serve.class, LocalCommand.WarmUp.class},
        description = {"The local DynamoDB that the labs use without an AWS account: starts it if it is not running and"
                + " prints its endpoint and the credentials to look at your data with the AWS CLI or NoSQL Workbench,"
                + " through the same gateway as the labs (throttling, access policy and metrics apply).",
                "It runs in the background for every workshop command and ends after "
                        + BackgroundServer.DEFAULT_IDLE_MINUTES + " idle minutes (" + BackgroundServer.IDLE_VARIABLE
                        + "; 0 runs it inside each command instead), or with: workshop local stop."})
final class LocalCommand extends BaseCommand {
    @Mixin
    AttendeeOptions attendee;

    @Override
    public Integer call() {
        Env env = env();
        Console console = console();
        BackgroundServer.Launch launch = BackgroundServer.Launch.fromThisProcess(env.variables());
        if (launch == null) {
            throw WorkshopException.usage(BackgroundServer.IDLE_VARIABLE + "=0: the local DynamoDB runs inside each command"
                    + " and ends with it, so there is no server to show.", "unset " + BackgroundServer.IDLE_VARIABLE
                    + "   (then workshop local starts one that other tools can use)");
        }
        // A lease starts the server when none runs (or restarts one of an earlier build); a running one costs nothing.
        String what = BackgroundServer.running(env.workshopHome()).isEmpty() ? "Starting the local DynamoDB" : "Connecting to the local DynamoDB";
        try (dev.workshop.console.Waiting waiting = new dev.workshop.console.Waiting(console, what);
             LocalHome.Lease lease = LocalHome.open(env.workshopHome(), waiting::say, launch)) {
            lease.endpoint();
        }
        BackgroundServer.Info info = BackgroundServer.running(env.workshopHome()).orElseThrow(() -> new WorkshopException(1,
                "The local DynamoDB ended as soon as it started.",
                "read " + LocalHome.localDir(env.workshopHome()).resolve("server.log") + ", then run workshop local again"));
        String since = DateTimeFormatter.ofPattern("HH:mm").withZone(ZoneId.systemDefault()).format(info.started());
        console.ok("The local DynamoDB is running (pid " + info.pid() + ", since " + since + ").");
        console.say("Endpoint: " + info.endpoint() + "   (region " + LoopbackTarget.LOCAL_REGION.id() + ")");
        console.say("Data:     " + LocalHome.dataDir(env.workshopHome()));
        console.say("Log:      " + info.log());
        console.say("It ends after " + info.idleText() + " with no workshop command and no request;"
                + " workshop local stop ends it now (your data stays).");
        AttendeeId id = attendee.given(env) ? attendee.attendee(env) : null;
        String key = Principal.attendee(id == null ? AttendeeId.of("alice") : id).localAccessKeyId();
        String ns = (id == null ? AttendeeId.of("alice") : id).prefix();
        console.heading("Your data with the AWS CLI" + (id == null ? " (shown for attendee alice; add --id for yours)" : ""));
        console.say("The access key id says who you are, as on AWS: the gateway applies the attendee access policy"
                + " to it (the secret is not checked). The facilitator's key " + Principal.admin().localAccessKeyId()
                + " has no policy.");
        console.line("  export AWS_ACCESS_KEY_ID=" + key + " AWS_SECRET_ACCESS_KEY=local");
        console.line("  export AWS_DEFAULT_REGION=" + LoopbackTarget.LOCAL_REGION.id() + " AWS_REGION=" + LoopbackTarget.LOCAL_REGION.id());
        console.line("  pk='{\":pk\":{\"S\":\"" + ns + "COMPANY#c01\"}}'");
        console.line("  aws dynamodb query --endpoint-url " + info.endpoint() + " --max-items 3 \\");
        console.line("    --table-name ws-shared --key-condition-expression 'PK = :pk' \\");
        console.line("    --expression-attribute-values \"$pk\"");
        console.say("A Scan of ws-shared is denied, as on AWS: the policy gives you your namespace " + ns + " only (lab abac).");
        console.blank();
        console.say("NoSQL Workbench: add a DynamoDB local connection with port " + info.endpoint().getPort()
                + " and the access key id above. The port changes when the server starts again.");
        return ExitCode.OK;
    }

    @Command(name = "stop", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
            description = {"Ends the local DynamoDB now (your data stays; the next command starts it again).",
                    "A command still using it (a lab in another terminal) finishes first."})
    static final class Stop extends BaseCommand {
        @dev.workshop.Range(min = 0, max = 3_600, unit = "seconds", why = "an hour")
        @Option(names = "--wait", paramLabel = "SECONDS", defaultValue = "60",
                description = "How long to wait for it to end (default: ${DEFAULT-VALUE}); it ends later on its own if a command still uses it.")
        int waitSeconds;

        @Override
        public Integer call() {
            Env env = env();
            Console console = console();
            BackgroundServer.Stopped result = BackgroundServer.stop(env.workshopHome(), Duration.ofSeconds(waitSeconds),
                    () -> console.info("Waiting for workshop commands still using it (a lab in another terminal?) to finish..."));
            switch (result) {
                case NOT_RUNNING -> console.skip("No local DynamoDB is running in the background for " + env.workshopHome() + "; nothing to do.");
                case STOPPED -> console.ok("Stopped the local DynamoDB. Your data stays in " + LocalHome.dataDir(env.workshopHome())
                        + "; the next workshop command starts it again.");
                case STILL_WAITING -> console.warn("A workshop command is still using the local DynamoDB; it ends as soon as"
                        + " that command finishes (the stop request stays). Run workshop local to see whether it still runs.");
            }
            return ExitCode.OK;
        }
    }

    /** The background server's own process (started by the first command that needs it): not for people to run. */
    @Command(name = "serve", hidden = true, mixinStandardHelpOptions = true, description = "Runs the local DynamoDB until it is idle or asked to stop.")
    static final class Serve extends BaseCommand {
        @dev.workshop.Range(min = 1, max = 24 * 3_600, unit = "seconds", why = "a day")
        @Option(names = "--idle-seconds", defaultValue = "" + BackgroundServer.DEFAULT_IDLE_MINUTES * 60)
        int idleSeconds;

        @Override
        public Integer call() {
            java.io.PrintWriter log = spec.commandLine().getOut();
            // Another process serving this home already is not an error: two commands may have started one each.
            BackgroundServer.serve(env().workshopHome(), Duration.ofSeconds(idleSeconds), line -> {
                log.println(line);
                log.flush();
            });
            return ExitCode.OK;
        }
    }

    /**
     * The training run of the launcher's class-data-sharing archive (run once per build with
     * -XX:ArchiveClassesAtExit): the commands an attendee runs first, on the local target, their output discarded, so
     * that the classes they load (picocli, the SDK's client and protocol, the console) are archived and later commands
     * map them instead of loading them. The launcher runs it in a scratch workshop home, which it deletes after.
     */
    @Command(name = "warm-up", hidden = true, mixinStandardHelpOptions = true, description = "Runs the first commands of the day with no output (the launcher's start-up archive).")
    static final class WarmUp extends BaseCommand {
        @Override
        public Integer call() {
            java.io.PrintWriter none = new java.io.PrintWriter(java.io.Writer.nullWriter());
            for (String[] args : new String[][] {
                    {"--help"}, {"status", "--help"}, {"guide", "no-joins"},
                    // A bootstrapped attendee: status then reads tables and items (about 350 of the SDK's model
                    // classes, most of them lambdas, that an empty status never loads), and the first lab runs.
                    {"bootstrap", "--id", "warm-up"}, {"status", "--local", "--id", "warm-up"},
                    {"no-joins", "--no-pause", "--id", "warm-up"},
                    {"hot-partitions", "--simulate", "--no-pause", "--id", "warm-up", "--seconds", "60"},
                    {"local", "--id", "warm-up"}, {"local", "stop"}}) {
                Workshop.commandLine(none, none, env()).execute(args);
            }
            return ExitCode.OK;
        }
    }
}
