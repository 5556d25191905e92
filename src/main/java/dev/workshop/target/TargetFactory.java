package dev.workshop.target;

import dev.workshop.target.aws.AwsTarget;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Opens the target a command runs on, as chosen by {@code TargetOptions} (which says why in {@link Selection#reason}).
 */
public interface TargetFactory {
    Target open(Selection selection, Consumer<String> progress);

    /**
     * Which target and why.
     *
     * @param profile for aws: the profile whose settings (region, SSO) apply; may be null with environment keys
     * @param environmentCredentials for aws: sign with AWS_ACCESS_KEY_ID/AWS_SECRET_ACCESS_KEY, as the AWS CLI does
     *        when they are set and no --profile is given
     * @param reason what chose this target, for {@code status}; null when nobody asked
     * @param notice for local: the AWS setup that is visible but not used, named on the first line
     */
    record Selection(Target.Kind kind, String profile, String region, URI endpoint, boolean environmentCredentials,
                     String reason, String notice) {

        /** The form callers used before the reason was recorded: endpoint, else --local, else a profile, else local. */
        public Selection(String profile, String region, URI endpoint, boolean local) {
            this(endpoint != null ? Target.Kind.ENDPOINT
                            : !local && profile != null && !profile.isBlank() ? Target.Kind.AWS : Target.Kind.LOCAL,
                    profile, region, endpoint, false, null, null);
        }

        public static Selection aws(String profile, String region, boolean environmentCredentials, String reason) {
            return new Selection(Target.Kind.AWS, profile, region, null, environmentCredentials, reason, null);
        }

        public static Selection local(String reason, String notice) {
            return new Selection(Target.Kind.LOCAL, null, null, null, false, reason, notice);
        }

        public boolean local() {
            return kind == Target.Kind.LOCAL;
        }
    }

    /** The real factory, with the local target's server inside the command that needs it (tests). */
    static TargetFactory standard(Path workshopHome, Map<String, String> env, Path userHome) {
        return standard(workshopHome, env, userHome, () -> null);
    }

    /**
     * The real factory: the workshop home for the local target, the AWS shared config for profiles.
     *
     * @param launch how to start the local target's background server when none runs (asked when a command opens the
     *        local target, so that a bad setting is that command's error); null runs it in the command
     */
    static TargetFactory standard(Path workshopHome, Map<String, String> env, Path userHome,
                                  java.util.function.Supplier<BackgroundServer.Launch> launch) {
        return (selection, progress) -> {
            if (selection.kind() == Target.Kind.ENDPOINT) {
                return new LoopbackTarget(Target.Kind.ENDPOINT, selection.endpoint(),
                        "Target: endpoint " + selection.endpoint(), null);
            }
            if (selection.kind() == Target.Kind.AWS) {
                return AwsTarget.open(selection.profile(), selection.region(), selection.environmentCredentials(), env,
                        userHome);
            }
            LoopbackTarget.warmUpInBackground();
            LocalHome.Lease lease = LocalHome.open(workshopHome, progress, launch.get());
            return new LocalTarget(lease, workshopHome);
        };
    }
}
