package dev.workshop.labs;

import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * The workshop's five labs in DESIGN.md order, whether or not each is in this build yet: the welcome screen, the
 * guide command and completion show all five, marking a lab that is not registered in {@link Labs#all()} as coming.
 */
public final class Syllabus {
    /** DESIGN.md's order; a lab's number is its place here. */
    public static final List<String> NAMES = List.of("no-joins", "single-table", "hot-partitions", "abac", "personal-gsis");

    private Syllabus() {}

    public record Entry(int number, String name, Optional<Lab> lab) {
        public boolean available() {
            return lab.isPresent();
        }

        public String guideFile() {
            return lab.map(Lab::guideFile).orElse(String.format("%02d-%s.md", number, name));
        }

        public String summary() {
            return lab.map(Lab::summary).orElse("coming: this lab is not in this build yet");
        }
    }

    /** The five labs, then any other registered lab (so a lab added under a new name still shows). */
    public static List<Entry> entries() {
        List<Lab> registered = Labs.all();
        List<Entry> out = new ArrayList<>();
        for (int i = 0; i < NAMES.size(); i++) {
            String name = NAMES.get(i);
            Optional<Lab> lab = registered.stream().filter(l -> l.name().equals(name)).findFirst();
            out.add(new Entry(lab.map(Lab::number).orElse(i + 1), name, lab));
        }
        for (Lab l : registered) {
            if (!NAMES.contains(l.name())) out.add(new Entry(l.number(), l.name(), Optional.of(l)));
        }
        return out;
    }

    public static Optional<Entry> find(String name) {
        return entries().stream().filter(e -> e.name().equals(name)).findFirst();
    }

    public static List<String> names() {
        return entries().stream().map(Entry::name).toList();
    }
}
