package dev.workshop.cli;

import dev.workshop.model.AttendeeId;
import dev.workshop.target.Principal;
import dev.workshop.target.Target;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Attendee ids used before on this machine, most recent first, kept in the workshop home ({@code attendees}), so
 * the shell can complete them and the welcome screen can greet the attendee without being told again.
 * Best effort: a home that cannot be written only means nothing is remembered.
 */
final class KnownIds {
    static final int KEEP = 20;
    private static final String PERSONAL_PREFIX = "ws-att-";

    private final Path file;

    KnownIds(Path workshopHome) {
        this.file = workshopHome.resolve("attendees");
    }

    List<String> list() {
        try {
            if (!Files.exists(file)) return List.of();
            return Files.readAllLines(file, StandardCharsets.UTF_8).stream().map(String::strip)
                    .filter(AttendeeId::isValid).distinct().toList();
        } catch (IOException e) {
            return List.of();
        }
    }

    Optional<String> last() {
        return list().stream().findFirst();
    }

    void remember(String id) {
        if (!AttendeeId.isValid(id)) return;
        List<String> ids = new ArrayList<>(list());
        if (!ids.isEmpty() && ids.get(0).equals(id)) return;
        ids.remove(id);
        ids.add(0, id);
        if (ids.size() > KEEP) ids = ids.subList(0, KEEP);
        try {
            Files.createDirectories(file.getParent());
            // write aside and rename, so two processes never leave a half-written file behind
            Path tmp = Files.createTempFile(file.getParent(), "attendees", ".tmp");
            Files.write(tmp, ids, StandardCharsets.UTF_8);
            Files.move(tmp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException | UnsupportedOperationException e) {
            // nothing remembered; the command itself is unaffected
        }
    }

    /** Owners of personal tables (ws-att-ID) on a target: one ListTables call, so only used on local targets. */
    static List<String> personalTables(Target target) {
        Set<String> ids = new LinkedHashSet<>();
        for (String name : target.dynamo(Principal.admin()).listTablesPaginator().tableNames()) {
            if (name.startsWith(PERSONAL_PREFIX) && AttendeeId.isValid(name.substring(PERSONAL_PREFIX.length()))) {
                ids.add(name.substring(PERSONAL_PREFIX.length()));
            }
        }
        return List.copyOf(ids);
    }
}
