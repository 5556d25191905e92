package dev.workshop.target.aws;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * What {@code workshop login} leaves for later commands in the workshop home: the profile it configured and the
 * attendee id, so that a plain {@code workshop no-joins} runs on AWS as that attendee. {@code workshop logout}
 * removes it. One {@code key = value} a line, like a voucher.
 */
public record RememberedLogin(String profile, String id) {
    static final String FILE = "login";

    public static Optional<RememberedLogin> load(Path workshopHome) {
        Path file = workshopHome.resolve(FILE);
        if (!Files.isRegularFile(file)) return Optional.empty();
        Map<String, String> values = new LinkedHashMap<>();
        try {
            for (String line : Files.readAllLines(file)) {
                int eq = line.indexOf('=');
                if (eq > 0 && !line.strip().startsWith("#")) values.put(line.substring(0, eq).strip(), line.substring(eq + 1).strip());
            }
        } catch (IOException e) {
            return Optional.empty();
        }
        String profile = values.get("profile");
        if (profile == null || profile.isBlank()) return Optional.empty();
        String id = values.get("id");
        return Optional.of(new RememberedLogin(profile, id == null || id.isBlank() ? null : id));
    }

    public void save(Path workshopHome) {
        String text = "# Written by workshop login; workshop logout removes it.\nprofile = " + profile + "\n"
                + (id == null ? "" : "id = " + id + "\n");
        try {
            AtomicFiles.replace(workshopHome.resolve(FILE), text);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + workshopHome.resolve(FILE), e);
        }
    }

    /** Forgets the login; true when there was one. */
    public static boolean forget(Path workshopHome) {
        try {
            return Files.deleteIfExists(workshopHome.resolve(FILE));
        } catch (IOException e) {
            throw new UncheckedIOException("Could not remove " + workshopHome.resolve(FILE), e);
        }
    }
}
