package dev.workshop.labs;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A lab guide (labs/NN-name.md), the single source of the lab's narration. Its "## Step N: Title" sections are the
 * steps' narration; the text before the first step is the introduction.
 */
public record Guide(String title, String introduction, List<Section> steps) {
    public record Section(int number, String title, String text) {}

    private static final Pattern STEP = Pattern.compile("^## Step (\\d+): (.+)$");

    public static Guide load(String file) {
        try (InputStream in = Guide.class.getResourceAsStream("/labs/" + file)) {
            if (in == null) throw new IllegalStateException("Lab guide labs/" + file + " is missing from the build");
            return parse(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new IllegalStateException("Cannot read lab guide " + file + ": " + e.getMessage(), e);
        }
    }

    public static Guide parse(String markdown) {
        String title = "";
        StringBuilder intro = new StringBuilder();
        List<Section> steps = new ArrayList<>();
        int number = 0;
        String stepTitle = null;
        StringBuilder text = new StringBuilder();
        for (String line : markdown.split("\n", -1)) {
            Matcher m = STEP.matcher(line);
            if (line.startsWith("# ") && title.isEmpty()) {
                title = line.substring(2).trim();
            } else if (m.matches()) {
                if (stepTitle != null) steps.add(new Section(number, stepTitle, text.toString().strip()));
                number = Integer.parseInt(m.group(1));
                stepTitle = m.group(2).trim();
                text.setLength(0);
            } else if (line.startsWith("## ") && stepTitle != null) {
                // a non-step section after the steps (e.g. "## What you learned") ends the last step
                steps.add(new Section(number, stepTitle, text.toString().strip()));
                stepTitle = null;
            } else if (stepTitle != null) {
                text.append(line).append('\n');
            } else if (steps.isEmpty()) {
                intro.append(line).append('\n');
            }
        }
        if (stepTitle != null) steps.add(new Section(number, stepTitle, text.toString().strip()));
        return new Guide(title, intro.toString().strip(), List.copyOf(steps));
    }
}
