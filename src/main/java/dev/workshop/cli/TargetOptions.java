package dev.workshop.cli;

import dev.workshop.WorkshopException;
import dev.workshop.console.Waiting;
import dev.workshop.model.Tables;
import dev.workshop.target.Target;
import dev.workshop.target.TargetFactory;
import dev.workshop.target.LoopbackTarget;
import dev.workshop.target.aws.AwsTarget;
import dev.workshop.target.aws.RememberedLogin;
import java.net.URI;
import java.util.List;
import java.util.Optional;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Which target a command runs on. The environment fills what the flags leave out (AWS_PROFILE, AWS_REGION). */
public final class TargetOptions implements OptionChecks.Checked {
    // Table names: 3 to 255 of a-z, A-Z, 0-9, '_', '-', '.'.
    // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/HowItWorks.NamingRulesDataTypes.html
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");
    /**
     * The shape of every AWS region code (us-east-1, ap-southeast-1, us-gov-west-1, eu-isoe-west-1): a typo is a
     * usage error here rather than an unreachable endpoint later.
     * https://docs.aws.amazon.com/global-infrastructure/latest/regions/aws-regions.html
     */
    private static final Pattern REGION = Pattern.compile("[a-z]{2}(-[a-z]+)+-\\d{1,2}");

    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(names = "--profile", paramLabel = "NAME", description = "AWS profile (e.g. an SSO profile); default: AWS access keys in the environment, AWS_PROFILE, then the profile of workshop login. Without any, the local target.")
    String profile;

    @Option(names = "--region", paramLabel = "REGION", description = "AWS region; default: AWS_REGION, then the profile's.")
    String region;

    @Option(names = "--endpoint-url", paramLabel = "URL", description = "Any DynamoDB-compatible endpoint, e.g. http://localhost:8000.")
    String endpoint;

    @Option(names = "--local", description = "Use the embedded local DynamoDB even when AWS_PROFILE is set.")
    boolean local;

    @Option(names = "--shared-table", paramLabel = "NAME", description = "The shared multi-tenant table (default: ${DEFAULT-VALUE}).",
            defaultValue = Tables.DEFAULT_SHARED)
    String sharedTable;

    public String sharedTable() {
        if (!TABLE_NAME.matcher(sharedTable).matches()) {
            throw WorkshopException.usage("Invalid --shared-table '" + sharedTable
                    + "': a table name is 3 to 255 letters, digits, '_', '-' or '.'.", "--shared-table " + Tables.DEFAULT_SHARED);
        }
        return sharedTable;
    }

    /**
     * The target, chosen as the AWS CLI chooses credentials: --endpoint-url, --local, --profile; then
     * AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY (they win over AWS_PROFILE in the CLI, which keeps the profile's
     * region); then AWS_PROFILE; then the profile {@code workshop login} remembered; else the local target, naming
     * any AWS profile that is configured but not used.
     */
    public TargetFactory.Selection selection(Env env) {
        if (local && (profile != null || endpoint != null)) {
            throw WorkshopException.usage("--local cannot be combined with " + (profile != null ? "--profile" : "--endpoint-url") + ".",
                    "drop one of them");
        }
        URI uri = endpoint == null ? null : endpointUri(endpoint, good -> "--endpoint-url " + good);
        if (uri != null) return new TargetFactory.Selection(Target.Kind.ENDPOINT, null, region, uri, false, "--endpoint-url", null);
        if (local) return TargetFactory.Selection.local("--local", null);
        if (profile != null) return TargetFactory.Selection.aws(profile, region, false, "--profile " + profile);
        return choose(env, region);
    }

    /** The choice for a command given no target options (also what the bare {@code workshop} shows). */
    static TargetFactory.Selection defaultSelection(Env env) {
        return choose(env, null);
    }

    private static TargetFactory.Selection choose(Env env, String region) {
        String awsProfile = env.var("AWS_PROFILE");
        if ((env.var("AWS_ACCESS_KEY_ID") == null) != (env.var("AWS_SECRET_ACCESS_KEY") == null)) {
            // The CLI stops here too (PartialCredentialsError) rather than fall back to another identity.
            String set = env.var("AWS_ACCESS_KEY_ID") != null ? "AWS_ACCESS_KEY_ID" : "AWS_SECRET_ACCESS_KEY";
            String unset = set.equals("AWS_ACCESS_KEY_ID") ? "AWS_SECRET_ACCESS_KEY" : "AWS_ACCESS_KEY_ID";
            throw WorkshopException.credentials(set + " is set but " + unset + " is not, so the AWS keys in the environment are incomplete.",
                    "export " + unset + "=... from the same page as " + set + "   (or: unset " + set + ")");
        }
        if (env.var("AWS_ACCESS_KEY_ID") != null && env.var("AWS_SECRET_ACCESS_KEY") != null) {
            return TargetFactory.Selection.aws(awsProfile, region, true, "AWS_ACCESS_KEY_ID and AWS_SECRET_ACCESS_KEY are set"
                    + (awsProfile == null ? "" : " (as in the AWS CLI they win over AWS_PROFILE=" + awsProfile
                    + ", which still gives the region)"));
        }
        if (awsProfile != null) return TargetFactory.Selection.aws(awsProfile, region, false, "AWS_PROFILE=" + awsProfile);
        Optional<RememberedLogin> login = RememberedLogin.load(env.workshopHome());
        if (login.isPresent()) {
            return TargetFactory.Selection.aws(login.get().profile(), region, false, "profile " + login.get().profile()
                    + " remembered by workshop login (workshop logout forgets it)");
        }
        String reason = "no --profile, AWS_PROFILE, AWS access keys or workshop login";
        List<String> visible = AwsTarget.configuredProfiles(env.variables(), env.userHome());
        if (visible.isEmpty()) return TargetFactory.Selection.local(reason, null);
        String first = visible.get(0);
        String notice = "AWS profile" + (visible.size() == 1 ? " " + first + " is" : "s " + String.join(", ", visible) + " are")
                + " configured but not used; for AWS: --profile " + first + " (or: workshop login)";
        return TargetFactory.Selection.local(reason + "; " + notice, notice);
    }

    /**
     * Everything about the target that can be wrong without asking anyone: checked before the command runs, so a
     * typo writes nothing (not even the workshop home).
     */
    @Override
    public void check(Env env, CommandSpec command) {
        java.util.List<String> typed = OptionChecks.typed(command);
        if (!TABLE_NAME.matcher(sharedTable).matches()) {
            throw WorkshopException.usage("Invalid --shared-table '" + sharedTable + "': a table name is 3 to 255 letters, digits, '_', '-' or '.'.",
                    OptionChecks.typedWith(typed, java.util.List.of("--shared-table"), Tables.DEFAULT_SHARED));
        }
        if (local && (profile != null || endpoint != null)) selection(env); // refuses the combination before the URL's details
        if (endpoint != null) endpointUri(endpoint, good -> OptionChecks.typedWith(typed, java.util.List.of("--endpoint-url"), good));
        TargetFactory.Selection s = selection(env);
        if (region != null) checkRegion(region, "--region " + region, OptionChecks.typedWith(typed, java.util.List.of("--region"), "us-east-1"));
        boolean aws = s.kind() == Target.Kind.AWS;
        if (aws && region == null && env.var("AWS_REGION") != null) {
            checkRegion(env.var("AWS_REGION"), "AWS_REGION=" + env.var("AWS_REGION"), "export AWS_REGION=us-east-1");
        }
        // setup --files-only touches no target, so it does not need a usable home either.
        boolean noTarget = command.commandLine().getParseResult() != null && command.commandLine().getParseResult().hasMatchedOption("--files-only");
        if (s.kind() == Target.Kind.LOCAL && !noTarget) checkHome(env.workshopHome());
    }

    static URI endpointUri(String endpoint, java.util.function.UnaryOperator<String> fix) {
        String example = fix.apply("http://localhost:8000");
        URI uri;
        try {
            uri = new URI(endpoint);
        } catch (java.net.URISyntaxException e) {
            throw WorkshopException.usage("Invalid --endpoint-url '" + endpoint + "': not a URL (" + e.getReason() + ").", example);
        }
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(java.util.Locale.ROOT);
        if (!scheme.equals("http") && !scheme.equals("https") || uri.getHost() == null) {
            throw WorkshopException.usage("Invalid --endpoint-url '" + endpoint + "': expected http://HOST:PORT or https://HOST:PORT.", example);
        }
        if (uri.getPort() == 0 || uri.getPort() > 65_535) {
            throw WorkshopException.usage("Invalid --endpoint-url '" + endpoint + "': port " + uri.getPort()
                    + " is out of range: a TCP port is 1 to 65,535.", example);
        }
        if (uri.getRawPath() != null && !uri.getRawPath().isEmpty() && !uri.getRawPath().equals("/") || uri.getRawQuery() != null
                || uri.getRawFragment() != null || uri.getRawUserInfo() != null) {
            throw WorkshopException.usage("Invalid --endpoint-url '" + endpoint + "': a DynamoDB endpoint is only a scheme, host and port"
                    + " (no path, query or user).", fix.apply(scheme + "://" + uri.getHost() + (uri.getPort() < 0 ? "" : ":" + uri.getPort())));
        }
        return uri;
    }

    private static void checkRegion(String value, String given, String fix) {
        if (!REGION.matcher(value).matches()) {
            throw WorkshopException.usage("Invalid region in " + given + ": a region code looks like us-east-1 or ap-southeast-1"
                    + " (lower-case, ending in a number).", fix);
        }
    }

    /**
     * The local target keeps its data under the workshop home: it must be (or become) a folder this user can write.
     * Looked at without creating anything.
     */
    static void checkHome(java.nio.file.Path home) {
        java.nio.file.Path p = home.toAbsolutePath().normalize();
        String fix = "export WORKSHOP_HOME=$HOME/.workshop   (any folder you can write to)";
        if (java.nio.file.Files.exists(p) && !java.nio.file.Files.isDirectory(p)) {
            throw WorkshopException.usage("The workshop home " + p + " (WORKSHOP_HOME) is a file, not a folder: the local target keeps its data there.", fix);
        }
        for (java.nio.file.Path q = p; q != null; q = q.getParent()) {
            if (!java.nio.file.Files.exists(q)) continue;
            if (!java.nio.file.Files.isDirectory(q)) {
                throw WorkshopException.usage("The workshop home " + p + " (WORKSHOP_HOME) cannot be created: " + q + " is a file.", fix);
            }
            if (!java.nio.file.Files.isWritable(q)) {
                throw WorkshopException.usage("The workshop home " + p + " (WORKSHOP_HOME) is not writable"
                        + (q.equals(p) ? "" : " (nor is " + q + ", where it would be created)") + ": the local target keeps its data there.", fix);
            }
            return;
        }
    }

    /**
     * Opens the target, saying at once what it is opening: starting DynamoDB Local or signing in can take seconds,
     * and a screen that stays blank that long looks broken.
     */
    public Target open(Env env, OutputOptions output) {
        TargetFactory.Selection selection = selection(env);
        try (Waiting waiting = new Waiting(output.console(), opening(selection, env))) {
            Target t = env.targets().open(selection, waiting::say);
            try {
                t.describe(); // on AWS this asks STS who we are: part of the wait, not a silence after it
            } catch (RuntimeException e) {
                t.close();
                throw e;
            }
            if (selection.notice() != null && t instanceof LoopbackTarget loopback) loopback.note(selection.notice());
            return t;
        }
    }

    private static String opening(TargetFactory.Selection s, Env env) {
        if (s.kind() == Target.Kind.ENDPOINT) return "Connecting to " + s.endpoint();
        if (s.kind() == Target.Kind.AWS) return s.profile() != null ? "Signing in with AWS profile " + s.profile() : "Signing in to AWS";
        return dev.workshop.target.BackgroundServer.running(env.workshopHome()).isPresent()
                ? "Connecting to the local DynamoDB" : "Starting the local DynamoDB";
    }
}
