package dev.workshop.target;

import dev.workshop.target.aws.AwsTarget;
import java.net.URI;
import java.nio.file.Path;
import java.util.Map;
import java.util.function.Consumer;

/**
 * Chooses and opens the target for a command: {@code --endpoint-url}, else {@code --local}, else a profile
 * ({@code --profile} or AWS_PROFILE) for AWS, else the embedded local default.
 */
public interface TargetFactory {
    Target open(Selection selection, Consumer<String> progress);

    record Selection(String profile, String region, URI endpoint, boolean local) {}

    /** The real factory: the workshop home for the local target, the AWS shared config for profiles. */
    static TargetFactory standard(Path workshopHome, Map<String, String> env, Path userHome) {
        return (selection, progress) -> {
            if (selection.endpoint() != null) {
                return new LoopbackTarget(Target.Kind.ENDPOINT, selection.endpoint(),
                        "Target: endpoint " + selection.endpoint(), null);
            }
            if (!selection.local() && selection.profile() != null && !selection.profile().isBlank()) {
                return openAws(selection, env, userHome);
            }
            LoopbackTarget.warmUpInBackground();
            LocalHome.Lease lease = LocalHome.open(workshopHome, progress);
            return new LocalTarget(lease, workshopHome);
        };
    }

    private static Target openAws(Selection selection, Map<String, String> env, Path userHome) {
        return AwsTarget.open(selection.profile(), selection.region(), env, userHome);
    }
}
