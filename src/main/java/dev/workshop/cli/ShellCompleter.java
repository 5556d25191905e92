package dev.workshop.cli;

import dev.workshop.target.Target;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.jline.reader.Candidate;
import org.jline.reader.Completer;
import org.jline.reader.LineReader;
import org.jline.reader.ParsedLine;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Model.PositionalParamSpec;

/**
 * Completion from the picocli command model itself (the same tree that runs the commands): command names,
 * each command's options, option values from their completion candidates, positional values (e.g. lab names for
 * guide), and values the model cannot know: attendee ids used before on this machine or owning a personal table
 * on the local target, and the AWS profiles in the shared config.
 */
final class ShellCompleter implements Completer {
    static final List<String> BUILTINS = List.of("exit", "quit", "forget");
    private static final long TABLES_TTL_NANOS = 10_000_000_000L;
    private static final Pattern PROFILE = Pattern.compile("^\\s*\\[\\s*(?:profile\\s+)?([^\\]\\s]+)\\s*\\]\\s*$");

    private final Supplier<CommandSpec> model;
    private final KnownIds known;
    private final Supplier<Target> session;
    private final Map<String, String> remembered;
    private final Env env;
    private List<String> tableOwners = List.of();
    private long tableOwnersAt;

    ShellCompleter(Supplier<CommandSpec> model, KnownIds known, Supplier<Target> session, Map<String, String> remembered, Env env) {
        this.model = model;
        this.known = known;
        this.session = session;
        this.remembered = remembered;
        this.env = env;
    }

    @Override
    public void complete(LineReader reader, ParsedLine line, List<Candidate> candidates) {
        candidates.addAll(candidates(line.words(), line.wordIndex(), line.word().substring(0, Math.min(line.wordCursor(), line.word().length()))));
    }

    /** The candidates for the word at {@code index} (typed so far: {@code current}), given the words before it. */
    List<Candidate> candidates(List<String> words, int index, String current) {
        List<Candidate> out = new ArrayList<>();
        CommandSpec spec = model.get();
        int i = 0;
        if (!words.isEmpty() && words.get(0).equals("workshop") && index > 0) i = 1;
        if (index == i) {
            for (CommandSpec sub : visibleSubcommands(spec)) out.add(command(sub));
            if (i == 0) for (String b : BUILTINS) out.add(new Candidate(b, b, "shell", builtin(b), null, null, true));
            return out;
        }
        // walk down the command words typed before the cursor
        for (; i < index; i++) {
            CommandSpec sub = spec.subcommands().containsKey(words.get(i)) ? spec.subcommands().get(words.get(i)).getCommandSpec() : null;
            if (sub == null) break;
            spec = sub;
        }
        if (spec.parent() == null) {
            if (words.get(0).equals("forget")) for (String f : Shell.REMEMBERED) out.add(plain(f.substring(2)));
            return out;
        }
        String previous = words.get(index - 1);
        OptionSpec valued = previous.startsWith("-") ? spec.findOption(previous) : null;
        if (valued != null && valued.arity().max() > 0) {
            for (String v : values(valued)) out.add(plain(v));
            return out;
        }
        if (current.startsWith("-")) {
            int eq = current.indexOf('=');
            if (eq > 0) {
                OptionSpec o = spec.findOption(current.substring(0, eq));
                if (o != null) for (String v : values(o)) out.add(plain(current.substring(0, eq + 1) + v));
                return out;
            }
            for (OptionSpec o : spec.options()) {
                if (o.hidden()) continue;
                String descr = o.description().length == 0 ? null : firstSentence(o.description()[0]);
                for (String name : o.names()) {
                    out.add(new Candidate(name, name, null, descr, null, o.longestName(), o.arity().max() == 0));
                }
            }
            return out;
        }
        for (CommandSpec sub : visibleSubcommands(spec)) out.add(command(sub));
        if (spec.name().equals("help")) for (CommandSpec sub : visibleSubcommands(spec.parent())) out.add(command(sub));
        for (PositionalParamSpec p : spec.positionalParameters()) {
            if (p.completionCandidates() != null) for (String v : p.completionCandidates()) out.add(plain(v));
        }
        return out;
    }

    private List<String> values(OptionSpec o) {
        Set<String> values = new LinkedHashSet<>();
        switch (o.longestName()) {
            case "--id" -> {
                if (remembered.get("--id") != null) values.add(remembered.get("--id"));
                if (env.var("ATTENDEE_ID") != null) values.add(env.var("ATTENDEE_ID"));
                values.addAll(known.list());
                values.addAll(tableOwners());
            }
            case "--profile" -> values.addAll(profiles());
            default -> {
                if (o.completionCandidates() != null) o.completionCandidates().forEach(values::add);
            }
        }
        return List.copyOf(values);
    }

    /** Owners of ws-att-* tables on the session's local target; one ListTables at most every ten seconds. */
    private List<String> tableOwners() {
        Target t = session.get();
        if (t == null || t.kind() != Target.Kind.LOCAL) return List.of();
        long now = System.nanoTime();
        if (tableOwnersAt == 0 || now - tableOwnersAt > TABLES_TTL_NANOS) {
            try {
                tableOwners = KnownIds.personalTables(t);
            } catch (RuntimeException e) {
                tableOwners = List.of();
            }
            tableOwnersAt = now;
        }
        return tableOwners;
    }

    /** Profile names from the AWS shared config and credentials files (AWS_CONFIG_FILE and AWS_SHARED_CREDENTIALS_FILE honoured). */
    private List<String> profiles() {
        Set<String> names = new LinkedHashSet<>();
        Path aws = env.userHome().resolve(".aws");
        for (Path file : List.of(path("AWS_CONFIG_FILE", aws.resolve("config")), path("AWS_SHARED_CREDENTIALS_FILE", aws.resolve("credentials")))) {
            try {
                if (!Files.isRegularFile(file)) continue;
                for (String l : Files.readAllLines(file)) {
                    Matcher m = PROFILE.matcher(l);
                    if (m.matches() && !l.contains("sso-session")) names.add(m.group(1));
                }
            } catch (IOException e) {
                // an unreadable file offers no names; the command itself reports the real problem
            }
        }
        return List.copyOf(names);
    }

    private Path path(String var, Path fallback) {
        String v = env.var(var);
        return v == null ? fallback : Path.of(v.startsWith("~/") ? env.userHome() + v.substring(1) : v);
    }

    private static List<CommandSpec> visibleSubcommands(CommandSpec spec) {
        List<CommandSpec> out = new ArrayList<>();
        spec.subcommands().forEach((name, cl) -> {
            if (!cl.getCommandSpec().usageMessage().hidden() && name.equals(cl.getCommandSpec().name())) out.add(cl.getCommandSpec());
        });
        return out;
    }

    private static Candidate command(CommandSpec sub) {
        String[] d = sub.usageMessage().description();
        return new Candidate(sub.name(), sub.name(), "commands", d.length == 0 ? null : firstSentence(d[0]), null, null, true);
    }

    private static Candidate plain(String value) {
        return new Candidate(value, value, null, null, null, null, true);
    }

    private static String builtin(String b) {
        return switch (b) {
            case "forget" -> "Forget the remembered id, profile, region or shared table.";
            default -> "Leave the shell (also Ctrl-D).";
        };
    }

    private static String firstSentence(String s) {
        // picocli's own descriptions (the help command's) use %n for line breaks
        String t = s.replaceAll("\\$\\{[^}]+}", "").replace("%n", " ").strip();
        int dot = t.indexOf(". ");
        if (dot > 0) t = t.substring(0, dot + 1);
        return t.length() > 70 ? t.substring(0, 69) + "…" : t;
    }
}
