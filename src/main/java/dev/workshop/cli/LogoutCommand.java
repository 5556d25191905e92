package dev.workshop.cli;

import dev.workshop.console.Console;
import dev.workshop.target.aws.RememberedLogin;
import dev.workshop.target.aws.SsoSignIn;
import java.util.Optional;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

@Command(name = "logout", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {"Sign out: removes the cached SSO token of the profile workshop login remembered and forgets the"
                + " profile and attendee id, so commands run on the local target again.",
                "The profile stays in ~/.aws/config; workshop login signs in again."})
final class LogoutCommand extends BaseCommand {
    @Option(names = "--profile", paramLabel = "NAME", description = "Sign this profile out (default: the one workshop login remembered).")
    String profile;

    @Override
    public Integer call() {
        Env env = env();
        Console console = console();
        Optional<RememberedLogin> remembered = RememberedLogin.load(env.workshopHome());
        String name = profile != null ? profile : remembered.map(RememberedLogin::profile).orElse(null);
        if (name == null) {
            console.skip("Not signed in with workshop login; nothing to do.");
            return ExitCode.OK;
        }
        boolean removed = SsoSignIn.signOut(name, env.variables(), env.userHome());
        boolean forgot = remembered.filter(r -> r.profile().equals(name)).isPresent() && RememberedLogin.forget(env.workshopHome());
        if (!removed && !forgot) {
            console.skip("Profile " + name + " was not signed in; nothing to do.");
            return ExitCode.OK;
        }
        if (removed) console.ok("Signed out of profile " + name + " (cached SSO token removed).");
        if (forgot) console.ok("Forgot profile " + name + " and the attendee id: commands run on the local target again unless you pass --profile.");
        return ExitCode.OK;
    }
}
