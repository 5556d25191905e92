package dev.workshop.labs;

import dev.workshop.WorkshopException;
import dev.workshop.console.Progress;
import dev.workshop.model.KeyDesign;
import dev.workshop.model.SiloDesign;
import dev.workshop.model.Tables;
import dev.workshop.workspace.BatchWriter;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ThreadLocalRandom;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.LimitExceededException;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.TableStatus;

/**
 * Lab 5's scratch table ws-att-ID.scratch: created with its indexes by one CreateTable, loaded with the issues,
 * compared on, and deleted within the lab. An index created with its table has no backfill ("for indexes that were
 * created during a CreateTable operation, the Backfilling attribute does not appear",
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_GlobalSecondaryIndexDescription.html), and the
 * table is empty when its indexes are made, so no step waits for a backfill here.
 *
 * <p>At room scale: an account runs at most 250 CreateTable calls with secondary indexes at once (the
 * LimitExceededException reference,
 * https://docs.aws.amazon.com/botocore/latest/reference/services/dynamodb/client/exceptions/LimitExceededException.html),
 * so one scratch table per attendee (not one per projection) keeps a room of 150 doing this step together under it;
 * a refusal is retried with jittered backoff within the lab's index timeout.
 */
final class ScratchTable {
    private static final Duration FIRST_BACKOFF = Duration.ofSeconds(1);
    private static final Duration MAX_BACKOFF = Duration.ofSeconds(20);

    /** What {@link #begin} found or did. */
    enum Start { FOUND, CREATED, REPLACED }

    private final LabContext ctx;
    private final Duration timeout;
    private final OnlineIndexes indexes;

    ScratchTable(LabContext ctx, Duration timeout, String rerun) {
        this.ctx = ctx;
        this.timeout = timeout;
        this.indexes = new OnlineIndexes(ctx.dynamo(), name(), timeout, ctx.console().err(), ctx.console().interactive(), rerun);
    }

    String name() {
        return ctx.id().scratchTable();
    }

    OnlineIndexes indexes() {
        return indexes;
    }

    Optional<TableDescription> describe() {
        try {
            return Optional.of(ctx.dynamo().describeTable(b -> b.tableName(name())).table());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * Sends CreateTable (with every scratch index) unless a table with the needed indexes is there; a table that lacks
     * one (left by an interrupted run after step 4 deleted an index) is deleted and created again, which costs no
     * backfill. Does not wait for ACTIVE.
     */
    Start begin(List<SiloDesign.Index> needed) {
        Optional<TableDescription> t = describe();
        if (t.isPresent() && t.get().tableStatus() != TableStatus.DELETING && has(t.get(), needed)) return Start.FOUND;
        Start start = Start.CREATED;
        if (t.isPresent()) {
            ctx.console().err().println("Replacing " + name() + ": it lacks an index this step needs.");
            delete();
            waitGone();
            start = Start.REPLACED;
        }
        ctx.console().err().println("Creating " + name() + " with " + SiloDesign.SCRATCH_INDEXES.size() + " indexes in one CreateTable.");
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration backoff = FIRST_BACKOFF;
        while (true) {
            try {
                ctx.dynamo().createTable(SiloDesign.scratchTable(ctx.id()));
                return start;
            } catch (ResourceInUseException e) {
                return start; // our own call answered late and retried by the SDK, or a second window: it exists
            } catch (LimitExceededException e) {
                // Too many tables with indexes being created in the account at once (a whole room at this step).
                if (System.nanoTime() > deadline) {
                    throw WorkshopException.failed("DynamoDB kept refusing to create " + name() + " for " + timeout.toMinutes()
                            + " min: too many tables are being created in this account at once (" + e.awsErrorDetails().errorMessage() + ").",
                            "workshop " + PersonalGsisLab.NAME + " --id " + ctx.id() + " --from 2   (in a minute)");
                }
                sleep(Duration.ofMillis(ThreadLocalRandom.current().nextLong(backoff.toMillis() / 2, backoff.toMillis() + 1)));
                backoff = backoff.multipliedBy(2).compareTo(MAX_BACKOFF) > 0 ? MAX_BACKOFF : backoff.multipliedBy(2);
            }
        }
    }

    /**
     * Waits until the table and its indexes are ACTIVE, then writes the issues (the scratch data) unless its marker
     * says a previous run did. Returns the measurement of the load, or null when nothing was written.
     */
    Measurement awaitLoaded() {
        indexes.awaitQuiet();
        if (loaded()) return null;
        List<Map<String, AttributeValue>> issues = issues(ctx);
        Measurement m;
        try (Progress p = new Progress(ctx.console(), "Loading " + name(), issues.size())) {
            m = ctx.meter().measureRun("load " + issues.size() + " issues", () ->
                    new BatchWriter(ctx.dynamoAsync(), 8).putAll(name(), issues, p::advance));
        }
        Map<String, AttributeValue> marker = new LinkedHashMap<>();
        marker.put(Tables.PK, KeyDesign.s(SiloDesign.MARKER_PK));
        marker.put(Tables.SK, KeyDesign.s(SiloDesign.SCRATCH_MARKER_SK));
        marker.put("Items", AttributeValue.fromN(Integer.toString(issues.size())));
        ctx.dynamo().putItem(b -> b.tableName(name()).item(marker));
        return m.withItems(issues.size());
    }

    /** {@link #begin} then {@link #awaitLoaded}: what a step run on its own needs. */
    void ensure(List<SiloDesign.Index> needed) {
        begin(needed);
        awaitLoaded();
    }

    /** Sends DeleteTable without waiting for the table to go; false when there was no table. */
    boolean delete() {
        for (int attempt = 0; ; attempt++) {
            try {
                ctx.dynamo().deleteTable(b -> b.tableName(name()));
                return true;
            } catch (ResourceNotFoundException e) {
                return false;
            } catch (ResourceInUseException e) {
                // still being created, or an index change is running: wait for quiet, then once more
                if (attempt > 0) throw e;
                indexes.awaitQuiet();
            }
        }
    }

    /** The scratch table's data: the silo's issues, the only items its indexes hold. */
    static List<Map<String, AttributeValue>> issues(LabContext ctx) {
        return SiloDesign.items(ctx.data()).stream().filter(m -> "Issue".equals(m.get("Type").s())).toList();
    }

    private boolean loaded() {
        Map<String, AttributeValue> m = ctx.dynamo().getItem(b -> b.tableName(name()).consistentRead(true)
                .key(Map.of(Tables.PK, KeyDesign.s(SiloDesign.MARKER_PK), Tables.SK, KeyDesign.s(SiloDesign.SCRATCH_MARKER_SK)))).item();
        return m != null && !m.isEmpty();
    }

    static boolean has(TableDescription t, List<SiloDesign.Index> needed) {
        List<GlobalSecondaryIndexDescription> g = OnlineIndexes.indexes(t);
        return needed.stream().allMatch(i -> g.stream().anyMatch(x -> i.matches(x) && x.indexStatus() != IndexStatus.DELETING));
    }

    private void waitGone() {
        long deadline = System.nanoTime() + timeout.toNanos();
        Duration poll = Duration.ofMillis(200);
        while (describe().isPresent()) {
            if (System.nanoTime() > deadline) {
                throw WorkshopException.failed("Table " + name() + " is still being deleted after " + timeout.toMinutes() + " min.",
                        "workshop " + PersonalGsisLab.NAME + " --id " + ctx.id() + "   (in a minute)");
            }
            sleep(poll);
            poll = poll.multipliedBy(2).compareTo(Duration.ofSeconds(5)) > 0 ? Duration.ofSeconds(5) : poll.multipliedBy(2);
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for a table", e);
        }
    }
}
