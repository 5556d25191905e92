package dev.workshop.target.aws;

import dev.workshop.WorkshopException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import software.amazon.awssdk.profiles.Profile;
import software.amazon.awssdk.profiles.ProfileFile;

/**
 * The AWS shared config and credentials files, found from an injected environment and home directory rather than
 * from the JVM's own, so that tests can point at a temporary directory and the SDK never reads the real ~/.aws.
 */
final class AwsConfigFiles {
    private final Path configPath;
    private final Path credentialsPath;
    private final Path ssoCacheDir;
    private final ProfileFile profileFile;

    private AwsConfigFiles(Path configPath, Path credentialsPath, Path ssoCacheDir, ProfileFile profileFile) {
        this.configPath = configPath;
        this.credentialsPath = credentialsPath;
        this.ssoCacheDir = ssoCacheDir;
        this.profileFile = profileFile;
    }

    static AwsConfigFiles load(Map<String, String> env, Path userHome) {
        Path config = path(env.get("AWS_CONFIG_FILE"), userHome, userHome.resolve(".aws").resolve("config"));
        Path credentials = path(env.get("AWS_SHARED_CREDENTIALS_FILE"), userHome,
                userHome.resolve(".aws").resolve("credentials"));
        ProfileFile.Aggregator files = ProfileFile.aggregator();
        ProfileFile merged;
        Path reading = config;
        // The SDK parses each file as it is added: a malformed line is the user's to fix (exit 2), not an internal error.
        try {
            // The SDK and the CLI both let the credentials file win over the config file for the same profile.
            if (Files.isRegularFile(config)) {
                files.addFile(ProfileFile.builder().content(config).type(ProfileFile.Type.CONFIGURATION).build());
            }
            reading = credentials;
            if (Files.isRegularFile(credentials)) {
                files.addFile(ProfileFile.builder().content(credentials).type(ProfileFile.Type.CREDENTIALS).build());
            }
            merged = files.build();
        } catch (RuntimeException e) {
            throw WorkshopException.usage("Could not read the AWS config in " + reading + ": " + e.getMessage() + ".",
                    "fix that line of " + reading + ", or move the file aside and sign in again: workshop login");
        }
        return new AwsConfigFiles(config, credentials, userHome.resolve(".aws").resolve("sso").resolve("cache"), merged);
    }

    /** Like the CLI, a leading ~ in AWS_CONFIG_FILE means the user's home. */
    private static Path path(String fromEnv, Path userHome, Path fallback) {
        if (fromEnv == null || fromEnv.isBlank()) return fallback;
        if (fromEnv.equals("~")) return userHome;
        if (fromEnv.startsWith("~/")) return userHome.resolve(fromEnv.substring(2));
        return Path.of(fromEnv);
    }

    Path configPath() {
        return configPath;
    }

    Path credentialsPath() {
        return credentialsPath;
    }

    Path ssoCacheDir() {
        return ssoCacheDir;
    }

    ProfileFile profileFile() {
        return profileFile;
    }

    List<String> profileNames() {
        return List.copyOf(new TreeSet<>(profileFile.profiles().keySet()));
    }

    /** The named profile, or a usage error listing the profiles there are and how to create this one. */
    Profile profile(String name) {
        return profileFile.profile(name).orElseThrow(() -> {
            List<String> names = profileNames();
            String found = names.isEmpty()
                    ? "No profiles found in " + configPath + " or " + credentialsPath + "."
                    : "Profiles found: " + String.join(", ", names) + ".";
            return WorkshopException.usage("AWS profile " + name + " not found. " + found,
                    SsoSignIn.loginCommand(name) + "   (AWS CLI users: aws configure sso --use-device-code --profile " + name + ")");
        });
    }

    Optional<Profile> ssoSession(String name) {
        return profileFile.getSection("sso-session", name);
    }

    Optional<Profile> services(String name) {
        return profileFile.getSection("services", name);
    }
}
