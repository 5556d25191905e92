package dev.workshop.labs;

import dev.workshop.console.Table;
import java.util.ArrayList;
import java.util.List;

/** What a step showed and found: views (tables and text), measurements, and checks, in the order added. */
public final class StepResult {
    public sealed interface View permits TextView, TableView, MeasurementsView {}

    public record TextView(String text) implements View {}

    public record TableView(String caption, Table table) implements View {}

    /** Measurements shown side by side, one column each (e.g. the join against the single Query). */
    public record MeasurementsView(String caption, List<Measurement> measurements) implements View {}

    private final List<View> views = new ArrayList<>();
    private final List<Measurement> measurements = new ArrayList<>();
    private final List<Check> checks = new ArrayList<>();
    private String takeaway;

    public StepResult text(String text) {
        views.add(new TextView(text));
        return this;
    }

    public StepResult table(String caption, Table table) {
        views.add(new TableView(caption, table));
        return this;
    }

    /** Adds measurements to the step's record and shows them side by side. */
    public StepResult compare(String caption, Measurement... ms) {
        measurements.addAll(List.of(ms));
        views.add(new MeasurementsView(caption, List.of(ms)));
        return this;
    }

    /** Adds measurements to the step's record (JSON output) without a view, for a step that shows them its own way. */
    public StepResult record(Measurement... ms) {
        measurements.addAll(List.of(ms));
        return this;
    }

    public StepResult measured(Measurement m) {
        return compare(null, m);
    }

    public StepResult check(String promise, boolean passed, String detail) {
        checks.add(Check.of(promise, passed, detail));
        return this;
    }

    /** A promise this machine could not put to the test; {@code why} says so in figures. */
    public StepResult notShown(String promise, String why) {
        checks.add(Check.notShown(promise, why));
        return this;
    }

    /** The one line an attendee should remember from the step, shown last. */
    public StepResult takeaway(String line) {
        this.takeaway = line;
        return this;
    }

    public String takeaway() {
        return takeaway;
    }

    public List<View> views() {
        return views;
    }

    public List<Measurement> measurements() {
        return measurements;
    }

    public List<Check> checks() {
        return checks;
    }

    /** No check failed (one that could not be shown here is not a failure). */
    public boolean passed() {
        return checks.stream().noneMatch(Check::failed);
    }
}
