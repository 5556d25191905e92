package dev.workshop.labs;

import dev.workshop.WorkshopException;
import dev.workshop.model.SiloDesign;
import java.io.PrintWriter;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexUpdate;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;
import software.amazon.awssdk.services.dynamodb.model.UpdateTableRequest;

/**
 * Creates and deletes GSIs on a live table, one per UpdateTable call, and watches each until DynamoDB is done:
 * IndexStatus, Backfilling and ItemCount from DescribeTable, with the elapsed time, on stderr.
 *
 * <p>DynamoDB creates or deletes only one GSI per UpdateTable operation
 * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateTable.html, GlobalSecondaryIndexUpdates).
 * While one online index change runs, DynamoDB also refuses the next one on the same table with LimitExceededException
 * "Subscriber limit exceeded: Only 1 online index can be created or deleted simultaneously per table": DynamoDB Local
 * answers exactly that, and so does AWS as users report it (github.com/architect/architect/issues/268,
 * github.com/ryanfitz/vogels/issues/125, where an older guide's "up to five at once" was refused in practice). So
 * index changes on one table run one after another, whatever the order they are sent in; only different tables
 * change in parallel (up to 500 table operations at once per account: the LimitExceededException reference,
 * https://docs.aws.amazon.com/botocore/latest/reference/services/dynamodb/client/exceptions/LimitExceededException.html).
 * A refused change waits for the table and is sent again. Every wait is bounded.
 */
public final class OnlineIndexes {
    public enum Outcome { FOUND, CREATED, RECREATED, DELETED, ABSENT }

    public record Change(String index, Outcome outcome, Duration elapsed, int polls) {}

    private static final Duration FIRST_POLL = Duration.ofMillis(150);
    private static final Duration MAX_POLL = Duration.ofSeconds(5);
    /** Without a terminal, a still-running wait says so at most this often, so logs stay short. */
    private static final Duration QUIET_REPORT = Duration.ofSeconds(30);

    private final DynamoDbClient client;
    private final String table;
    private final Duration timeout;
    private final PrintWriter err;
    private final boolean redraw;
    private final String rerun;
    private java.util.function.Function<String, String> progress = name -> "";
    private Duration progressEvery = Duration.ofSeconds(30);

    /**
     * @param rerun the command that resumes after a timeout (a re-run finds the index where DynamoDB left it)
     */
    public OnlineIndexes(DynamoDbClient client, String table, Duration timeout, PrintWriter err, boolean redraw, String rerun) {
        this.client = client;
        this.table = table;
        this.timeout = timeout;
        this.err = err;
        this.redraw = redraw;
        this.rerun = rerun;
    }

    /**
     * While an index builds, also shows {@code progress.apply(index)} (on AWS, CloudWatch's
     * OnlineIndexPercentageProgress), asked at most once per {@code every}: a room of attendees polling CloudWatch
     * every second would spend GetMetricData's 50 TPS. A failing progress source shows nothing and stops no wait.
     */
    public OnlineIndexes withProgress(java.util.function.Function<String, String> progress, Duration every) {
        this.progress = progress;
        this.progressEvery = every;
        return this;
    }

    public TableDescription describe() {
        return client.describeTable(b -> b.tableName(table)).table();
    }

    public Optional<GlobalSecondaryIndexDescription> find(String name) {
        return indexes(describe()).stream().filter(g -> g.indexName().equals(name)).findFirst();
    }

    public static List<GlobalSecondaryIndexDescription> indexes(TableDescription t) {
        return t.hasGlobalSecondaryIndexes() ? t.globalSecondaryIndexes() : List.of();
    }

    /**
     * Brings the index to ACTIVE: keeps it when a previous run left the same definition, replaces it when the
     * definition differs, creates it when missing.
     */
    public Change ensure(SiloDesign.Index index) {
        long start = System.nanoTime();
        int[] polls = {0};
        waitQuiet(index.name(), start, polls);
        Optional<GlobalSecondaryIndexDescription> existing = find(index.name());
        Outcome outcome = Outcome.CREATED;
        if (existing.isPresent()) {
            if (index.matches(existing.get())) {
                return new Change(index.name(), Outcome.FOUND, Duration.ofNanos(System.nanoTime() - start), polls[0]);
            }
            say("Replacing " + index.name() + " on " + table + ": it exists with another key schema or projection.");
            sendDelete(index.name(), start, polls);
            waitGone(index.name(), start, polls);
            outcome = Outcome.RECREATED;
        }
        say("Creating " + index.name() + " (" + index.projectionLabel() + ") on " + table + " with UpdateTable.");
        sendCreate(index, start, polls);
        waitActive(index.name(), start, polls);
        return new Change(index.name(), outcome, Duration.ofNanos(System.nanoTime() - start), polls[0]);
    }

    /**
     * Sends an index creation and returns without waiting for the backfill, so other work (on other tables) runs
     * while DynamoDB builds it; {@link #awaitActive} watches it to the end. FOUND when the same definition is already
     * there (ACTIVE or still being built); a different definition is deleted first (that wait is not skipped).
     */
    public Change begin(SiloDesign.Index index) {
        long start = System.nanoTime();
        int[] polls = {0};
        Optional<GlobalSecondaryIndexDescription> existing = find(index.name());
        if (existing.isPresent() && index.matches(existing.get())) {
            return new Change(index.name(), Outcome.FOUND, Duration.ofNanos(System.nanoTime() - start), polls[0]);
        }
        Outcome outcome = Outcome.CREATED;
        if (existing.isPresent()) {
            say("Replacing " + index.name() + " on " + table + ": it exists with another key schema or projection.");
            sendDelete(index.name(), start, polls);
            waitGone(index.name(), start, polls);
            outcome = Outcome.RECREATED;
        }
        say("Creating " + index.name() + " (" + index.projectionLabel() + ") on " + table + " with UpdateTable.");
        sendCreate(index, start, polls);
        return new Change(index.name(), outcome, Duration.ofNanos(System.nanoTime() - start), polls[0]);
    }

    /** Watches the index until it is ACTIVE: IndexStatus, Backfilling, ItemCount and (on AWS) the backfill's progress. */
    public Change awaitActive(String name) {
        long start = System.nanoTime();
        int[] polls = {0};
        waitActive(name, start, polls);
        return new Change(name, Outcome.FOUND, Duration.ofNanos(System.nanoTime() - start), polls[0]);
    }

    /** Waits until the table is ACTIVE and none of its indexes is being created, updated or deleted. */
    public Duration awaitQuiet() {
        long start = System.nanoTime();
        waitQuiet(table, start, new int[] {0});
        return Duration.ofNanos(System.nanoTime() - start);
    }

    /**
     * Brings several indexes to ACTIVE. Each creation is sent as soon as the table takes it and the waits for ACTIVE
     * come last; on one table DynamoDB still builds them one at a time (see the class comment), so this saves only
     * the round trips between them. Each Change's time runs from the common start.
     */
    public List<Change> ensureAll(List<SiloDesign.Index> wanted) {
        long start = System.nanoTime();
        int[] polls = {0};
        List<Outcome> outcomes = new java.util.ArrayList<>();
        for (SiloDesign.Index index : wanted) {
            Optional<GlobalSecondaryIndexDescription> existing = find(index.name());
            if (existing.isPresent() && index.matches(existing.get())) {
                outcomes.add(Outcome.FOUND);
                continue;
            }
            Outcome outcome = Outcome.CREATED;
            if (existing.isPresent()) {
                say("Replacing " + index.name() + " on " + table + ": it exists with another key schema or projection.");
                sendDelete(index.name(), start, polls);
                waitGone(index.name(), start, polls);
                outcome = Outcome.RECREATED;
            }
            say("Creating " + index.name() + " (" + index.projectionLabel() + ") on " + table + " with UpdateTable.");
            sendCreate(index, start, polls);
            outcomes.add(outcome);
        }
        List<Change> changes = new java.util.ArrayList<>();
        for (int i = 0; i < wanted.size(); i++) {
            String name = wanted.get(i).name();
            if (outcomes.get(i) != Outcome.FOUND) waitActive(name, start, polls);
            changes.add(new Change(name, outcomes.get(i), Duration.ofNanos(System.nanoTime() - start), polls[0]));
        }
        return changes;
    }

    /** Deletes several indexes, each call sent as soon as the table takes it, then waits until none is listed. */
    public List<Change> deleteAll(List<String> names) {
        long start = System.nanoTime();
        int[] polls = {0};
        List<Outcome> outcomes = new java.util.ArrayList<>();
        for (String name : names) {
            if (find(name).isEmpty()) {
                outcomes.add(Outcome.ABSENT);
                continue;
            }
            say("Deleting " + name + " from " + table + " with UpdateTable.");
            sendDelete(name, start, polls);
            outcomes.add(Outcome.DELETED);
        }
        List<Change> changes = new java.util.ArrayList<>();
        for (int i = 0; i < names.size(); i++) {
            if (outcomes.get(i) == Outcome.DELETED) waitGone(names.get(i), start, polls);
            changes.add(new Change(names.get(i), outcomes.get(i), Duration.ofNanos(System.nanoTime() - start), polls[0]));
        }
        return changes;
    }

    /** Deletes the index and waits until DescribeTable no longer lists it. */
    public Change delete(String name) {
        long start = System.nanoTime();
        int[] polls = {0};
        waitQuiet(name, start, polls);
        if (find(name).isEmpty()) return new Change(name, Outcome.ABSENT, Duration.ofNanos(System.nanoTime() - start), polls[0]);
        say("Deleting " + name + " from " + table + " with UpdateTable.");
        sendDelete(name, start, polls);
        waitGone(name, start, polls);
        return new Change(name, Outcome.DELETED, Duration.ofNanos(System.nanoTime() - start), polls[0]);
    }

    /**
     * Tries to create two indexes in one UpdateTable call, to show the one-per-call rule. Returns the error DynamoDB
     * answered, or empty when the target accepted both (then both are waited for, so the table ends in the same state).
     */
    public Optional<String> tryTwoAtOnce(SiloDesign.Index a, SiloDesign.Index b) {
        long start = System.nanoTime();
        int[] polls = {0};
        waitQuiet(a.name(), start, polls);
        var defs = new java.util.ArrayList<>(a.attributeDefinitions());
        b.attributeDefinitions().stream().filter(d -> !defs.contains(d)).forEach(defs::add);
        try {
            client.updateTable(UpdateTableRequest.builder().tableName(table).attributeDefinitions(defs)
                    .globalSecondaryIndexUpdates(
                            GlobalSecondaryIndexUpdate.builder().create(a.createAction()).build(),
                            GlobalSecondaryIndexUpdate.builder().create(b.createAction()).build())
                    .build());
        } catch (DynamoDbException e) {
            return Optional.of(e.awsErrorDetails() == null ? e.getMessage()
                    : e.awsErrorDetails().errorCode() + ": " + e.awsErrorDetails().errorMessage());
        }
        waitActive(a.name(), start, polls);
        waitActive(b.name(), start, polls);
        return Optional.empty();
    }

    private void say(String line) {
        for (String l : dev.workshop.console.Text.words(line, 79)) err.println(l);
        err.flush();
    }

    private void sendCreate(SiloDesign.Index index, long start, int[] polls) {
        UpdateTableRequest request = UpdateTableRequest.builder().tableName(table)
                .attributeDefinitions(index.attributeDefinitions())
                .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().create(index.createAction()).build())
                .build();
        sendWhenAccepted(index.name(), request, start, polls);
    }

    private void sendDelete(String name, long start, int[] polls) {
        UpdateTableRequest request = UpdateTableRequest.builder().tableName(table)
                .globalSecondaryIndexUpdates(GlobalSecondaryIndexUpdate.builder().delete(d -> d.indexName(name)).build())
                .build();
        sendWhenAccepted(name, request, start, polls);
    }

    /** Someone else (another window, a previous run on AWS) may be changing the table: wait for quiet and retry. */
    private void sendWhenAccepted(String name, UpdateTableRequest request, long start, int[] polls) {
        while (true) {
            try {
                client.updateTable(request);
                return;
            } catch (LimitExceededException | ResourceInUseException e) {
                // The table is UPDATING (a change just sent, or someone else's): the next call waits for ACTIVE only,
                // not for every index, so creations can overlap their backfills.
                checkDeadline(name, "waiting for another change to " + table + " to finish", start);
                poll(name, start, polls, t -> t.tableStatus() == TableStatus.ACTIVE, "waiting for the table to take the next change");
                sleep(pollInterval(polls[0]));
            }
        }
    }

    private void waitQuiet(String name, long start, int[] polls) {
        poll(name, start, polls, t -> t.tableStatus() == TableStatus.ACTIVE
                && indexes(t).stream().allMatch(g -> g.indexStatus() == IndexStatus.ACTIVE), "waiting for the table to be quiet");
    }

    private void waitActive(String name, long start, int[] polls) {
        poll(name, start, polls, t -> indexes(t).stream().anyMatch(g -> g.indexName().equals(name) && g.indexStatus() == IndexStatus.ACTIVE),
                "building");
    }

    private void waitGone(String name, long start, int[] polls) {
        poll(name, start, polls, t -> indexes(t).stream().noneMatch(g -> g.indexName().equals(name)), "deleting");
    }

    private void poll(String name, long start, int[] polls, java.util.function.Predicate<TableDescription> done, String doing) {
        long lastReport = System.nanoTime();
        String lastState = null;
        long progressAt = Long.MIN_VALUE;
        String shownProgress = "";
        while (true) {
            TableDescription t = describe();
            polls[0]++;
            if (doing.equals("building") && (progressAt == Long.MIN_VALUE || System.nanoTime() - progressAt >= progressEvery.toNanos())) {
                progressAt = System.nanoTime();
                try {
                    String p = progress.apply(name);
                    shownProgress = p == null || p.isEmpty() ? "" : " · " + p;
                } catch (RuntimeException e) {
                    shownProgress = "";
                }
            }
            if (done.test(t)) {
                if (lastState != null) {
                    // Close the display with the outcome, so the log shows how the wait ended and how long it took.
                    String end = String.format(Locale.ROOT, "  %s: %s · %.1f s", name, doing.equals("deleting") ? "deleted" : doing.equals("building") ? "ACTIVE" : "table ready",
                            (System.nanoTime() - start) / 1e9);
                    err.println((redraw ? "\r" : "") + end + (redraw ? "\u001b[K" : ""));
                    err.flush();
                }
                return;
            }
            String state = "  " + name + ": " + state(name, t) + (doing.equals("building") ? shownProgress : "");
            String line = String.format(Locale.ROOT, "%s · %.1f s", state, (System.nanoTime() - start) / 1e9);
            // the line must not wrap on an 80-column terminal (redrawn in place it would smear); the status matters more than the count
            if (line.length() >= 80) line = line.replaceFirst(", ItemCount=\\d+", "");
            long now = System.nanoTime();
            if (redraw) {
                err.print("\r" + line + "\u001b[K");
                err.flush();
            } else if (!state.equals(lastState) || now - lastReport > QUIET_REPORT.toNanos()) {
                err.println(line);
                err.flush();
                lastReport = now;
            }
            lastState = state;
            checkDeadline(name, state, start);
            sleep(pollInterval(polls[0]));
        }
    }

    /** The index's IndexStatus, Backfilling and ItemCount as DescribeTable reports them. */
    static String state(String name, TableDescription t) {
        GlobalSecondaryIndexDescription g = indexes(t).stream().filter(x -> x.indexName().equals(name)).findFirst().orElse(null);
        if (g == null && name.equals(t.tableName())) {
            // waiting for the whole table (one created with its indexes): its status and how many indexes are ready
            List<GlobalSecondaryIndexDescription> all = indexes(t);
            return "TableStatus=" + t.tableStatusAsString() + ", " + all.stream().filter(x -> x.indexStatus() == IndexStatus.ACTIVE).count()
                    + " of " + all.size() + " indexes ACTIVE";
        }
        String state = g == null ? "not listed" : "IndexStatus=" + g.indexStatusAsString()
                + (g.backfilling() == null ? "" : ", Backfilling=" + g.backfilling())
                + (g.itemCount() == null ? "" : ", ItemCount=" + g.itemCount());
        if (t.tableStatus() != TableStatus.ACTIVE) state += ", table " + t.tableStatusAsString();
        return state;
    }

    private void checkDeadline(String name, String what, long start) {
        if (System.nanoTime() - start > timeout.toNanos()) {
            throw WorkshopException.failed("Index " + name + " on " + table + " is not done after " + human(timeout)
                    + " (" + what.strip() + "). DynamoDB keeps working on it; nothing is lost.", rerun);
        }
    }

    private static String human(Duration d) {
        return d.toMinutes() > 0 ? d.toMinutes() + " min" + (d.toSecondsPart() > 0 ? " " + d.toSecondsPart() + " s" : "")
                : d.toMillis() >= 1000 ? d.toSeconds() + " s" : d.toMillis() + " ms";
    }

    /** Quick first polls (DynamoDB Local finishes in about a second), then backing off to a few seconds (AWS takes minutes). */
    private static Duration pollInterval(int polls) {
        if (polls < 20) return FIRST_POLL;
        long ms = (long) (FIRST_POLL.toMillis() * Math.pow(1.5, polls - 20));
        return Duration.ofMillis(Math.min(ms, MAX_POLL.toMillis()));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for an index", e);
        }
    }
}
