package dev.workshop.labs;

import dev.workshop.console.Console;
import dev.workshop.console.Json;
import dev.workshop.console.Table;
import dev.workshop.console.Markdown;
import dev.workshop.console.Plural;
import dev.workshop.model.KeyDesign;
import dev.workshop.model.Tables;
import dev.workshop.target.Principal;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.IntFunction;
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
     * @param resumeCommand the command that continues this run from a step, as the attendee typed it (null: built
     *     from the lab, the id and the shared table)
     */
    public record Options(Integer onlyStep, Integer fromStep, Output output, Pause pause, IntFunction<String> resumeCommand) {
        public Options(Integer onlyStep, Output output, Pause pause) {
            this(onlyStep, null, output, pause, null);
        }
    }

    /**
     * A step that could not finish (an expired SSO session, a network error): carries the step, so that the error
     * output can say where the lab stopped and how to continue from there once the cause is fixed.
     */
    public static final class Stopped extends RuntimeException {
        private final String lab;
        private final int step;
        private final int resumeAt;
        private final int steps;

        Stopped(String lab, int step, int resumeAt, int steps, String title, Throwable cause) {
            super("Lab " + lab + " stopped in step " + step + " of " + steps + " (" + title + ")", cause);
            this.lab = lab;
            this.step = step;
            this.resumeAt = resumeAt;
            this.steps = steps;
        }

        /** Where a run that continues this one starts: the step itself, or an earlier one it needs. */
        public int resumeAt() {
            return resumeAt;
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

    /**
     * @param notShown checks this machine could not put to the test (see {@link Check}): shown, but not failures, so
     *     a lab with some and no failed check exits 0
     */
    public record Outcome(int steps, int checksPassed, List<Check> failed, List<Check> notShown) {
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
        int asked = options.fromStep() == null ? 1 : options.fromStep();
        int from = lab.resumableFrom(asked);
        // A run with --from continues the saved results of the steps before it; --step N alone records nothing.
        LabProgress progress = options.onlyStep() != null || !lab.recordsProgress() ? null
                : from > 1 ? LabProgress.continuing(ctx, lab, steps.size(), from) : LabProgress.fresh(ctx, lab, steps.size());
        if (!json) {
            console.heading("Lab " + lab.number() + " · " + lab.name() + ": " + guide.title());
            prose(console, guide.introduction());
            if (from != asked) {
                console.info("Step " + asked + " uses what step " + from + " measures in the same run, so this run starts at step " + from + ".");
            }
        }
        int passed = 0;
        int ran = 0;
        List<Check> failed = new ArrayList<>();
        List<Check> notShown = new ArrayList<>();
        Table recap = new Table("step", "title", "checks", "takeaway");
        boolean[] latencyNoted = {false};
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
                if (step.narration() != null) prose(console, step.narration());
                else if (section != null) prose(console, section.text());
                console.blank();
            }
            StepResult result = new StepResult();
            try {
                step.action().run(ctx, result);
            } catch (RuntimeException e) {
                throw new Stopped(lab.name(), n, lab.resumableFrom(n), steps.size(), step.title(), e);
            }
            ran++;
            int stepPassed = 0;
            int stepFailed = 0;
            for (Check c : result.checks()) {
                if (c.passed()) stepPassed++;
                else if (c.failed()) {
                    stepFailed++;
                    failed.add(c);
                } else notShown.add(c);
            }
            passed += stepPassed;
            if (progress != null) {
                try {
                    progress.stepDone(n, stepPassed, stepFailed, result.checks().size() - stepPassed - stepFailed);
                } catch (RuntimeException e) {
                    throw new Stopped(lab.name(), n, lab.resumableFrom(n), steps.size(), step.title(), e);
                }
            }
            if (json) console.line(Json.write(toJson(lab, n, step, result)));
            else render(console, result, latencyNoted);
            long ok = result.checks().stream().filter(Check::passed).count();
            long unshown = result.checks().stream().filter(Check::notShown).count();
            recap.row(n, step.title(), result.checks().isEmpty() ? "" : ok + "/" + result.checks().size()
                            + (unshown == 0 ? "" : ", " + unshown + " not shown here"),
                    result.takeaway() == null ? "" : result.takeaway());
            boolean last = options.onlyStep() != null || n == steps.size();
            if (!json && !last && !options.pause().next("Press Enter for step " + (n + 1) + " (q then Enter to stop)")) {
                IntFunction<String> resume = options.resumeCommand() != null ? options.resumeCommand()
                        : k -> "workshop " + lab.name() + " --id " + ctx.id()
                                + (ctx.sharedTable().equals(Tables.DEFAULT_SHARED) ? "" : " --shared-table " + ctx.sharedTable()) + " --from " + k;
                console.info("Stopped after step " + n + ". To continue later: " + resume.apply(lab.resumableFrom(n + 1)));
                break;
            }
        }
        Outcome outcome = new Outcome(ran, passed, failed, notShown);
        if (json) {
            Map<String, Object> s = new LinkedHashMap<>();
            s.put("lab", lab.name());
            s.put("summary", true);
            s.put("steps", ran);
            s.put("checksPassed", passed);
            s.put("checksFailed", failed.size());
            s.put("checksNotShown", notShown.size());
            s.put("passed", outcome.passed());
            console.line(Json.write(s));
        } else {
            console.heading("Summary");
            console.table(recap);
            console.blank();
            if (outcome.passed() && notShown.isEmpty()) {
                console.ok(lab.name() + ": " + Plural.of(ran, "step") + (passed == 0 ? ", no checks to pass." : passed == 1
                        ? ", its check passed." : ", all " + passed + " checks passed."));
            } else if (outcome.passed()) {
                console.caution(lab.name() + ": " + Plural.of(ran, "step") + ", " + passed + " of "
                        + Plural.of(passed + notShown.size(), "check") + " passed; " + notShown.size()
                        + " could not be shown on this machine (not a failure of the lesson):");
            } else {
                console.fail(lab.name() + ": " + failed.size() + " of " + Plural.of(passed + failed.size() + notShown.size(), "check") + " failed:");
                for (Check c : failed) console.say("  ✘ " + c.promise() + (c.detail() == null ? "" : ": " + c.detail()));
            }
            for (Check c : notShown) console.say("  ! " + c.promise() + ": could not be shown here" + (c.detail() == null ? "" : ": " + c.detail()));
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

    /** The guide's Markdown for the terminal: emphasis and code spans styled across wrapped lines, never left as literals. */
    private static void prose(Console console, String markdown) {
        for (String line : Markdown.render(markdown, Math.min(console.width(), 100), console)) console.line(line);
    }

    static void render(Console console, StepResult result) {
        render(console, result, new boolean[] {true});
    }

    /** @param latencyNoted whether this run has said once what its latency figures are worth */
    static void render(Console console, StepResult result, boolean[] latencyNoted) {
        for (StepResult.View v : result.views()) {
            if (v instanceof StepResult.TextView t) {
                prose(console, t.text());
            } else if (v instanceof StepResult.TableView t) {
                if (t.caption() != null) console.say(console.bold(t.caption()));
                console.table(t.table());
            } else if (v instanceof StepResult.MeasurementsView m) {
                if (m.caption() != null) console.say(console.bold(m.caption()));
                console.table(measurements(m.measurements()));
                if (!latencyNoted[0]) {
                    latencyNoted[0] = true;
                    console.say(console.dim("Latency is one run's wall time on this machine: at this scale it is mostly noise "
                            + "(the network, the JVM warming up). Requests, round trips and units are what the design decides."));
                }
            }
            console.blank();
        }
        for (Check c : result.checks()) {
            if (c.passed()) console.ok(c.promise() + (c.detail() == null ? "" : console.dim("  (" + c.detail() + ")")));
            else if (c.notShown()) console.caution(c.promise() + ": could not be shown here" + (c.detail() == null ? "" : ": " + c.detail()));
            else console.fail(c.promise() + (c.detail() == null ? "" : ": " + c.detail()));
        }
        if (result.takeaway() != null) {
            console.blank();
            List<String> lines = console.wrap(result.takeaway(), Math.min(console.width(), 100) - 2);
            for (int i = 0; i < lines.size(); i++) console.line(console.cyan((i == 0 ? "→ " : "  ") + lines.get(i)));
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
            j.put("outcome", c.verdict() == Check.Verdict.NOT_SHOWN ? "not shown here" : c.passed() ? "passed" : "failed");
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
    /** The primary key of a progress record, for readers (status, roster). */
    public static Map<String, AttributeValue> progressKey(dev.workshop.model.AttendeeId id, String lab) {
        return Map.of(Tables.PK, AttributeValue.fromS(KeyDesign.progressPk(id)), Tables.SK, AttributeValue.fromS("LAB#" + lab));
    }
}
