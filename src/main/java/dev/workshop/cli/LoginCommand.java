package dev.workshop.cli;

import dev.workshop.WorkshopException;
import dev.workshop.console.Console;
import dev.workshop.model.AttendeeId;
import dev.workshop.target.Target;
import dev.workshop.target.TargetFactory;
import dev.workshop.target.aws.RememberedLogin;
import dev.workshop.target.aws.SsoSignIn;
import dev.workshop.target.aws.Voucher;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "login", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {"Sign in to AWS with your workshop voucher (IAM Identity Center, device code): no AWS CLI and no"
                + " browser on this machine needed.",
                "Writes the profile as 'aws configure sso' does (so 'aws --profile NAME' works too) and remembers it,"
                        + " so later commands run on AWS as you without --profile or --id.",
                "Values missing from the options and the voucher are asked for on a terminal."})
final class LoginCommand extends BaseCommand {
    private static final Pattern PROFILE = Pattern.compile("[A-Za-z0-9_.+@-]{1,64}");

    @Option(names = "--voucher", paramLabel = "FILE", description = "Voucher file from your facilitator (keys: "
            + "id, start_url, sso_region, account, role, region); options given as well win over it.")
    Path voucher;

    @Option(names = "--start-url", paramLabel = "URL", description = "AWS access portal URL, e.g. https://d-1234567890.awsapps.com/start.")
    String startUrl;

    @Option(names = "--sso-region", paramLabel = "REGION", description = "Region of IAM Identity Center.")
    String ssoRegion;

    @Option(names = "--account", paramLabel = "ID", description = "AWS account id (12 digits).")
    String account;

    @Option(names = "--role", paramLabel = "NAME", description = "Role (permission set) to use in that account.")
    String role;

    @Option(names = "--region", paramLabel = "REGION", description = "Region of the workshop's tables (default: the SSO region).")
    String region;

    @Option(names = "--id", paramLabel = "ID", description = "Your attendee id, remembered for later commands. " + AttendeeId.RULE + ".")
    String id;

    @Option(names = "--profile", paramLabel = "NAME", description = "Profile to write in ~/.aws/config (default: the one remembered, else "
            + SsoSignIn.DEFAULT_PROFILE + ").")
    String profile;

    @Option(names = "--force", description = "Replace a profile or sso-session of the same name that is set up differently.")
    boolean force;

    @Override
    public Integer call() {
        Env env = env();
        Console console = console();
        String profileName = profile != null ? profile
                : RememberedLogin.load(env.workshopHome()).map(RememberedLogin::profile).orElse(SsoSignIn.DEFAULT_PROFILE);
        if (!PROFILE.matcher(profileName).matches()) {
            throw WorkshopException.usage("Invalid --profile '" + profileName + "': 1 to 64 letters, digits and _ . + @ -.",
                    "workshop login --profile " + SsoSignIn.DEFAULT_PROFILE);
        }
        Voucher given = new Voucher(id, startUrl, ssoRegion, account, role, region).validate();
        if (voucher != null) given = given.or(Voucher.read(voucher).validate());
        // The profile's own settings fill the rest: a plain `workshop login` renews an expired session.
        Voucher fromConfig = SsoSignIn.configured(profileName, env.variables(), env.userHome());
        Voucher values = given.or(fromConfig);
        String remembered = RememberedLogin.load(env.workshopHome()).map(RememberedLogin::id).orElse(null);
        if (values.id() == null && remembered != null) values = values.or(new Voucher(remembered, null, null, null, null, null));
        // Renewing a profile that is set up already needs no attendee id; a first sign-in does.
        values = ask(values, fromConfig.startUrl() == null, env);
        AttendeeId attendee = values.id() == null ? null : AttendeeOptions.parse(values.id(), "workshop login");

        SsoSignIn.Ui ui = new SsoSignIn.Ui() {
            @Override
            public void line(String s) {
                console.out().println(s);
                console.out().flush();
            }

            @Override
            public String choose(String what, List<String> options) {
                return pick(what, options, env, console);
            }
        };
        RememberedLogin before = RememberedLogin.load(env.workshopHome()).orElse(null);
        // The profile an earlier workshop login wrote is this user's own: correcting it needs no --force.
        boolean ours = before != null && before.profile().equals(profileName);
        SsoSignIn.Outcome o = SsoSignIn.signIn(profileName, values, force || ours, env.variables(), env.userHome(),
                env.clock(), d -> Thread.sleep(d.toMillis()), ui);
        RememberedLogin now = new RememberedLogin(profileName, attendee == null ? null : attendee.value());
        if (!now.equals(before)) now.save(env.workshopHome());

        if (o.alreadySignedIn() && !o.configChanged() && now.equals(before)) {
            console.ok("Already signed in: profile " + profileName + ", token valid until " + o.expiresAt()
                    + ". Nothing to do.");
        } else {
            console.ok((o.alreadySignedIn() ? "Still signed in" : "Signed in") + ": profile " + profileName + " (account "
                    + o.account() + ", role " + o.role() + ", region " + o.region() + "), token valid until " + o.expiresAt() + ".");
            if (o.configChanged()) console.say("Wrote profile " + profileName + " to " + o.configPath() + ".");
        }
        // Prove the whole chain (token, role credentials, region) now rather than in lab 1.
        TargetFactory.Selection selection = TargetFactory.Selection.aws(profileName, null, false,
                "profile " + profileName + " from workshop login");
        try (Target t = env.targets().open(selection, console::info)) {
            console.say(t.describe());
        }
        // As in the AWS CLI, keys in the environment and AWS_PROFILE win over the remembered profile.
        if (env.var("AWS_ACCESS_KEY_ID") != null) {
            console.warn("AWS_ACCESS_KEY_ID is set in this shell, and it wins over the profile (as in the AWS CLI)."
                    + "  fix: unset AWS_ACCESS_KEY_ID AWS_SECRET_ACCESS_KEY AWS_SESSION_TOKEN");
        } else if (env.var("AWS_PROFILE") != null && !profileName.equals(env.var("AWS_PROFILE"))) {
            console.warn("AWS_PROFILE=" + env.var("AWS_PROFILE") + " is set in this shell, and it wins over the profile "
                    + profileName + ".  fix: export AWS_PROFILE=" + profileName + "   (or: unset AWS_PROFILE)");
        }
        String idPart = attendee == null ? " --id <your id>" : "";
        console.say("Next: workshop status" + idPart + ", then workshop no-joins" + idPart
                + ". AWS CLI: aws sts get-caller-identity --profile " + profileName);
        return ExitCode.OK;
    }

    /** Missing values asked on a terminal; without one, a usage error that lists them all at once. */
    private Voucher ask(Voucher v, boolean needsId, Env env) {
        List<String> missing = new ArrayList<>();
        if (v.startUrl() == null) missing.add("--start-url");
        if (v.ssoRegion() == null) missing.add("--sso-region");
        if (v.account() == null) missing.add("--account");
        if (v.role() == null) missing.add("--role");
        if (v.id() == null && needsId) missing.add("--id");
        if (missing.isEmpty()) return v;
        if (!env.terminal()) {
            throw WorkshopException.usage("workshop login needs " + String.join(", ", missing)
                    + " (from the options, --voucher or the profile's settings), and there is no terminal to ask on.",
                    "workshop login --voucher <your voucher file>   (or pass " + String.join(" ", missing) + ")");
        }
        String url = v.startUrl() != null ? v.startUrl() : prompt(env, "AWS access portal URL (start_url on your voucher): ");
        String sso = v.ssoRegion() != null ? v.ssoRegion() : prompt(env, "SSO region (sso_region): ");
        String attendee = v.id() != null || !needsId ? v.id() : prompt(env, "Your attendee id (id): ");
        // Account and role, when missing, are listed from the access portal after the sign-in.
        return new Voucher(attendee, url, sso, v.account(), v.role(), v.region()).validate();
    }

    private static String prompt(Env env, String question) {
        String answer = env.input().readLine(question);
        if (answer == null || answer.isBlank()) {
            throw WorkshopException.usage("No answer to: " + question.strip(), "workshop login --voucher <your voucher file>");
        }
        return answer.strip();
    }

    private static String pick(String what, List<String> options, Env env, Console console) {
        String option = what.equals("account") ? "--account" : "--role";
        if (!env.terminal()) {
            throw WorkshopException.usage("You have " + options.size() + " " + what + "s to choose from, and there is no terminal to ask on: "
                    + String.join(", ", options) + ".", "workshop login " + option + " <the " + what + " on your voucher>");
        }
        console.out().println("There are " + options.size() + " " + what + "s available to you:");
        for (int i = 0; i < options.size(); i++) console.out().println("  " + (i + 1) + ". " + options.get(i));
        console.out().flush();
        String answer = prompt(env, "Choose the " + what + " (1-" + options.size() + "): ");
        try {
            int n = Integer.parseInt(answer);
            if (n >= 1 && n <= options.size()) return options.get(n - 1);
        } catch (NumberFormatException e) {
            for (String o : options) {
                if (o.split(" ")[0].equals(answer)) return o;
            }
        }
        throw WorkshopException.usage("'" + answer + "' is not one of the " + options.size() + " " + what + "s.",
                "workshop login " + option + " <the " + what + " on your voucher>");
    }
}
