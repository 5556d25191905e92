package dev.workshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import dev.workshop.labs.Syllabus;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.Tables;
import dev.workshop.target.TargetFactory;
import java.io.PrintWriter;
import java.io.Writer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.jline.reader.Candidate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;

class CompletionTest {
    @TempDir
    Path home;

    private final Map<String, String> remembered = new LinkedHashMap<>();

    private ShellCompleter completer(Env env) {
        return new ShellCompleter(() -> Workshop.commandLine(new PrintWriter(Writer.nullWriter()), new PrintWriter(Writer.nullWriter()), env)
                .getCommandSpec(), new KnownIds(home), TestSupport::target, remembered, env);
    }

    private Env env(Map<String, String> vars) {
        return TestSupport.env(home, vars);
    }

    private static List<String> values(List<Candidate> cs) {
        return cs.stream().map(Candidate::value).toList();
    }

    @Test
    void commandsAndShellBuiltinsFirst() {
        List<String> v = values(completer(env(new HashMap<>())).candidates(List.of(""), 0, ""));
        for (String c : List.of("bootstrap", "status", "cleanup", "shell", "guide", "completion", "help", "exit", "forget")) {
            assertTrue(v.contains(c), c + " in " + v);
        }
        for (Syllabus.Entry e : Syllabus.entries()) assertEquals(e.available(), v.contains(e.name()), "lab command " + e.name());
    }

    @Test
    void optionsOfTheCommandBeingTyped() {
        List<String> v = values(completer(env(new HashMap<>())).candidates(List.of("status", "--"), 1, "--"));
        assertTrue(v.containsAll(List.of("--id", "--profile", "--region", "--local", "--shared-table", "--help")), v.toString());
        assertFalse(v.contains("--ids-file"), "bootstrap's options are not status's: " + v);
        v = values(completer(env(new HashMap<>())).candidates(List.of("bootstrap", "--"), 1, "--"));
        assertTrue(v.contains("--ids-file"), v.toString());
    }

    @Test
    void labNamesForGuide() {
        List<String> v = values(completer(env(new HashMap<>())).candidates(List.of("guide", ""), 1, ""));
        assertEquals(Syllabus.NAMES, v.subList(0, Syllabus.NAMES.size()));
    }

    @Test
    void rememberedKnownAndLocalTableOwnersForId() {
        String owner = TestSupport.randomId("own");
        TestSupport.admin().createTable(Tables.personalTable(AttendeeId.of(owner)));
        try {
            new KnownIds(home).remember("used-before");
            remembered.put("--id", "this-session");
            ShellCompleter c = completer(env(new HashMap<>(Map.of("ATTENDEE_ID", "from-env"))));
            List<String> v = values(c.candidates(List.of("status", "--id", ""), 2, ""));
            assertEquals(List.of("this-session", "from-env", "used-before"), v.subList(0, 3));
            assertTrue(v.contains(owner), "the owner of ws-att-" + owner + " on the local target: " + v);
            assertTrue(values(c.candidates(List.of("status", "--id=u"), 1, "--id=u")).contains("--id=used-before"));
        } finally {
            TestSupport.admin().deleteTable(DeleteTableRequest.builder().tableName("ws-att-" + owner).build());
        }
    }

    @Test
    void profilesFromTheAwsConfigAndEnumValues() throws Exception {
        Path config = home.resolve("config");
        Files.writeString(config, "[default]\nregion=eu-west-1\n[profile ws]\nsso_session=x\n[sso-session x]\nsso_region=eu-west-1\n");
        ShellCompleter c = completer(env(new HashMap<>(Map.of("AWS_CONFIG_FILE", config.toString()))));
        assertEquals(List.of("default", "ws"), values(c.candidates(List.of("status", "--profile", ""), 2, "")));
        assertEquals(List.of("bash", "zsh"), values(c.candidates(List.of("completion", ""), 1, "")));
    }

    @Test
    void tabCompletesInTheRunningShell() throws Exception {
        Map<String, String> vars = new HashMap<>(Map.of("NO_COLOR", "1"));
        try (ShellHarness h = new ShellHarness(env(vars))) {
            h.start(new Shell.Start(null, null, null, TestSupport.randomTable(), new TargetFactory.Selection(null, null, null, false)));
            h.awaitPrompts(1);
            h.type("gui\t\n");
            String s = h.awaitPrompts(2);
            assertTrue(s.contains("guide"), s);
            assertTrue(s.contains("Read one: workshop guide no-joins"), "the completed command ran: " + s);
        }
    }

    @Test
    void bashAndZshScriptsFromTheCommandModel() {
        TestSupport.Result bash = TestSupport.run("completion", "bash");
        assertEquals(0, bash.exit(), bash.toString());
        assertTrue(bash.out().contains("complete -F _complete_workshop"), bash.out());
        for (String word : List.of("bootstrap", "status", "cleanup", "guide", "shell", "--shared-table", "no-joins")) {
            assertTrue(bash.out().contains(word), word);
        }
        TestSupport.Result zsh = TestSupport.run("completion", "zsh");
        assertEquals(0, zsh.exit());
        assertTrue(zsh.out().contains("bashcompinit"), "zsh loads bashcompinit: " + zsh.out().substring(0, 400));
        TestSupport.Result fish = TestSupport.run("completion", "fish");
        assertEquals(2, fish.exit());
        assertTrue(fish.err().contains("bash, zsh"), fish.err());
    }

    @Test
    void noCandidateShowsPicocliFormatCodes() {
        List<Candidate> commands = completer(env(new HashMap<>())).candidates(List.of(""), 0, "");
        assertTrue(commands.stream().anyMatch(c -> c.value().equals("help")), values(commands).toString());
        for (Candidate c : commands) {
            assertFalse(c.descr() != null && c.descr().contains("%n"), c.value() + ": " + c.descr());
        }
    }
}
