package dev.workshop.cli;

import dev.workshop.WorkshopException;
import dev.workshop.model.Tables;
import dev.workshop.target.Target;
import dev.workshop.target.TargetFactory;
import java.net.URI;
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

    @Option(names = "--profile", paramLabel = "NAME", description = "AWS profile (e.g. an SSO profile); default: AWS_PROFILE. Without one the local target is used.")
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

    public TargetFactory.Selection selection(Env env) {
        if (local && (profile != null || endpoint != null)) {
            throw WorkshopException.usage("--local cannot be combined with " + (profile != null ? "--profile" : "--endpoint-url") + ".",
                    "drop one of them");
        }
        URI uri = endpoint == null ? null : endpointUri(endpoint, good -> "--endpoint-url " + good);
        String p = profile != null ? profile : env.var("AWS_PROFILE");
        return new TargetFactory.Selection(p, region, uri, local);
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
        boolean aws = s.endpoint() == null && !s.local() && s.profile() != null && !s.profile().isBlank();
        if (aws && region == null && env.var("AWS_REGION") != null) {
            checkRegion(env.var("AWS_REGION"), "AWS_REGION=" + env.var("AWS_REGION"), "export AWS_REGION=us-east-1");
        }
        // setup --files-only touches no target, so it does not need a usable home either.
        boolean noTarget = command.commandLine().getParseResult() != null && command.commandLine().getParseResult().hasMatchedOption("--files-only");
        if (s.endpoint() == null && !aws && !noTarget) checkHome(env.workshopHome());
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

    public Target open(Env env, OutputOptions output) {
        return env.targets().open(selection(env), output.console()::info);
    }
}
