package dev.workshop.cli;

import dev.workshop.WorkshopException;
import dev.workshop.console.Waiting;
import dev.workshop.model.Tables;
import dev.workshop.target.Target;
import dev.workshop.target.TargetFactory;
import java.net.URI;
import java.util.regex.Pattern;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** Which target a command runs on. The environment fills what the flags leave out (AWS_PROFILE, AWS_REGION). */
public final class TargetOptions {
    private static final Pattern TABLE_NAME = Pattern.compile("[a-zA-Z0-9_.-]{3,255}");

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
        URI uri = null;
        if (endpoint != null) {
            try {
                uri = URI.create(endpoint);
                if (uri.getScheme() == null || uri.getHost() == null || !uri.getScheme().startsWith("http")) throw new IllegalArgumentException();
            } catch (IllegalArgumentException e) {
                throw WorkshopException.usage("Invalid --endpoint-url '" + endpoint + "': expected http(s)://host:port.",
                        "--endpoint-url http://localhost:8000");
            }
        }
        String p = profile != null ? profile : env.var("AWS_PROFILE");
        return new TargetFactory.Selection(p, region, uri, local);
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
            return t;
        }
    }

    private static String opening(TargetFactory.Selection s, Env env) {
        if (s.endpoint() != null) return "Connecting to " + s.endpoint();
        if (!s.local() && s.profile() != null) return "Signing in with AWS profile " + s.profile();
        return "Starting the local DynamoDB";
    }
}
