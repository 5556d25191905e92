package dev.workshop.labs;

import dev.workshop.console.Console;
import dev.workshop.console.Json;
import dev.workshop.console.Table;
import dev.workshop.console.Text;
import dev.workshop.model.KeyDesign;
import dev.workshop.model.Tables;
import dev.workshop.target.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;

/**
 * Runs a lab: for each step the guide's narration, the step's real DynamoDB calls, its views and measurements,
 * and its checks; then a summary, and the attendee's progress recorded in their own namespace.
 */
public final class LabRunner {
    /** Waits for the attendee between steps; returns false when they asked to stop. */
    @FunctionalInterface
    public interface Pause {
        boolean next(String hint);

        Pause NONE = hint -> true;
    }

    public enum Output { TEXT, JSON }

    /**
     * @param onlyStep run just this step (null: all)
     * @param fromStep start here and run to the end, continuing a run that stopped (null: from step 1)
     */
    public record Options(Integer onlyStep, Integer fromStep, Output output, Pause pause) {
        public Options(Integer onlyStep, Output output, Pause pause) {
            this(onlyStep, null, output, pause);
        }
    }

    /**
     * A step that could not finish (an expired SSO session, a network error): carries the step, so that the error
     * output can say where the lab stopped and how to continue from there once the cause is fixed.
     */
    public static final class Stopped extends RuntimeException {
        private final String lab;
        private final int step;
        private final int steps;

        Stopped(String lab, int step, int steps, String title, Throwable cause) {
            super("Lab " + lab + " stopped in step " + step + " of " + steps + " (" + title + ")", cause);
            this.lab = lab;
            this.step = step;
            this.steps = steps;
        }

        public String lab() {
            return lab;
        }

        public int step() {
            return step;
        }

        public int steps() {
            return steps;
        }
    }

    public record Outcome(int steps, int checksPassed, List<Check> failed) {
        public boolean passed() {
            return failed.isEmpty();
        }
    }

    private LabRunner() {}

    public static Outcome run(Lab lab, LabContext ctx, Options options) throws Exception {
        Console console = ctx.console();
        Guide guide = Guide.load(lab.guideFile());
        List<Step> steps = lab.steps();
        boolean json = options.output() == Output.JSON;
        checkStep(lab, steps.size(), options.onlyStep());
        checkStep(lab, steps.size(), options.fromStep(), "--from");
        int from = options.fromStep() == null ? 1 : options.fromStep();
        // A resumed run continues the one that stopped: its checks count when it stopped cleanly before `from`.
        Prior prior = from > 1 && options.onlyStep() == null ? prior(ctx, lab, from) : Prior.NONE;
        if (!json) {
            console.heading("Lab " + lab.number() + " · " + lab.name() + ": " + guide.title());
            prose(console, guide.introduction());
        }
        int passed = 0;
        int ran = 0;
        List<Check> failed = new ArrayList<>();
        Table recap = new Table("step", "title", "checks", "takeaway");
        for (int i = 0; i < steps.size(); i++) {
            int n = i + 1;
            if (options.onlyStep() != null && options.onlyStep() != n) continue;
            if (n < from) continue;
            // Ctrl-C in the shell interrupts the command's thread: stop before the next step, even if a step swallowed it
            if (Thread.currentThread().isInterrupted()) throw new InterruptedException("lab " + lab.name() + " cancelled before step " + n);
            Step step = steps.get(i);
            Guide.Section section = i < guide.steps().size() ? guide.steps().get(i) : null;
            if (!json) {
                console.heading("Step " + n + "/" + steps.size() + ": " + step.title());
                if (section != null) prose(console, section.text());
                console.blank();
            }
            StepResult result = new StepResult();
            try {
                step.action().run(ctx, result);
            } catch (RuntimeException e) {
                if (options.onlyStep() == null) {
                    recordQuietly(ctx, lab, new Outcome(ran, prior.checksPassed() + passed, failed), false, prior.through(from, ran));
                }
                throw new Stopped(lab.name(), n, steps.size(), step.title(), e);
            }
            ran++;
            for (Check c : result.checks()) {
                if (c.passed()) passed++;
                else failed.add(c);
            }
            if (json) console.line(Json.write(toJson(lab, n, step, result)));
            else render(console, result);
            long ok = result.checks().stream().filter(Check::passed).count();
            recap.row(n, step.title(), result.checks().isEmpty() ? "" : ok + "/" + result.checks().size(),
                    result.takeaway() == null ? "" : result.takeaway());
            boolean last = options.onlyStep() != null || n == steps.size();
            if (!json && !last && !options.pause().next("Press Enter for step " + (n + 1) + " (q then Enter to stop)")) {
                console.info("Stopped after step " + n + ". To continue later: workshop " + lab.name() + " --id " + ctx.id()
                        + (ctx.sharedTable().equals(Tables.DEFAULT_SHARED) ? "" : " --shared-table " + ctx.sharedTable())
                        + " --from " + (n + 1));
                break;
            }
        }
        Outcome outcome = new Outcome(ran, passed, failed);
        if (options.onlyStep() == null) {
            int through = prior.through(from, ran);
            record(ctx, lab, new Outcome(ran, prior.checksPassed() + passed, failed), through == steps.size(), through);
        }
        if (json) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("lab", lab.name());
            s.put("summary", true);
            s.put("steps", ran);
            s.put("checksPassed", passed);
            s.put("checksFailed", failed.size());
            s.put("passed", outcome.passed());
            console.line(Json.write(s));
        } else {
            console.heading("Summary");
            console.table(recap);
            console.blank();
            if (outcome.passed()) {
                console.ok(lab.name() + ": " + ran + " steps, all " + passed + " checks passed.");
            } else {
                console.fail(lab.name() + ": " + failed.size() + " of " + (passed + failed.size()) + " checks failed:");
                for (Check c : failed) console.line("  ✘ " + c.promise() + (c.detail() == null ? "" : ": " + c.detail()));
            }
        }
        return outcome;
    }

    /** A --step outside the lab is a usage error (exit 2), found before anything is opened or written. */
    public static void checkStep(Lab lab, int steps, Integer onlyStep) {
        checkStep(lab, steps, onlyStep, "--step");
    }

    public static void checkStep(Lab lab, int steps, Integer step, String option) {
        checkStep(lab, steps, step, option, null);
    }

    /** @param id the attendee, for the command that fixes it (null: left out) */
    public static void checkStep(Lab lab, int steps, Integer step, String option, dev.workshop.model.AttendeeId id) {
        if (step != null && (step < 1 || step > steps)) {
            throw dev.workshop.WorkshopException.usage("Lab " + lab.name() + " has steps 1 to " + steps
                    + "; there is no step " + step + ".",
                    "workshop " + lab.name() + (id == null ? "" : " --id " + id) + " " + option + " 1");
        }
    }

    private static void prose(Console console, String markdown) {
        for (String line : Text.wrap(reflow(markdown), Math.min(console.width(), 100))) console.line(Text.inline(line, console));
    }

    /**
     * Joins the lines of each markdown paragraph (and of each list item) into one, so the guide's own line breaks do
     * not survive the rewrap to the terminal's width. Code, tables, headings and blank lines stay as they are.
     */
    static String reflow(String markdown) {
        List<String> out = new ArrayList<>();
        boolean code = false;
        boolean joinable = false;
        for (String line : markdown.split("\n", -1)) {
            boolean fence = line.startsWith("```");
            if (fence) code = !code;
            boolean block = fence || code || line.isBlank() || line.startsWith("    ") || line.startsWith("|")
                    || line.startsWith("#") || line.matches("^\\s*([-*]|\\d+\\.) .*");
            if (!block && joinable && !out.isEmpty()) {
                out.set(out.size() - 1, out.get(out.size() - 1) + " " + line.trim());
                continue;
            }
            out.add(line);
            joinable = !(fence || code || line.isBlank() || line.startsWith("    ") || line.startsWith("|") || line.startsWith("#"));
        }
        return String.join("\n", out);
    }

    static void render(Console console, StepResult result) {
        for (StepResult.View v : result.views()) {
            if (v instanceof StepResult.TextView t) {
                prose(console, t.text());
            } else if (v instanceof StepResult.TableView t) {
                if (t.caption() != null) console.line(console.bold(t.caption()));
                console.table(t.table());
            } else if (v instanceof StepResult.MeasurementsView m) {
                if (m.caption() != null) console.line(console.bold(m.caption()));
                console.table(measurements(m.measurements()));
            }
            console.blank();
        }
        for (Check c : result.checks()) {
            if (c.passed()) console.ok(c.promise() + (c.detail() == null ? "" : console.dim("  (" + c.detail() + ")")));
            else console.fail(c.promise() + (c.detail() == null ? "" : ": " + c.detail()));
        }
        if (result.takeaway() != null) {
            console.blank();
            for (String line : Text.wrap("→ " + result.takeaway(), Math.min(console.width(), 100))) console.line(console.cyan(line));
        }
    }

    /** Side by side: one column per measurement. */
    public static Table measurements(List<Measurement> ms) {
        String[] headers = new String[ms.size() + 1];
        headers[0] = "";
        for (int i = 0; i < ms.size(); i++) headers[i + 1] = ms.get(i).label();
        Table t = new Table(headers);
        int[] right = new int[ms.size()];
        for (int i = 0; i < ms.size(); i++) right[i] = i + 1;
        t.right(right);
        t.row(cells("requests (API calls)", ms, m -> Integer.toString(m.calls())));
        t.row(cells("round trips", ms, m -> Integer.toString(m.roundTrips())));
        t.row(cells("read units", ms, m -> units(m.readUnits())));
        t.row(cells("write units", ms, m -> units(m.writeUnits())));
        // Where the units went: the table and each index, as DynamoDB reported them (ReturnConsumedCapacity INDEXES).
        java.util.SortedSet<String> resources = new java.util.TreeSet<>(java.util.Comparator
                .comparing((String r) -> r.contains("/")).thenComparing(r -> r));
        // A resource nobody consumed from (e.g. the base table under an index Query) is noise: leave it out.
        for (Measurement m : ms) m.capacityByResource().forEach((r, u) -> {
            if (u != null && u > 0) resources.add(r);
        });
        if (resources.size() > 1 || ms.stream().anyMatch(m -> m.capacityByResource().size() > 1)) {
            for (String r : resources) {
                String name = r.contains("/") ? "  on index " + r.substring(r.indexOf('/') + 1) : "  on table " + r;
                t.row(cells(name, ms, m -> {
                    Double u = m.capacityByResource().get(r);
                    return u == null ? "·" : units(u);
                }));
            }
        }
        t.row(cells("latency", ms, m -> String.format(Locale.ROOT, "%.1f ms", m.latencyMillis())));
        if (ms.stream().anyMatch(m -> m.items() > 0)) t.row(cells("items", ms, m -> Integer.toString(m.items())));
        if (ms.stream().anyMatch(m -> m.throttled() > 0)) t.row(cells("throttled attempts", ms, m -> Integer.toString(m.throttled())));
        return t;
    }

    private static Object[] cells(String label, List<Measurement> ms, java.util.function.Function<Measurement, String> f) {
        Object[] row = new Object[ms.size() + 1];
        row[0] = label;
        for (int i = 0; i < ms.size(); i++) row[i + 1] = f.apply(ms.get(i));
        return row;
    }

    public static String units(double u) {
        // Units come in halves (eventually consistent reads) and, for transactions, doubles: two decimals are exact enough.
        return java.math.BigDecimal.valueOf(u).setScale(2, java.math.RoundingMode.HALF_UP).stripTrailingZeros().toPlainString();
    }

    private static Map<String, Object> toJson(Lab lab, int n, Step step, StepResult r) {
        Map<String, Object> m = new LinkedHashMap<>();
        m.put("lab", lab.name());
        m.put("step", n);
        m.put("title", step.title());
        List<Object> ms = new ArrayList<>();
        for (Measurement x : r.measurements()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("label", x.label());
            j.put("calls", x.calls());
            j.put("roundTrips", x.roundTrips());
            j.put("readUnits", x.readUnits());
            j.put("writeUnits", x.writeUnits());
            j.put("capacity", x.capacityByResource());
            j.put("latencyMs", Math.round(x.latencyMillis() * 10) / 10.0);
            j.put("items", x.items());
            j.put("throttled", x.throttled());
            ms.add(j);
        }
        m.put("measurements", ms);
        List<Object> cs = new ArrayList<>();
        for (Check c : r.checks()) {
            Map<String, Object> j = new LinkedHashMap<>();
            j.put("check", c.promise());
            j.put("passed", c.passed());
            j.put("detail", c.detail());
            cs.add(j);
        }
        m.put("checks", cs);
        List<Object> ts = new ArrayList<>();
        for (StepResult.View v : r.views()) {
            if (v instanceof StepResult.TableView t) {
                Map<String, Object> j = new LinkedHashMap<>();
                j.put("caption", t.caption());
                j.put("headers", t.table().headers());
                j.put("rows", t.table().rows());
                ts.add(j);
            }
        }
        m.put("tables", ts);
        m.put("takeaway", r.takeaway());
        m.put("passed", r.passed());
        return m;
    }

    /** Progress lives in the attendee's own namespace, so the roster view and status can read it with the same keys. */
    /** What an earlier, stopped run of this lab already did: the steps it finished and the checks they passed. */
    private record Prior(int steps, int checksPassed) {
        static final Prior NONE = new Prior(0, 0);

        /**
         * The last step done without a gap since step 1, after this run finished {@code ran} steps from {@code from}:
         * a run from step 1, or one that continues a prior run which got that far, counts; any other does not.
         */
        int through(int from, int ran) {
            if (from == 1) return ran;
            return this == NONE ? 0 : from - 1 + ran;
        }
    }

    /** The progress record of a run that stopped without a failed check at or after step from - 1; else NONE. */
    private static Prior prior(LabContext ctx, Lab lab, int from) {
        try {
            Map<String, AttributeValue> item = ctx.target().dynamo(Principal.attendee(ctx.id())).getItem(
                    software.amazon.awssdk.services.dynamodb.model.GetItemRequest.builder().tableName(ctx.sharedTable())
                            .key(progressKey(ctx.id(), lab.name())).consistentRead(true).build()).item();
            if (item == null || !item.containsKey("Result") || !item.containsKey("Through")) return Prior.NONE;
            boolean clean = "PARTIAL".equals(item.get("Result").s()) && "0".equals(item.get("ChecksFailed").n());
            int through = Integer.parseInt(item.get("Through").n());
            return clean && through >= from - 1 ? new Prior(from - 1, Integer.parseInt(item.get("ChecksPassed").n())) : Prior.NONE;
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
            return Prior.NONE;
        }
    }

    /** Records progress on the way out of a failed step; the step's own error is the one worth reporting. */
    private static void recordQuietly(LabContext ctx, Lab lab, Outcome o, boolean complete, int through) {
        try {
            record(ctx, lab, o, complete, through);
        } catch (RuntimeException ignored) {
            // e.g. the same expired credentials that stopped the step
        }
    }

    private static void record(LabContext ctx, Lab lab, Outcome o, boolean complete, int through) {
        String result = !o.passed() ? "FAILED" : complete ? "PASSED" : "PARTIAL";
        Map<String, AttributeValue> item = KeyDesign.item(ctx.id(), KeyDesign.expiresFrom(ctx.clock().instant()),
                KeyDesign.progressPk(ctx.id()), "LAB#" + lab.name(), "Progress",
                "Lab", lab.name(), "Result", result, "At", ctx.clock().instant().toString());
        item.put("ChecksPassed", AttributeValue.fromN(Integer.toString(o.checksPassed())));
        item.put("ChecksFailed", AttributeValue.fromN(Integer.toString(o.failed().size())));
        item.put("Through", AttributeValue.fromN(Integer.toString(through)));
        try {
            ctx.target().dynamo(Principal.attendee(ctx.id()))
                    .putItem(PutItemRequest.builder().tableName(ctx.sharedTable()).item(item).build());
        } catch (software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException e) {
            // A lab that needs no workspace can run before the shared table exists; its result still stands.
            ctx.console().info("Progress not recorded: the shared table " + ctx.sharedTable() + " does not exist yet"
                    + " (workshop bootstrap --id " + ctx.id() + " creates it).");
        }
    }

    /** The primary key of a progress record, for readers (status, roster). */
    public static Map<String, AttributeValue> progressKey(dev.workshop.model.AttendeeId id, String lab) {
        return Map.of(Tables.PK, AttributeValue.fromS(KeyDesign.progressPk(id)), Tables.SK, AttributeValue.fromS("LAB#" + lab));
    }
}
