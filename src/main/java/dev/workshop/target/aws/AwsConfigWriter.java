package dev.workshop.target.aws;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Adds or updates sections of ~/.aws/config the way {@code aws configure sso} does (awscli/customizations/configure/
 * writer.py, {@code ConfigFileWriter}): a missing section is appended as {@code [name]} plus {@code key = value}
 * lines, with no blank line before it; a missing key goes after the section's last option; other lines are left as
 * they are. Unlike the CLI it replaces the whole file in one rename, so an interrupted write leaves the old file.
 */
final class AwsConfigWriter {
    private static final Pattern SECTION = Pattern.compile("^\\s*\\[([^]]+)\\]");
    private static final Pattern OPTION = Pattern.compile("^([^:=\\s#;][^:=]*?)\\s*[:=]\\s*(.*)$");

    private final List<String> lines;

    private AwsConfigWriter(List<String> lines) {
        this.lines = lines;
    }

    static AwsConfigWriter read(Path file) throws IOException {
        if (!Files.isRegularFile(file)) return new AwsConfigWriter(new ArrayList<>());
        String text = Files.readString(file);
        List<String> lines = new ArrayList<>(List.of(text.split("(?<=\n)")));
        if (text.isEmpty()) lines.clear();
        return new AwsConfigWriter(lines);
    }

    /** The section header as the CLI writes it: {@code default}, {@code profile NAME}, {@code sso-session NAME}. */
    static String profileSection(String profile) {
        return profile.equals("default") ? "default" : "profile " + profile;
    }

    /** The keys and values of a section as written (unquoted header forms count), or null when it is absent. */
    Map<String, String> section(String name) {
        int start = find(name);
        if (start < 0) return null;
        Map<String, String> values = new LinkedHashMap<>();
        for (int i = start + 1; i < lines.size() && !SECTION.matcher(lines.get(i)).find(); i++) {
            Matcher m = OPTION.matcher(lines.get(i).stripTrailing());
            if (m.matches() && !lines.get(i).startsWith(" ") && !lines.get(i).startsWith("\t")) {
                values.put(m.group(1).trim(), m.group(2).trim());
            }
        }
        return values;
    }

    /** Sets the values in a section, adding the section at the end of the file when it is missing. */
    void update(String name, Map<String, String> values) {
        Map<String, String> pending = new LinkedHashMap<>(values);
        int start = find(name);
        if (start < 0) {
            if (!lines.isEmpty() && !lines.get(lines.size() - 1).endsWith("\n")) {
                lines.set(lines.size() - 1, lines.get(lines.size() - 1) + "\n");
            }
            lines.add("[" + name + "]\n");
            pending.forEach((k, v) -> lines.add(k + " = " + v + "\n"));
            return;
        }
        int lastOption = start;
        int i = start + 1;
        for (; i < lines.size() && !SECTION.matcher(lines.get(i)).find(); i++) {
            String line = lines.get(i);
            Matcher m = OPTION.matcher(line.stripTrailing());
            if (!m.matches() || line.startsWith(" ") || line.startsWith("\t")) continue;
            lastOption = i;
            String key = m.group(1).trim();
            if (pending.containsKey(key)) lines.set(i, key + " = " + pending.remove(key) + "\n");
        }
        if (!lines.get(lastOption).endsWith("\n")) lines.set(lastOption, lines.get(lastOption) + "\n");
        List<String> added = new ArrayList<>();
        pending.forEach((k, v) -> added.add(k + " = " + v + "\n"));
        lines.addAll(lastOption + 1, added);
    }

    /** Removes every option of a section (for --force), keeping its header, comments and blank lines. */
    void clear(String name) {
        int start = find(name);
        if (start < 0) return;
        for (int i = start + 1; i < lines.size() && !SECTION.matcher(lines.get(i)).find(); ) {
            String line = lines.get(i);
            boolean comment = line.strip().startsWith("#") || line.strip().startsWith(";") || line.isBlank();
            if (comment) i++;
            else lines.remove(i);
        }
    }

    String text() {
        return String.join("", lines);
    }

    void write(Path file) throws IOException {
        AtomicFiles.replace(file, text());
    }

    private int find(String name) {
        String[] parts = name.split(" ", 2);
        for (int i = 0; i < lines.size(); i++) {
            String line = lines.get(i);
            if (line.strip().startsWith("#") || line.strip().startsWith(";")) continue;
            Matcher m = SECTION.matcher(line);
            if (!m.find()) continue;
            String header = m.group(1).trim();
            if (header.equals(name)) return i;
            if (parts.length == 2 && header.equals(parts[0] + " \"" + parts[1] + "\"")) return i;
        }
        return -1;
    }
}
