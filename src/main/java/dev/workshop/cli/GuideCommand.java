package dev.workshop.cli;

import dev.workshop.WorkshopException;
import dev.workshop.console.Console;
import dev.workshop.console.Markdown;
import dev.workshop.console.Table;
import dev.workshop.labs.Syllabus;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

@Command(name = "guide", sortOptions = false, usageHelpAutoWidth = true, mixinStandardHelpOptions = true,
        description = {"Read a lab's guide (labs/NN-name.md) in the terminal, before or after running the lab.",
                "Without LAB: the labs and their guides."},
        footer = {"", "Examples:", "  workshop guide no-joins", "  workshop guide abac | less -R"})
final class GuideCommand extends BaseCommand {
    /** Lab names for completion (the shell and the generated bash/zsh scripts). */
    static final class LabNames implements Iterable<String> {
        @Override
        public Iterator<String> iterator() {
            return Syllabus.names().iterator();
        }
    }

    @Parameters(index = "0", arity = "0..1", paramLabel = "LAB", completionCandidates = LabNames.class,
            description = "One of: ${COMPLETION-CANDIDATES}.")
    String lab;

    @Override
    public Integer call() {
        Console console = console();
        if (lab == null) {
            Table t = new Table("#", "lab", "guide", "");
            for (Syllabus.Entry e : Syllabus.entries()) {
                t.row(e.number(), e.name(), "labs/" + e.guideFile(), e.summary());
            }
            console.table(t);
            console.say("Read one: workshop guide " + Syllabus.NAMES.get(0));
            return ExitCode.OK;
        }
        Syllabus.Entry entry = Syllabus.find(lab).orElseThrow(() -> WorkshopException.usage(
                "There is no lab '" + lab + "'. The labs are: " + String.join(", ", Syllabus.names()) + ".",
                "workshop guide " + Syllabus.NAMES.get(0)));
        String text = read(entry.guideFile());
        if (text == null) {
            throw WorkshopException.failed("The " + entry.name() + " lab is coming: neither it nor its guide labs/"
                    + entry.guideFile() + " is in this build yet.", "git pull   (or read another: workshop guide " + Syllabus.NAMES.get(0) + ")");
        }
        for (String line : Markdown.render(text, Math.min(console.width(), 100), console)) console.out().println(line);
        console.out().flush();
        return ExitCode.OK;
    }

    static String read(String file) {
        try (InputStream in = GuideCommand.class.getResourceAsStream("/labs/" + file)) {
            return in == null ? null : new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw WorkshopException.failed("Cannot read the guide labs/" + file + ": " + e.getMessage(), null);
        }
    }
}
