package dev.workshop.workspace;

import dev.workshop.WorkshopException;
import dev.workshop.console.Console;
import dev.workshop.console.Progress;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.KeyDesign;
import dev.workshop.model.SampleData;
import dev.workshop.model.Tables;
import dev.workshop.target.Principal;
import dev.workshop.target.Target;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import software.amazon.awssdk.core.waiters.WaiterOverrideConfiguration;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.DeleteTableRequest;
import software.amazon.awssdk.services.dynamodb.model.DescribeTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.ListTagsOfResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ResourceInUseException;
import software.amazon.awssdk.services.dynamodb.model.ResourceNotFoundException;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.ScanResponse;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;
import software.amazon.awssdk.services.dynamodb.model.Tag;
import software.amazon.awssdk.services.dynamodb.model.TagResourceRequest;
import software.amazon.awssdk.services.dynamodb.model.TimeToLiveSpecification;
import software.amazon.awssdk.services.dynamodb.model.UpdateTimeToLiveRequest;
import software.amazon.awssdk.services.dynamodb.waiters.DynamoDbWaiter;

/**
 * An attendee's workspace on a target: the personal table and the {@code ATT#<id>#} namespace of the shared table.
 * Every operation here is idempotent (DESIGN invariant 4) and scoped to one attendee (invariant 5).
 */
public final class Workspace {
    /** Bump when the sample data changes, so an old seed is rewritten rather than reported as present. */
    public static final String SEED_VERSION = "2"; // 2: every company has an open P1 issue (SampleData)
    private static final Duration TABLE_WAIT = Duration.ofMinutes(5);
    /**
     * The SDK's table waiters poll DescribeTable every 20 s, so a table ready in 3 s costs 20 s of waiting (on the
     * local target, every bootstrap and cleanup). Polls start at a quarter second and back off with jitter to 5 s;
     * the deadline, not a count of attempts, ends the wait.
     */
    static final WaiterOverrideConfiguration WAITING = WaiterOverrideConfiguration.builder()
            .waitTimeout(TABLE_WAIT).maxAttempts(10_000)
            .backoffStrategyV2(software.amazon.awssdk.retries.api.BackoffStrategy.exponentialDelayHalfJitter(
                    Duration.ofMillis(250), Duration.ofSeconds(5)))
            .build();

    /** Said once, when an engine turns out to lack tags: a fact about the target, nothing for the user to fix. */
    public static final String TAGS_NOTE = "Note: this endpoint does not support resource tags (DynamoDB Local does not),"
            + " so personal tables are found by their name ws-att-<id> instead of their Owner and Workshop tags. Nothing to fix.";

    private final Target target;
    private final String sharedTable;
    private final Clock clock;
    /** The attendee whose access key {@link #checkOneDatabase} compares with the facilitator's when no id is at hand. */
    public static final AttendeeId PROBE = AttendeeId.of("sharing-probe");

    /** Set the first time the engine answers a tag request with "not supported"; never asked again in this command. */
    private volatile boolean tagsUnsupported;

    public Workspace(Target target, String sharedTable, Clock clock) {
        this.target = target;
        this.sharedTable = sharedTable;
        this.clock = clock;
    }

    public Target target() {
        return target;
    }

    /** True once the engine said it has no tags (plain DynamoDB Local on --endpoint-url): print {@link #TAGS_NOTE}. */
    public boolean tagsUnsupported() {
        return tagsUnsupported;
    }

    /**
     * DynamoDB Local keeps one database per access key unless started with -sharedDb, so the facilitator's shared
     * table is invisible to every attendee (each signs with their own key). On an endpoint target, compare what two
     * keys see; the first time the lists differ is the moment to say so, before anything is written under the
     * wrong key.
     */
    public void checkOneDatabase(AttendeeId as) {
        if (target.kind() != Target.Kind.ENDPOINT) return;
        java.util.Set<String> admin = target.dynamo(Principal.admin()).listTablesPaginator().tableNames().stream()
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        java.util.Set<String> attendee = target.dynamo(Principal.attendee(as)).listTablesPaginator().tableNames().stream()
                .collect(java.util.stream.Collectors.toCollection(java.util.TreeSet::new));
        if (admin.equals(attendee)) return;
        throw WorkshopException.usage("The endpoint keeps a separate database per access key: the facilitator's key sees "
                        + describeTables(admin) + " and attendee " + as + "'s key sees " + describeTables(attendee)
                        + ". DynamoDB Local does this unless it is started with -sharedDb, and then every attendee sees an empty workshop.",
                "java -Djava.library.path=./DynamoDBLocal_lib -jar DynamoDBLocal.jar -sharedDb -port 8000"
                        + "   (restart DynamoDB Local with -sharedDb, then run this command again)");
    }

    private static String describeTables(java.util.Set<String> names) {
        if (names.isEmpty()) return "no table";
        List<String> some = names.stream().limit(3).toList();
        return String.join(", ", some) + (names.size() > some.size() ? " and " + (names.size() - some.size()) + " more" : "");
    }

    /** Whether an answer says the engine lacks the operation (DynamoDB Local: "Tagging is not currently supported"). */
    static boolean unsupported(software.amazon.awssdk.services.dynamodb.model.DynamoDbException e) {
        String code = e.awsErrorDetails() == null ? "" : String.valueOf(e.awsErrorDetails().errorCode());
        String message = String.valueOf(e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage());
        return code.equals("UnknownOperationException") || message.contains("not currently supported");
    }

    public String sharedTable() {
        return sharedTable;
    }

    // ---------------------------------------------------------------- shared table

    public Optional<TableDescription> describe(String table, Principal as) {
        try {
            return Optional.of(target.dynamo(as).describeTable(DescribeTableRequest.builder().tableName(table).build()).table());
        } catch (ResourceNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Creates the shared table (and turns on its TTL) when missing; returns true when it created it. */
    public boolean ensureSharedTable(Console console) {
        return ensureSharedTable(console, RoomSizing.of(1));
    }

    /**
     * The shared table, created if missing. On AWS it is created ready for the room: warm throughput sized for it
     * (only when above a new table's defaults, since pre-warming is charged), then TTL and point-in-time recovery.
     */
    public boolean ensureSharedTable(Console console, RoomSizing room) {
        DynamoDbClient admin = target.dynamo(Principal.admin());
        boolean created = false;
        try {
            admin.createTable(sharedTableRequest(sharedTable, room, target.kind()));
            created = true;
            console.info("Creating shared table " + sharedTable + "...");
        } catch (ResourceInUseException e) {
            // exists already (or is being created by a parallel bootstrap): waiting below covers both
        }
        waitForTable(admin, sharedTable);
        // Table-level TTL only on AWS. DynamoDB Local runs one never-ending deletion job per TTL-enabled table on a
        // fixed pool of 10 threads that online index creation shares: after a handful of such tables, new GSIs stay
        // CREATING forever (seen in a thread dump). Locally nothing lives 14 days anyway; items still carry ExpiresAt,
        // and the CloudFormation template enables TTL for the AWS table.
        if (created && target.kind() == Target.Kind.AWS) {
            admin.updateTimeToLive(UpdateTimeToLiveRequest.builder().tableName(sharedTable)
                    .timeToLiveSpecification(TimeToLiveSpecification.builder().attributeName(Tables.TTL).enabled(true).build())
                    .build());
            // The template enables PITR; a table made by the tool must not be the one without it.
            try {
                enablePointInTimeRecovery(admin);
                console.info("Enabled TTL and point-in-time recovery on " + sharedTable + ".");
            } catch (software.amazon.awssdk.services.dynamodb.model.DynamoDbException e) {
                // DynamoDB always has it; an engine that only speaks DynamoDB's API (a stand-in) may not
                if (e.awsErrorDetails() == null || !"UnknownOperationException".equals(e.awsErrorDetails().errorCode())) throw e;
                console.info("Enabled TTL on " + sharedTable + "; this endpoint has no point-in-time recovery (UpdateContinuousBackups), so it is not enabled.");
            }
        }
        return created;
    }

    /** How long a new table may take before DynamoDB lets point-in-time recovery be turned on. */
    static final Duration PITR_WAIT = Duration.ofMinutes(2);

    /**
     * UpdateContinuousBackups, tried again while DynamoDB answers ContinuousBackupsUnavailableException: a table just
     * created has its continuous backups still being enabled ("Backups have not yet been enabled for this table",
     * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_UpdateContinuousBackups.html, Errors), and
     * the SDK does not retry that error. Backs off with jitter from 1 s to 10 s, for at most {@link #PITR_WAIT}.
     */
    private void enablePointInTimeRecovery(DynamoDbClient admin) {
        long deadline = System.nanoTime() + PITR_WAIT.toNanos();
        long backoff = 1000;
        while (true) {
            try {
                admin.updateContinuousBackups(b -> b.tableName(sharedTable)
                        .pointInTimeRecoverySpecification(p -> p.pointInTimeRecoveryEnabled(true)));
                return;
            } catch (software.amazon.awssdk.services.dynamodb.model.ContinuousBackupsUnavailableException e) {
                if (System.nanoTime() > deadline) {
                    throw WorkshopException.failed("DynamoDB created " + sharedTable + " and turned on TTL, but still refuses point-in-time recovery after "
                            + PITR_WAIT.toMinutes() + " min (" + e.awsErrorDetails().errorMessage() + ").",
                            "aws dynamodb update-continuous-backups --table-name " + sharedTable
                                    + " --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true   (with your admin profile)");
                }
                try {
                    Thread.sleep(java.util.concurrent.ThreadLocalRandom.current().nextLong(backoff / 2, backoff + 1));
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw WorkshopException.failed("Interrupted while waiting to turn on point-in-time recovery for " + sharedTable + ".",
                            "aws dynamodb update-continuous-backups --table-name " + sharedTable
                                    + " --point-in-time-recovery-specification PointInTimeRecoveryEnabled=true");
                }
                backoff = Math.min(backoff * 2, 10_000);
            }
        }
    }

    /**
     * The shared table's CreateTableRequest on a target: on AWS with WarmThroughput on the table and each GSI when the
     * room needs more than a new on-demand table starts with; DynamoDB Local has no warm throughput.
     */
    public static software.amazon.awssdk.services.dynamodb.model.CreateTableRequest sharedTableRequest(String name, RoomSizing room,
            Target.Kind kind) {
        var request = Tables.sharedTable(name);
        if (kind != Target.Kind.AWS || !room.aboveDefaults()) return request;
        var table = software.amazon.awssdk.services.dynamodb.model.WarmThroughput.builder()
                .readUnitsPerSecond(room.tableWarmReads()).writeUnitsPerSecond(room.tableWarmWrites()).build();
        var index = software.amazon.awssdk.services.dynamodb.model.WarmThroughput.builder()
                .readUnitsPerSecond(room.indexWarmReads()).writeUnitsPerSecond(room.indexWarmWrites()).build();
        return request.toBuilder().warmThroughput(table)
                .globalSecondaryIndexes(request.globalSecondaryIndexes().stream().map(g -> g.toBuilder().warmThroughput(index).build()).toList())
                .build();
    }

    // ---------------------------------------------------------------- bootstrap

    public record BootstrapResult(AttendeeId id, boolean tableCreated, boolean tagsRepaired, boolean seeded, int items) {}

    /**
     * Personal table (created, or found and its tags repaired) and the seeded namespace (written, or found by its
     * seed marker). The marker is written last, so an interrupted seed is simply written again.
     */
    public BootstrapResult bootstrap(AttendeeId id, BatchWriter writer, Progress progress) {
        Principal as = Principal.attendee(id);
        DynamoDbClient client = target.dynamo(as);
        // What existed is decided by a Describe before, not by CreateTable's answer: when that answer is lost and the
        // SDK retries, the retry says ResourceInUse about the table this very call created.
        boolean existed = describe(id.personalTable(), as).isPresent();
        boolean tableCreated = false;
        boolean tagsRepaired = false;
        if (!existed) {
            try {
                client.createTable(Tables.personalTable(id));
            } catch (ResourceInUseException e) {
                // created by our own lost-then-retried call, or by a bootstrap of the same id running at the same time
            }
            tableCreated = true;
        } else {
            tagsRepaired = repairTags(client, id);
        }
        SampleData data = SampleData.generate(id);
        List<Map<String, AttributeValue>> items = KeyDesign.items(id, data, clock.instant());
        boolean seeded = false;
        if (!seedPresent(client, id)) {
            writer.putAll(sharedTable, items, progress == null ? n -> {} : progress::advance);
            client.putItem(PutItemRequest.builder().tableName(sharedTable).item(seedMarker(id, items.size())).build());
            seeded = true;
        } else if (progress != null) {
            progress.advance(items.size());
        }
        waitForTable(client, id.personalTable());
        if (tableCreated && target.kind() == Target.Kind.ENDPOINT) {
            // An engine may accept CreateTable's Tags and keep none (DynamoDB Local does): read them back before the
            // summary says the table is tagged.
            describe(id.personalTable(), as).ifPresent(t -> tags(client, t.tableArn()));
        }
        return new BootstrapResult(id, tableCreated, tagsRepaired, seeded, items.size());
    }

    /** Items a fresh bootstrap of this attendee writes (for progress totals). */
    public static int seedSize(AttendeeId id) {
        return SampleData.generate(id).size();
    }

    /** True when the attendee's namespace is seeded and their personal table exists: what the labs need. */
    public boolean isReady(AttendeeId id) {
        Principal as = Principal.attendee(id);
        return describe(sharedTable, as).isPresent() && seedPresent(target.dynamo(as), id)
                && describe(id.personalTable(), as).isPresent();
    }

    private boolean seedPresent(DynamoDbClient client, AttendeeId id) {
        return seed(client, id) == Seed.COMPLETE;
    }

    /** What the seed marker (written last by bootstrap) says about the namespace. */
    private Seed seed(DynamoDbClient client, AttendeeId id) {
        Map<String, AttributeValue> m = client.getItem(GetItemRequest.builder().tableName(sharedTable)
                .key(Map.of(Tables.PK, KeyDesign.s(metaPk(id)), Tables.SK, KeyDesign.s("SEED")))
                .consistentRead(true).build()).item();
        if (m == null || !m.containsKey("Version")) return Seed.INCOMPLETE;
        return SEED_VERSION.equals(m.get("Version").s()) ? Seed.COMPLETE : Seed.OLDER_VERSION;
    }

    private Map<String, AttributeValue> seedMarker(AttendeeId id, int count) {
        Map<String, AttributeValue> m = KeyDesign.item(id, KeyDesign.expiresFrom(clock.instant()), metaPk(id), "SEED", "Seed",
                "Version", SEED_VERSION, "SeededAt", clock.instant().toString());
        m.put("Items", AttributeValue.fromN(Integer.toString(count)));
        return m;
    }

    static String metaPk(AttendeeId id) {
        return id.prefix() + "META";
    }

    private boolean repairTags(DynamoDbClient client, AttendeeId id) {
        TableDescription t = describe(id.personalTable(), Principal.attendee(id)).orElse(null);
        if (t == null || tagsUnsupported) return false;
        Map<String, String> tags = tags(client, t.tableArn());
        if (tagsUnsupported) return false;
        List<Tag> missing = new ArrayList<>();
        if (!id.value().equals(tags.get(Tables.OWNER_TAG_KEY))) missing.add(Tables.ownerTag(id));
        if (!Tables.WORKSHOP_TAG_VALUE.equals(tags.get(Tables.WORKSHOP_TAG_KEY))) missing.add(Tables.workshopTag());
        if (missing.isEmpty()) return false;
        client.tagResource(TagResourceRequest.builder().resourceArn(t.tableArn()).tags(missing).build());
        return true;
    }

    /** The resource's tags; empty, and {@link #tagsUnsupported()} true, on an engine without tags. */
    public Map<String, String> tags(DynamoDbClient client, String arn) {
        Map<String, String> tags = new HashMap<>();
        if (tagsUnsupported) return tags;
        String next = null;
        try {
            do {
                var r = client.listTagsOfResource(ListTagsOfResourceRequest.builder().resourceArn(arn).nextToken(next).build());
                r.tags().forEach(t -> tags.put(t.key(), t.value()));
                next = r.nextToken();
            } while (next != null);
        } catch (software.amazon.awssdk.services.dynamodb.model.DynamoDbException e) {
            if (!unsupported(e)) throw e;
            tagsUnsupported = true;
        }
        return tags;
    }

    // ---------------------------------------------------------------- cleanup

    /** @param scratchDeleted lab 5's scratch table (ws-att-ID.scratch) existed, e.g. after an interrupted lab, and was deleted */
    public record CleanupResult(AttendeeId id, boolean tableDeleted, int itemsDeleted, long queryRequests, boolean scratchDeleted) {}

    /**
     * Deletes the personal table and every item of the namespace, found through the ByOwner index: a Query on the
     * attendee's own partition, never a Scan, so the cost follows the attendee's items, not the workshop's size.
     * Queries again until the index is empty, because on AWS the index may lag the table.
     */
    public CleanupResult cleanup(AttendeeId id, BatchWriter writer) {
        Principal as = Principal.attendee(id);
        DynamoDbClient client = target.dynamo(as);
        // Whether there was a table to delete comes from a Describe before, not from DeleteTable's answer: when that
        // answer is lost and the SDK retries, the retry says ResourceNotFound about the table this call deleted.
        boolean deleted = describe(id.personalTable(), as).isPresent();
        deleteTable(client, id.personalTable());
        // Lab 5 deletes its scratch table itself; one left by an interrupted lab goes here, so nothing stays billed.
        boolean scratch = describe(id.scratchTable(), as).isPresent();
        if (scratch) deleteTable(client, id.scratchTable());
        int items = 0;
        long queries = 0;
        if (describe(sharedTable, as).isPresent()) {
            for (int round = 0; round < 10; round++) {
                List<Map<String, AttributeValue>> keys = new ArrayList<>();
                for (QueryResponse page : client.queryPaginator(ownerQuery(id).projectionExpression("#k, #s")
                        .expressionAttributeNames(Map.of("#o", Tables.BY_OWNER.pk(), "#k", Tables.PK, "#s", Tables.SK)).build())) {
                    queries++;
                    for (Map<String, AttributeValue> k : page.items()) {
                        // Defence in depth: the index partition is the prefix, but never delete outside it.
                        if (k.get(Tables.PK).s().startsWith(id.prefix())) keys.add(keyOf(k));
                    }
                }
                if (keys.isEmpty()) break;
                writer.deleteAll(sharedTable, keys, n -> {});
                items += keys.size();
            }
        }
        waitForTableGone(client, id.personalTable());
        if (scratch) waitForTableGone(client, id.scratchTable());
        return new CleanupResult(id, deleted, items, queries, scratch);
    }

    /** Sends DeleteTable; a table already gone is fine, one being created or deleted is waited for and tried once more. */
    private static void deleteTable(DynamoDbClient client, String table) {
        try {
            client.deleteTable(DeleteTableRequest.builder().tableName(table).build());
        } catch (ResourceNotFoundException e) {
            // already gone (or deleted by our own lost-then-retried call)
        } catch (ResourceInUseException e) {
            // being created or deleted right now: wait, then try once more
            waitForTable(client, table);
            try {
                client.deleteTable(DeleteTableRequest.builder().tableName(table).build());
            } catch (ResourceNotFoundException gone) {
                // deleted meanwhile
            }
        }
    }

    public record CleanupAllResult(List<String> tablesDeleted, int itemsDeleted, boolean sharedDeleted) {}

    /**
     * What a facilitator's cleanup would delete, counted before anything is deleted: the tables tagged for the
     * workshop, and every namespaced item of the shared table with the attendees they belong to.
     *
     * @param tables personal tables (tagged Workshop), by name
     * @param attendees every attendee with a tagged table or an item, by id
     * @param itemKeys the primary keys of every ATT# item in the shared table (empty when it does not exist)
     */
    public record CleanupAllPlan(List<String> tables, java.util.SortedSet<String> attendees, List<Map<String, AttributeValue>> itemKeys,
                                 boolean sharedExists) {
        public boolean empty() {
            return tables.isEmpty() && itemKeys.isEmpty() && !sharedExists;
        }
    }

    /** Reads what {@link #cleanupAll} would delete: tags of each table, and the owner index's keys (KEYS_ONLY). */
    public CleanupAllPlan planCleanupAll() {
        DynamoDbClient admin = target.dynamo(Principal.admin());
        List<String> tables = new ArrayList<>();
        java.util.SortedSet<String> attendees = new java.util.TreeSet<>();
        for (String name : admin.listTablesPaginator().tableNames()) {
            if (name.equals(sharedTable)) continue;
            TableDescription t = describe(name, Principal.admin()).orElse(null);
            if (t == null) continue;
            Map<String, String> tags = tags(admin, t.tableArn());
            // Without tags (an engine that has none), the workshop's own tables are the ones named ws-att-<valid id>.
            AttendeeId named = tagsUnsupported ? Tables.ownerOfAttendeeTable(name) : null;
            String owner = tags.get(Tables.OWNER_TAG_KEY) != null ? tags.get(Tables.OWNER_TAG_KEY) : named == null ? null : named.value();
            if (Tables.WORKSHOP_TAG_VALUE.equals(tags.get(Tables.WORKSHOP_TAG_KEY)) || tagsUnsupported && owner != null) {
                tables.add(name);
                if (owner != null) attendees.add(owner);
            }
        }
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        boolean shared = describe(sharedTable, Principal.admin()).isPresent();
        if (shared) keys.addAll(namespacedKeys(admin, attendees));
        return new CleanupAllPlan(tables, attendees, keys, shared);
    }

    /**
     * Every namespaced item's keys, from the owner index: it holds each namespaced item's keys and nothing else, so
     * scanning it (KEYS_ONLY) is the cheapest read of all attendees' keys at once.
     */
    private List<Map<String, AttributeValue>> namespacedKeys(DynamoDbClient admin, java.util.Set<String> attendees) {
        List<Map<String, AttributeValue>> keys = new ArrayList<>();
        for (ScanResponse page : admin.scanPaginator(ScanRequest.builder().tableName(sharedTable)
                .indexName(Tables.BY_OWNER.name()).build())) {
            for (Map<String, AttributeValue> k : page.items()) {
                String pk = k.get(Tables.PK).s();
                if (!pk.startsWith("ATT#")) continue;
                keys.add(keyOf(k));
                int end = pk.indexOf('#', 4);
                if (end > 4) attendees.add(pk.substring(4, end));
            }
        }
        return keys;
    }

    /**
     * Facilitator cleanup of what {@link #planCleanupAll} found: the tagged tables, every ATT# item (and items written
     * since the plan, found by scanning the owner index again until it is empty), and optionally the shared table.
     *
     * @param progress counts tables and items as they go
     */
    public CleanupAllResult cleanupAll(CleanupAllPlan plan, boolean deleteShared, BatchWriter writer, Progress progress) {
        DynamoDbClient admin = target.dynamo(Principal.admin());
        List<String> deletedTables = new ArrayList<>();
        for (String name : plan.tables()) {
            try {
                admin.deleteTable(DeleteTableRequest.builder().tableName(name).build());
            } catch (ResourceNotFoundException e) {
                // our own call whose answer was lost and was retried, or its owner cleaned up since the plan: gone
                // either way, and the plan saw it, so it counts as deleted
            }
            deletedTables.add(name);
            progress.advance(1);
        }
        int items = 0;
        boolean sharedDeleted = false;
        if (plan.sharedExists() && describe(sharedTable, Principal.admin()).isPresent()) {
            if (deleteShared) {
                try {
                    admin.deleteTable(DeleteTableRequest.builder().tableName(sharedTable).build());
                } catch (ResourceNotFoundException e) {
                    // our own lost-then-retried call: gone either way
                }
                sharedDeleted = true;
                deletedTables.add(sharedTable);
                progress.advance(plan.itemKeys().size());
            } else {
                List<Map<String, AttributeValue>> keys = plan.itemKeys();
                for (int round = 0; round < 10 && !keys.isEmpty(); round++) {
                    writer.deleteAll(sharedTable, keys, progress::advance);
                    items += keys.size();
                    keys = namespacedKeys(admin, new java.util.TreeSet<>());
                }
            }
        }
        for (String name : deletedTables) waitForTableGone(admin, name);
        return new CleanupAllResult(deletedTables, items, sharedDeleted);
    }

    // ---------------------------------------------------------------- status

    /** @param itemCount DescribeTable's ItemCount: exact on DynamoDB Local, refreshed about every six hours on AWS */
    public record TableStatus(String name, boolean exists, String status, Map<String, String> tags, List<String> indexes,
                              Long itemCount) {}

    /** Whether the namespace holds a complete seed of this version's sample data (its marker is written last). */
    public enum Seed { COMPLETE, OLDER_VERSION, INCOMPLETE }

    /** @param scratch lab 5's scratch table: present only while the lab runs, or after it was interrupted */
    public record Status(TableStatus shared, TableStatus personal, TableStatus scratch, int namespaceItems, Seed seed,
                         List<Map<String, AttributeValue>> progress) {}

    public Status status(AttendeeId id) {
        Principal as = Principal.attendee(id);
        DynamoDbClient client = target.dynamo(as);
        TableStatus shared = tableStatus(client, sharedTable, as, false);
        TableStatus personal = tableStatus(client, id.personalTable(), as, true);
        TableStatus scratch = tableStatus(client, id.scratchTable(), as, false);
        int count = 0;
        Seed seed = Seed.INCOMPLETE;
        List<Map<String, AttributeValue>> progress = List.of();
        if (shared.exists()) {
            // Counted by table key: an item someone else wrote with your OwnerPK is in your index partition, not your namespace.
            count = client.queryPaginator(KeyDesign.ownItemsOnly(ownerQuery(id).select(Select.COUNT).build(), id)).stream()
                    .mapToInt(QueryResponse::count).sum();
            progress = client.query(QueryRequest.builder().tableName(sharedTable)
                    .keyConditionExpression("#p = :p").expressionAttributeNames(Map.of("#p", Tables.PK))
                    .expressionAttributeValues(Map.of(":p", KeyDesign.s(KeyDesign.progressPk(id)))).build()).items();
            seed = seed(client, id);
        }
        return new Status(shared, personal, scratch, count, seed, progress);
    }

    /** Every item of one attendee's namespace, through the ByOwner index: one partition, never a Scan. */
    private QueryRequest.Builder ownerQuery(AttendeeId id) {
        return QueryRequest.builder().tableName(sharedTable).indexName(Tables.BY_OWNER.name())
                .keyConditionExpression("#o = :p").expressionAttributeNames(Map.of("#o", Tables.BY_OWNER.pk()))
                .expressionAttributeValues(Map.of(":p", KeyDesign.s(id.prefix())));
    }

    private static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        return Map.of(Tables.PK, item.get(Tables.PK), Tables.SK, item.get(Tables.SK));
    }

    private TableStatus tableStatus(DynamoDbClient client, String name, Principal as, boolean withTags) {
        TableDescription t = describe(name, as).orElse(null);
        if (t == null) return new TableStatus(name, false, "MISSING", Map.of(), List.of(), null);
        Map<String, String> tags = withTags ? tags(client, t.tableArn()) : Map.of();
        List<String> indexes = t.hasGlobalSecondaryIndexes()
                ? t.globalSecondaryIndexes().stream().map(g -> g.indexName() + " (" + g.indexStatusAsString() + ")").toList()
                : List.of();
        return new TableStatus(name, true, t.tableStatusAsString(), tags, indexes, t.itemCount());
    }

    // ---------------------------------------------------------------- waiting

    private static void waitForTable(DynamoDbClient client, String table) {
        try (DynamoDbWaiter w = DynamoDbWaiter.builder().client(client).overrideConfiguration(WAITING).build()) {
            w.waitUntilTableExists(DescribeTableRequest.builder().tableName(table).build());
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            throw WorkshopException.failed("Table " + table + " did not become ACTIVE within " + TABLE_WAIT.toMinutes()
                    + " minutes: " + e.getMessage(), "workshop status to see its state, then run the command again");
        }
    }

    private static void waitForTableGone(DynamoDbClient client, String table) {
        try (DynamoDbWaiter w = DynamoDbWaiter.builder().client(client).overrideConfiguration(WAITING).build()) {
            w.waitUntilTableNotExists(DescribeTableRequest.builder().tableName(table).build());
        } catch (software.amazon.awssdk.core.exception.SdkClientException e) {
            throw WorkshopException.failed("Table " + table + " was not deleted within " + TABLE_WAIT.toMinutes()
                    + " minutes: " + e.getMessage(), "run the cleanup command again");
        }
    }
}
