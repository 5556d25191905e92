package dev.workshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import dev.workshop.TestSupport.Result;
import java.io.PrintWriter;
import java.io.StringWriter;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.List;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** Help for every command: exit 0, usage on stdout, nothing on stderr, and the options each command promises. */
class HelpTest {
    private static CommandLine root() {
        return Workshop.commandLine(new PrintWriter(new StringWriter()), new PrintWriter(new StringWriter()),
                TestSupport.env(Path.of("."), new HashMap<>()));
    }

    private static List<String> commands() {
        return root().getSubcommands().keySet().stream().filter(n -> !n.equals("help")).toList();
    }

    /** Every runnable command, as its words: "bootstrap", "policy simulate", ... */
    private static List<List<String>> leaves(CommandLine cl, List<String> path) {
        List<List<String>> out = new java.util.ArrayList<>();
        cl.getSubcommands().forEach((name, sub) -> {
            if (name.equals("help")) return;
            List<String> p = new java.util.ArrayList<>(path);
            p.add(name);
            if (sub.getSubcommands().isEmpty()) out.add(p);
            else out.addAll(leaves(sub, p));
        });
        return out;
    }

    @Test
    void rootHelpListsEveryCommand() {
        Result r = TestSupport.run("--help");
        assertEquals(0, r.exit(), r.toString());
        assertEquals("", r.err());
        assertTrue(r.out().startsWith("Usage: workshop"), r.out());
        for (String c : commands()) assertTrue(r.out().contains("  " + c), c + " in root help: " + r.out());
    }

    /**
     * {@code --help} and {@code -h} list the commands from their names and summaries alone (issue 15: the root's help
     * builds no command's options). The page must be the one the full command model prints, word for word, at the
     * widths an attendee's pane has.
     */
    @Test
    void rootHelpIsThePageOfTheFullCommandModel() {
        for (String width : List.of("80", "120")) {
            HashMap<String, String> vars = new HashMap<>();
            vars.put("COLUMNS", width);
            Env env = TestSupport.env(Path.of("."), vars);
            StringWriter full = new StringWriter();
            CommandLine all = Workshop.commandLine(new PrintWriter(full, true), new PrintWriter(new StringWriter()), env, null);
            all.usage(new PrintWriter(full, true));
            for (String option : List.of("--help", "-h")) {
                Result r = TestSupport.run(env, option);
                assertEquals(0, r.exit(), r.toString());
                assertEquals(full.toString(), r.out(), option + " at " + width + " columns");
            }
        }
    }

    @Test
    void everyCommandHasHelpWithItsSharedOptions() {
        for (String c : commands()) {
            Result r = TestSupport.run(c, "--help");
            assertEquals(0, r.exit(), c + ": " + r);
            assertEquals("", r.err(), c);
            assertTrue(r.out().startsWith("Usage: workshop " + c), c + ": " + r.out());
            // The same help through `workshop help <command>`.
            Result viaHelp = TestSupport.run("help", c);
            assertEquals(r.out(), viaHelp.out(), "help " + c + " prints the same as " + c + " --help");
        }
        for (List<String> words : leaves(root(), List.of())) {
            List<String> args = new java.util.ArrayList<>(words);
            args.add("--help");
            Result r = TestSupport.run(args.toArray(String[]::new));
            assertEquals(0, r.exit(), words + ": " + r);
            assertTrue(r.out().startsWith("Usage: workshop " + String.join(" ", words)), words + ": " + r.out());
            assertTrue(r.out().contains("-v, --verbose"), words + " has -v");
        }
    }

    @Test
    void workspaceCommandsTakeTheTargetAndIdOptions() {
        for (String c : List.of("bootstrap", "status", "cleanup")) {
            String out = TestSupport.run(c, "--help").out();
            for (String opt : List.of("--id", "--profile", "--region", "--endpoint-url", "--local", "--shared-table", "--no-color")) {
                assertTrue(out.contains(opt), c + " --help mentions " + opt);
            }
        }
    }

    @Test
    void unknownCommandOrOptionIsUsageErrorWithASuggestion() {
        Result r = TestSupport.run("bootsrap", "--id", "a");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("bootstrap"), "suggests the closest command: " + r.err());
        Result o = TestSupport.run("status", "--idd", "a");
        assertEquals(2, o.exit(), o.toString());
        assertTrue(o.err().contains("See: workshop status --help"), o.err());
    }

    @Test
    void noArgumentsWithoutATerminalPrintsHelp() {
        Result r = TestSupport.run();
        assertEquals(0, r.exit(), r.toString());
        assertTrue(r.out().startsWith("Usage: workshop"), r.out());
    }

    @Test
    void aBadAttendeeIdAnywhereIsAUsageErrorNotAnInternalOne() {
        Result r = TestSupport.run("policy", "simulate", "--attendee", "Alice", "--action", "dynamodb:GetItem", "--resource", "ws-shared");
        assertEquals(2, r.exit(), r.toString());
        assertTrue(r.err().contains("lower-case letters, digits and inner hyphens"), r.err());
        assertTrue(r.err().contains("Run: workshop policy simulate --attendee alice"), r.err());
    }
}
