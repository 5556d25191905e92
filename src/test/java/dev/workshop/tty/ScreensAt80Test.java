package dev.workshop.tty;

import static org.junit.jupiter.api.Assertions.assertEquals;

import dev.workshop.TestSupport;
import dev.workshop.cli.Env;
import dev.workshop.labs.Lab;
import dev.workshop.labs.Labs;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Every screen an attendee or facilitator meets, rendered at 80 columns (a Codespace pane is often narrower than a
 * laptop's terminal): no line wider than 80, no word cut with an ellipsis, no Markdown left as literals. stdout and
 * stderr both count: they share the screen.
 */
class ScreensAt80Test {
    static final int COLUMNS = 80;

    @TempDir
    Path home;

    Env env() {
        Map<String, String> vars = new HashMap<>();
        vars.put("COLUMNS", Integer.toString(COLUMNS));
        return TestSupport.env(home, vars);
    }

    static List<String> lines(TestSupport.Result r) {
        List<String> out = new ArrayList<>();
        for (String s : (r.out() + "\n" + r.err()).split("\n", -1)) {
            for (String redraw : s.split("\r", -1)) if (!redraw.isEmpty()) out.add(redraw);
        }
        return out;
    }

    @Test
    void everyLabAndEveryViewFitsEightyColumns() throws Exception {
        String shared = TestSupport.randomTable();
        String id = TestSupport.randomId("w80");
        List<String> problems = new ArrayList<>();
        for (Lab lab : Labs.all()) {
            List<String> args = new ArrayList<>(List.of(lab.name(), "--id", id, "--shared-table", shared, "--no-pause"));
            // the load's length does not change what the screens look like
            if (lab.name().equals("hot-partitions")) args.addAll(List.of("--seconds", "4"));
            TestSupport.Result r = TestSupport.run(env(), args.toArray(String[]::new));
            collect(problems, lab.name(), r);
        }
        TestSupport.Result sim = TestSupport.run(env(), "hot-partitions", "--id", id, "--shared-table", shared, "--simulate");
        collect(problems, "hot-partitions --simulate", sim);
        for (String[] cmd : new String[][] {
                {"status", "--id", id, "--shared-table", shared},
                {"metrics", "--id", id, "--shared-table", shared, "--minutes", "5"},
                {"roster", "--ids", id + "," + TestSupport.randomId("w80"), "--shared-table", shared},
                {"guide"},
                {"setup", "--shared-table", shared},
                {"bootstrap", "--id", id, "--shared-table", shared}}) {
            collect(problems, String.join(" ", cmd), TestSupport.run(env(), cmd));
        }
        for (Lab lab : Labs.all()) collect(problems, "guide " + lab.name(), TestSupport.run(env(), "guide", lab.name()));
        assertEquals(List.of(), problems, String.join("\n", problems));
    }

    private static void collect(List<String> problems, String what, TestSupport.Result r) {
        for (String p : Width.problems(lines(r), COLUMNS)) problems.add(what + ": " + p);
        if (r.err().contains("Exception") && !r.err().contains("ThrottlingException")) problems.add(what + ": " + r);
    }

}
