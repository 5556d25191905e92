package dev.workshop.labs;

import dev.workshop.console.Progress;
import dev.workshop.console.Table;
import dev.workshop.model.KeyDesign;
import dev.workshop.model.SampleData;
import dev.workshop.model.SiloDesign;
import dev.workshop.model.TableRouter;
import dev.workshop.model.Tables;
import dev.workshop.workspace.BatchWriter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.stream.Collectors;
import picocli.CommandLine.Option;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchGetItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.IndexStatus;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryResponse;
import software.amazon.awssdk.services.dynamodb.model.ScanRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.TableDescription;

/**
 * Lab 5: indexes on the attendee's own table (the silo), then the same access pattern in the pool.
 *
 * <p>Within ten minutes on AWS: exactly one index is created online (on the personal table, which holds data, so
 * DynamoDB backfills it), and that creation runs while the projections are compared and an index is deleted on a
 * scratch table created with its indexes (no backfill). One online index change at a time per table is all DynamoDB
 * allows, but different tables change in parallel (see {@link OnlineIndexes}); labs/05-personal-gsis.md gives the
 * arithmetic. Every step is idempotent: a re-run finds what a previous run left and ends in the same state
 * ({@link SiloDesign#END_STATE} on the personal table, no scratch table).
 */
public final class PersonalGsisLab implements Lab {
    public static final String NAME = "personal-gsis";
    /** A lab-only issue written and removed again to measure what one write costs; never part of the sample data. */
    static final String PROBE_ID = "i9001";
    /** What "my open issues" shows besides the issue id; KEYS_ONLY lacks both, INCLUDE projects exactly these. */
    static final Set<String> NEEDED = Set.of("Title", "Priority");

    public static final class Options {
        @dev.workshop.Range(min = 1, max = 24 * 60, unit = "minutes", why = "a day")
        @Option(names = "--index-timeout", paramLabel = "MINUTES", defaultValue = "20",
                description = "Give up waiting for one index to be built or deleted after this many minutes (default 20; on AWS a backfill takes minutes).")
        long indexTimeoutMinutes = 20;
    }

    private final Options options = new Options();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public int number() {
        return 5;
    }

    @Override
    public String summary() {
        return "GSIs on your own table: online creation, projections and their write cost, sparse and overloaded indexes, silo against pool.";
    }

    @Override
    public Object options() {
        return options;
    }

    @Override
    public List<Step> steps() {
        return List.of(
                new Step("Load your data into your own table", this::load),
                new Step("Two ways to add an index: online, and with a new table", this::twoWays),
                new Step("Compare projections: KEYS_ONLY, INCLUDE, ALL", this::projections),
                new Step("Delete an index and watch its cost go away", this::delete),
                new Step("Watch the online backfill finish", this::watchBackfill),
                new Step("A sparse index and an overloaded index", this::sparseAndOverloaded),
                new Step("Silo against pool", this::siloAgainstPool),
                new Step("Check the end state", this::endState));
    }

    // ------------------------------------------------------------------ step 1

    private void load(LabContext ctx, StepResult r) {
        String table = ctx.personalTable();
        DynamoDbClient db = ctx.dynamo();
        List<Map<String, AttributeValue>> items = SiloDesign.items(ctx.data());
        boolean present = loaded(ctx);
        if (present) {
            r.text("Found your data in **" + table + "** from a previous run (" + items.size() + " items); nothing to write.");
        } else {
            Measurement m;
            try (Progress p = new Progress(ctx.console(), "Loading " + table, items.size())) {
                m = ctx.meter().measureRun("load " + items.size() + " items", () ->
                        new BatchWriter(ctx.dynamoAsync(), 8).putAll(table, items, p::advance));
            }
            Map<String, AttributeValue> mk = new LinkedHashMap<>();
            mk.put(Tables.PK, KeyDesign.s(SiloDesign.MARKER_PK));
            mk.put(Tables.SK, KeyDesign.s(SiloDesign.MARKER_SK));
            mk.put("Type", KeyDesign.s("LoadMarker"));
            mk.put("Version", KeyDesign.s(SiloDesign.LOAD_VERSION));
            mk.put("Items", AttributeValue.fromN(Integer.toString(items.size())));
            db.putItem(b -> b.tableName(table).item(mk));
            r.text("Wrote " + items.size() + " items to **" + table + "** with BatchWriteItem (no indexes yet, so each write pays the table only).");
            r.compare("Loading the silo", m.withItems(items.size()));
        }
        AttendeeKeys keys = new AttendeeKeys(ctx);
        Table t = new Table("entity", "silo key in " + table, "pool key in " + ctx.sharedTable());
        SampleData.Issue issue = ctx.data().issues().get(0);
        SampleData.User user = ctx.data().users().get(0);
        t.row("company", SiloDesign.companyPk("c01") + " / #COMPANY", keys.pool(SiloDesign.companyPk("c01")) + " / #COMPANY");
        t.row("user", SiloDesign.companyPk(user.companyId()) + " / USER#" + user.id(), keys.pool(SiloDesign.companyPk(user.companyId())) + " / USER#" + user.id());
        t.row("issue", SiloDesign.companyPk(issue.companyId()) + " / ISSUE#" + issue.id(), keys.pool(SiloDesign.companyPk(issue.companyId())) + " / ISSUE#" + issue.id());
        t.row("comment", SiloDesign.issuePk(issue.id()) + " / COMMENT#…", keys.pool(SiloDesign.issuePk(issue.id())) + " / COMMENT#…");
        r.table("The same items, two key designs (PK / SK)", t);

        String company = "c01";
        long expected = 1 + ctx.data().teams().stream().filter(x -> x.companyId().equals(company)).count()
                + ctx.data().users().stream().filter(x -> x.companyId().equals(company)).count()
                + ctx.data().issues().stream().filter(x -> x.companyId().equals(company)).count();
        int found = count(db, QueryRequest.builder().tableName(table).keyConditionExpression("#p = :p")
                .expressionAttributeNames(Map.of("#p", Tables.PK))
                .expressionAttributeValues(Map.of(":p", KeyDesign.s(SiloDesign.companyPk(company)))));
        r.check("your table holds company " + company + "'s item collection without any tenant prefix", found == expected,
                found + " items under " + SiloDesign.companyPk(company) + ", expected " + expected);
    }

    // ------------------------------------------------------------------ step 2

    /**
     * The one online index creation (on the personal table, which holds data: DynamoDB backfills it) is sent first and
     * left to build; the scratch table is created beside it with all its indexes (empty, so no backfill). They are
     * different tables, so DynamoDB works on both at once; on AWS the backfill goes on while steps 3 and 4 use the
     * scratch table, and step 5 watches it finish.
     */
    private void twoWays(LabContext ctx, StepResult r) {
        prepare(ctx, List.of());
        OnlineIndexes online = online(ctx);
        ScratchTable scratch = scratch(ctx);
        if (online.find(SiloDesign.ONLINE.name()).isEmpty()) {
            var refused = online.tryTwoAtOnce(SiloDesign.ONLINE, SiloDesign.BY_ASSIGNEE_KEYS);
            r.text(refused.map(e -> "Asking for **" + SiloDesign.ONLINE.name() + "** and **" + SiloDesign.BY_ASSIGNEE_KEYS.name()
                            + "** in one UpdateTable call was refused, as documented (one index creation per call):\n`" + e + "`")
                    .orElse("This target accepted two index creations in one UpdateTable call; AWS documents one per call. "
                            + "The lab removes the second again: your table keeps one index."));
            if (refused.isEmpty()) online.delete(SiloDesign.BY_ASSIGNEE_KEYS.name());
        }
        long t0 = System.nanoTime();
        OnlineIndexes.Change sent = online.begin(SiloDesign.ONLINE);
        TableDescription justSent = online.describe();
        ScratchTable.Start made = scratch.begin(SiloDesign.SCRATCH_INDEXES);
        Measurement load = scratch.awaitLoaded();
        Duration scratchReady = Duration.ofNanos(System.nanoTime() - t0);
        TableDescription personal = online.describe();
        TableDescription scratchNow = scratch.describe().orElseThrow();

        GlobalSecondaryIndexDescription g = OnlineIndexes.indexes(personal).stream()
                .filter(x -> x.indexName().equals(SiloDesign.ONLINE.name())).findFirst().orElse(null);
        List<GlobalSecondaryIndexDescription> sg = OnlineIndexes.indexes(scratchNow);
        Table t = new Table("", "added online", "created with the table");
        t.row("table", ctx.personalTable(), scratch.name());
        t.row("holds when the index is made", SiloDesign.items(ctx.data()).size() + " items", "nothing yet");
        t.row("call", "UpdateTable, one index per call", "CreateTable, " + sg.size() + " indexes in one call");
        t.row("indexes", SiloDesign.ONLINE.name() + " (" + SiloDesign.ONLINE.projectionLabel() + ")",
                sg.stream().map(GlobalSecondaryIndexDescription::indexName).collect(Collectors.joining(", ")));
        t.row("this run", describe(sent.outcome()), switch (made) {
            case FOUND -> "found (previous run)";
            case CREATED -> "created";
            case REPLACED -> "found without an index, replaced";
        });
        t.row("right after the call", OnlineIndexes.state(SiloDesign.ONLINE.name(), justSent), "");
        t.row("now", g == null ? "not listed" : OnlineIndexes.state(SiloDesign.ONLINE.name(), personal),
                "TableStatus=" + scratchNow.tableStatusAsString() + ", " + sg.stream().filter(x -> x.indexStatus() == IndexStatus.ACTIVE).count()
                        + " of " + sg.size() + " ACTIVE, no Backfilling");
        t.row("ready", g != null && g.indexStatus() == IndexStatus.ACTIVE ? "ACTIVE" : "still building: step 5 watches it",
                seconds(scratchReady) + (load == null ? "" : ", then " + load.items() + " issues written"));
        r.table("Two ways to add an index", t);
        if (load != null) r.compare("Loading the scratch table (every write also pays its indexes)", load);

        r.check(SiloDesign.ONLINE.name() + " is being built or ACTIVE on " + ctx.personalTable() + " with projection "
                + SiloDesign.ONLINE.projectionLabel(), g != null && SiloDesign.ONLINE.matches(g), g == null ? "not listed" : g.indexStatusAsString());
        boolean scratchActive = scratchNow.tableStatus() == software.amazon.awssdk.services.dynamodb.model.TableStatus.ACTIVE
                && ScratchTable.has(scratchNow, SiloDesign.SCRATCH_INDEXES)
                && sg.stream().allMatch(x -> x.indexStatus() == IndexStatus.ACTIVE && !Boolean.TRUE.equals(x.backfilling()));
        r.check(scratch.name() + " is ACTIVE with its " + SiloDesign.SCRATCH_INDEXES.size() + " indexes, none of them backfilling",
                scratchActive, "TableStatus=" + scratchNow.tableStatusAsString());
    }

    // ------------------------------------------------------------------ step 3

    private void projections(LabContext ctx, StepResult r) {
        ScratchTable scratch = scratch(ctx);
        scratch.ensure(SiloDesign.PROJECTIONS);
        String table = scratch.name();
        DynamoDbClient db = ctx.dynamo();
        SampleData.User user = busiestAssignee(ctx.data());
        List<SampleData.Issue> expected = ctx.data().issues().stream()
                .filter(i -> i.assigneeId().equals(user.id()) && "OPEN".equals(i.status()))
                .sorted(Comparator.comparing(SiloDesign::assigneeSk)).toList();

        Map<String, AttributeValue> probe = probe(ctx, user, "Export button times out");
        Map<String, AttributeValue> changedDescription = new LinkedHashMap<>(probe);
        changedDescription.put("Description", KeyDesign.s(description(2)));
        Map<String, AttributeValue> changedTitle = new LinkedHashMap<>(changedDescription);
        changedTitle.put("Title", KeyDesign.s("Export button times out for large files"));

        deleteProbe(db, table);
        Measurement put = ctx.meter().measureRun("put new issue", () -> db.putItem(b -> b.tableName(table).item(probe)));
        Measurement updDescription = ctx.meter().measureRun("update Description", () -> db.updateItem(b -> b.tableName(table)
                .key(keyOf(probe)).updateExpression("SET Description = :d")
                .expressionAttributeValues(Map.of(":d", changedDescription.get("Description")))));
        Measurement updTitle = ctx.meter().measureRun("update Title", () -> db.updateItem(b -> b.tableName(table)
                .key(keyOf(probe)).updateExpression("SET Title = :t")
                .expressionAttributeValues(Map.of(":t", changedTitle.get("Title")))));
        deleteProbe(db, table);

        boolean reported = SiloDesign.PROJECTIONS.stream().anyMatch(i -> put.capacityByResource().containsKey(table + "/" + i.name()));
        List<Map<String, AttributeValue>> issues = ScratchTable.issues(ctx);

        // One column per projection, so the table stays narrow enough for a terminal.
        String[] headers = new String[SiloDesign.PROJECTIONS.size() + 1];
        headers[0] = "";
        for (int k = 0; k < SiloDesign.PROJECTIONS.size(); k++) headers[k + 1] = SiloDesign.PROJECTIONS.get(k).projection().toString();
        Object[] entryRow = new Object[headers.length];
        Object[] storageRow = new Object[headers.length];
        Object[] putRow = new Object[headers.length];
        Object[] ampRow = new Object[headers.length];
        Object[] ruleRow = new Object[headers.length];
        Object[] descRow = new Object[headers.length];
        Object[] titleRow = new Object[headers.length];
        Object[] fetchRow = new Object[headers.length];
        entryRow[0] = "index entry of the new issue";
        storageRow[0] = "index storage, " + issues.size() + " issues";
        putRow[0] = "put new issue: table + index WCU";
        ampRow[0] = "  write amplification";
        ruleRow[0] = "  by the documented rules";
        descRow[0] = "update Description: index WCU";
        titleRow[0] = "update Title: index WCU";
        fetchRow[0] = "“my open issues” needs a fetch";
        double[] putTotals = new double[SiloDesign.PROJECTIONS.size()];
        List<Measurement> queries = new ArrayList<>();
        int n = 0;
        for (SiloDesign.Index i : SiloDesign.PROJECTIONS) {
            double tableUnits = units(put, table, IndexCosts.tableWriteUnits(probe), reported);
            double idx = units(put, table + "/" + i.name(), IndexCosts.putUnits(probe, i), reported);
            double desc = units(updDescription, table + "/" + i.name(), IndexCosts.updateUnits(probe, changedDescription, i), reported);
            double title = units(updTitle, table + "/" + i.name(), IndexCosts.updateUnits(changedDescription, changedTitle, i), reported);
            putTotals[n] = tableUnits + idx;
            long storage = issues.stream().mapToLong(m -> IndexCosts.storageBytes(m, i)).sum();
            boolean fetch = !IndexCosts.covers(i, NEEDED);
            n++;
            entryRow[n] = IndexCosts.itemBytes(IndexCosts.entry(probe, i)) + " B";
            storageRow[n] = String.format(Locale.ROOT, "%.1f KB", storage / 1024.0);
            putRow[n] = LabRunner.units(tableUnits) + " + " + LabRunner.units(idx) + " = " + LabRunner.units(tableUnits + idx);
            ampRow[n] = String.format(Locale.ROOT, "%.2f×", (tableUnits + idx) / tableUnits);
            ruleRow[n] = LabRunner.units(IndexCosts.tableWriteUnits(probe)) + " + " + LabRunner.units(IndexCosts.putUnits(probe, i))
                    + " = " + LabRunner.units(IndexCosts.tableWriteUnits(probe) + IndexCosts.putUnits(probe, i));
            descRow[n] = LabRunner.units(desc);
            titleRow[n] = LabRunner.units(title);
            fetchRow[n] = fetch ? "yes (no Title)" : "no";

            Meter.Measured<List<Map<String, AttributeValue>>> got = ctx.meter().measure(i.projection().toString(),
                    () -> myOpenIssues(db, table, i, user.id(), fetch));
            Measurement m = got.measurement().withItems(got.value().size());
            queries.add(m);
            List<String> ids = got.value().stream().map(x -> x.get("IssueId").s()).toList();
            boolean titles = got.value().stream().allMatch(x -> x.containsKey("Title") && x.containsKey("Priority")
                    && expected.stream().anyMatch(e -> e.id().equals(x.get("IssueId").s()) && e.title().equals(x.get("Title").s())));
            r.check(i.name() + " answers " + user.name() + "'s open issues exactly, with titles",
                    ids.equals(expected.stream().map(SampleData.Issue::id).toList()) && titles,
                    ids.size() + " of " + expected.size() + " issues" + (fetch ? ", titles fetched from the table" : ", titles from the index"));
        }
        Table t = new Table(headers).right(1, 2, 3);
        List<Object[]> rows = reported ? List.of(entryRow, storageRow, putRow, ampRow, ruleRow, descRow, titleRow, fetchRow)
                : List.of(entryRow, storageRow, putRow, ampRow, descRow, titleRow, fetchRow);
        for (Object[] row : rows) t.row(row);
        r.table("One index, three projections: what a write costs and what the index stores", t);
        r.text(reported
                ? "Write units are the ones the target reported (ReturnConsumedCapacity INDEXES, per table and per index); the row below the put shows the same write worked out by hand. "
                + "Entry sizes and storage are computed by DynamoDB's documented rules: index keys + table keys + projected attributes, plus 100 bytes per entry of storage overhead."
                : "This target did not report per-index capacity, so the write units are **computed** from item sizes by DynamoDB's documented rules "
                + "(entry = index keys + table keys + projected attributes, rounded up to 1 KB per write unit). On the local default and on AWS the lab shows the reported numbers instead.");
        r.compare("One new issue, then two updates: the capacity each call consumed, per table and index",
                put.withLabel("put new issue"), updDescription.withLabel("update Description"), updTitle.withLabel("update Title"));
        r.compare("“Open issues assigned to " + user.name() + ", with title and priority” on each projection (KEYS_ONLY adds a BatchGetItem)",
                queries.toArray(Measurement[]::new));
        r.check("a write costs ALL ≥ INCLUDE ≥ KEYS_ONLY (table + index)",
                putTotals[2] >= putTotals[1] && putTotals[1] >= putTotals[0] && putTotals[2] > putTotals[0],
                String.format(Locale.ROOT, "KEYS_ONLY %s, INCLUDE %s, ALL %s write units", LabRunner.units(putTotals[0]),
                        LabRunner.units(putTotals[1]), LabRunner.units(putTotals[2])));
    }

    // ------------------------------------------------------------------ step 6

    private void sparseAndOverloaded(LabContext ctx, StepResult r) {
        String table = ctx.personalTable();
        DynamoDbClient db = ctx.dynamo();
        prepare(ctx, List.of(SiloDesign.ONLINE));
        ScratchTable scratch = scratch(ctx);
        scratch.ensure(List.of(SiloDesign.URGENT));
        String sparseTable = scratch.name();

        // Sparse: only open P1 issues carry UrgentPK, so the index is exactly the urgent list.
        List<String> urgentAll = ctx.data().issues().stream().filter(SampleData.Issue::isUrgent).map(SampleData.Issue::id).sorted().toList();
        List<String> urgentC01 = ctx.data().issues().stream().filter(i -> i.isUrgent() && i.companyId().equals("c01"))
                .sorted(Comparator.comparing(SampleData.Issue::created).thenComparing(SampleData.Issue::id)).map(SampleData.Issue::id).toList();
        Meter.Measured<List<Map<String, AttributeValue>>> urgent = ctx.meter().measure("Query Urgent c01", () -> queryAll(db,
                QueryRequest.builder().tableName(sparseTable).indexName(SiloDesign.URGENT.name()).keyConditionExpression("#p = :p")
                        .expressionAttributeNames(Map.of("#p", SiloDesign.URGENT.pk()))
                        .expressionAttributeValues(Map.of(":p", KeyDesign.s(SiloDesign.companyPk("c01"))))));
        Meter.Measured<List<Map<String, AttributeValue>>> whole = ctx.meter().measure("Scan the whole Urgent index", () -> scanAll(db,
                ScanRequest.builder().tableName(sparseTable).indexName(SiloDesign.URGENT.name())));
        List<String> urgentIds = urgent.value().stream().map(m -> m.get("IssueId").s()).toList();
        List<String> inIndex = whole.value().stream().map(m -> m.containsKey("IssueId") ? m.get("IssueId").s() : "?").sorted().toList();
        boolean onlyUrgent = whole.value().stream().allMatch(m -> "Issue".equals(m.get("Type").s())
                && "OPEN".equals(m.get("Status").s()) && "P1".equals(m.get("Priority").s()));
        Table u = new Table("UrgentPK", "UrgentSK", "issue", "title", "assignee");
        urgent.value().forEach(m -> u.row(m.get(SiloDesign.URGENT.pk()).s(), m.get(SiloDesign.URGENT.sk()).s(), m.get("IssueId").s(),
                m.get("Title").s(), m.get("AssigneeName").s()));
        r.table("Sparse index Urgent on " + sparseTable + ", company c01 (only open P1 issues carry its keys)", u);
        r.compare("Reading the sparse index", urgent.measurement().withItems(urgentIds.size()), whole.measurement().withItems(inIndex.size()));
        r.check("Urgent answers c01's open P1 issues exactly, oldest first", urgentIds.equals(urgentC01),
                urgentIds.size() + " issues, expected " + urgentC01.size());
        r.check("the sparse index holds only open P1 issues: " + urgentAll.size() + " of " + ctx.data().issues().size()
                + " issues, no other item", onlyUrgent && inIndex.equals(urgentAll), inIndex.size() + " entries scanned");

        // Overloaded: two entity types, two access patterns, one index.
        SampleData.User someone = ctx.data().users().get(ctx.data().users().size() / 2);
        Meter.Measured<List<Map<String, AttributeValue>>> byEmail = ctx.meter().measure("user by email", () -> queryAll(db,
                QueryRequest.builder().tableName(table).indexName(SiloDesign.GSI1.name()).keyConditionExpression("#p = :p")
                        .expressionAttributeNames(Map.of("#p", SiloDesign.GSI1.pk()))
                        .expressionAttributeValues(Map.of(":p", KeyDesign.s(SiloDesign.emailPk(someone.email()))))));
        List<SampleData.Issue> openC01 = ctx.data().issues().stream().filter(i -> i.companyId().equals("c01") && "OPEN".equals(i.status()))
                .sorted(Comparator.comparing((SampleData.Issue i) -> i.priority() + "#" + i.created() + "#" + i.id())).toList();
        Meter.Measured<List<Map<String, AttributeValue>>> byStatus = ctx.meter().measure("open issues of c01",
                () -> openIssues(db, new TableRouter(ctx.sharedTable()).route(ctx.id(), TableRouter.Tier.PLATINUM), "c01"));
        Table o = new Table("GSI1PK", "GSI1SK", "Type", "what");
        byEmail.value().forEach(m -> o.row(m.get(SiloDesign.GSI1.pk()).s(), m.get(SiloDesign.GSI1.sk()).s(), m.get("Type").s(), m.get("Name").s()));
        byStatus.value().stream().limit(5).forEach(m -> o.row(m.get(SiloDesign.GSI1.pk()).s(), m.get(SiloDesign.GSI1.sk()).s(),
                m.get("Type").s(), m.get("Title").s()));
        if (byStatus.value().size() > 5) o.row("…", "(" + (byStatus.value().size() - 5) + " more open issues)", "", "");
        r.table("Overloaded index GSI1 on " + table + ": users by email and issues by status share its keys", o);
        r.compare("Two access patterns, one index", byEmail.measurement().withItems(byEmail.value().size()),
                byStatus.measurement().withItems(byStatus.value().size()));
        r.check("GSI1 finds exactly one user by email (" + someone.email() + ")",
                byEmail.value().size() == 1 && someone.id().equals(byEmail.value().get(0).get("UserId").s()), null);
        r.check("GSI1 answers c01's open issues exactly, sorted by priority",
                byStatus.value().stream().map(m -> m.get("IssueId").s()).toList().equals(openC01.stream().map(SampleData.Issue::id).toList()),
                byStatus.value().size() + " issues, expected " + openC01.size());

        // The scratch table has served its purpose: nothing of it is billed after the lab.
        boolean had = scratch.delete();
        r.text(had ? "The scratch table **" + sparseTable + "** has served: deleted with one DeleteTable, indexes and all."
                : "The scratch table **" + sparseTable + "** is already gone.");
    }

    // ------------------------------------------------------------------ step 4

    private void delete(LabContext ctx, StepResult r) {
        ScratchTable scratch = scratch(ctx);
        scratch.ensure(SiloDesign.PROJECTIONS);
        String table = scratch.name();
        DynamoDbClient db = ctx.dynamo();
        OnlineIndexes online = scratch.indexes();
        SiloDesign.Index dropped = SiloDesign.BY_ASSIGNEE_ALL;
        Map<String, AttributeValue> probe = probe(ctx, busiestAssignee(ctx.data()), "Export button times out");
        deleteProbe(db, table);
        Measurement before = ctx.meter().measureRun("with " + dropped.name(), () -> db.putItem(b -> b.tableName(table).item(probe)));
        deleteProbe(db, table);
        OnlineIndexes.Change c = online.delete(dropped.name());
        Table t = new Table("index", "what happened", "gone after").right(2);
        t.row(c.index(), describe(c.outcome()), seconds(c.elapsed()));
        r.table("Deleted with one UpdateTable, watched until DescribeTable no longer lists it", t);
        Measurement after = ctx.meter().measureRun("after deleting it", () -> db.putItem(b -> b.tableName(table).item(probe)));
        deleteProbe(db, table);

        boolean reported = before.capacityByResource().keySet().stream().anyMatch(k -> k.startsWith(table + "/"));
        Table cmp = new Table("write units of one new issue", before.label(), after.label()).right(1, 2);
        double beforeTotal = 0;
        double afterTotal = 0;
        List<String> rows = new ArrayList<>(List.of(table));
        SiloDesign.PROJECTIONS.forEach(i -> rows.add(table + "/" + i.name()));
        String gone = table + "/" + dropped.name();
        for (String res : rows) {
            SiloDesign.Index idx = SiloDesign.PROJECTIONS.stream().filter(i -> res.endsWith("/" + i.name())).findFirst().orElse(null);
            double computed = idx == null ? IndexCosts.tableWriteUnits(probe) : IndexCosts.putUnits(probe, idx);
            double b = units(before, res, computed, reported);
            double a = units(after, res, res.equals(gone) ? 0 : computed, reported);
            beforeTotal += b;
            afterTotal += a;
            cmp.row(res.equals(table) ? "table" : res.substring(table.length() + 1), LabRunner.units(b), res.equals(gone) ? "gone" : LabRunner.units(a));
        }
        cmp.row("total", LabRunner.units(beforeTotal), LabRunner.units(afterTotal));
        r.table("The same write before and after" + (reported ? " (as reported)" : " (computed: the target did not report index capacity)"), cmp);
        r.compare("The same PutItem", before, after);
        double saved = units(before, gone, IndexCosts.putUnits(probe, dropped), reported);
        r.check("after the deletion no write is charged to " + dropped.name(),
                !after.capacityByResource().containsKey(gone) && online.find(dropped.name()).isEmpty(), null);
        r.check("the write costs exactly the deleted index's share less", saved > 0 && Math.abs((beforeTotal - afterTotal) - saved) < 1e-9,
                LabRunner.units(beforeTotal) + " → " + LabRunner.units(afterTotal) + " write units");
    }

    // ------------------------------------------------------------------ step 5

    /** The backfill step 2 started: watched to ACTIVE here (on AWS it ran on while steps 3 and 4 used the scratch table). */
    private void watchBackfill(LabContext ctx, StepResult r) {
        prepare(ctx, List.of());
        OnlineIndexes online = online(ctx);
        OnlineIndexes.Change began = online.begin(SiloDesign.ONLINE);
        OnlineIndexes.Change watched = online.awaitActive(SiloDesign.ONLINE.name());
        GlobalSecondaryIndexDescription g = online.find(SiloDesign.ONLINE.name()).orElseThrow();
        long expected = SiloDesign.items(ctx.data()).stream()
                .filter(m -> m.containsKey(SiloDesign.ONLINE.pk()) && m.containsKey(SiloDesign.ONLINE.sk())).count();
        long users = ctx.data().users().size();
        Meter.Measured<Integer> counted = ctx.meter().measure("Scan " + SiloDesign.ONLINE.name() + " (COUNT)", () -> ctx.dynamo()
                .scanPaginator(ScanRequest.builder().tableName(ctx.personalTable()).indexName(SiloDesign.ONLINE.name()).select(Select.COUNT).build())
                .stream().mapToInt(software.amazon.awssdk.services.dynamodb.model.ScanResponse::count).sum());
        Table t = new Table("index", "projection", "this run", "watched for", "DescribeTable polls", "IndexStatus").right(3, 4);
        t.row(g.indexName(), SiloDesign.ONLINE.projectionLabel(),
                began.outcome() == OnlineIndexes.Outcome.FOUND ? "started in step 2 (or a previous run)" : describe(began.outcome()),
                seconds(watched.elapsed()), watched.polls(), g.indexStatusAsString());
        r.table("The online creation on " + ctx.personalTable() + ", watched until ACTIVE", t);
        r.text("The backfill copied every item that carries both " + SiloDesign.ONLINE.name() + " keys: " + users + " users and "
                + (expected - users) + " issues of the " + SiloDesign.items(ctx.data()).size() + " items. Companies, teams and comments lack the keys, so "
                + "they are read and skipped; so are hot-partitions' items, if lab 3 left any.");
        r.compare("Counting the index's entries", counted.measurement().withItems(counted.value()));
        r.check(SiloDesign.ONLINE.name() + " is ACTIVE with projection " + SiloDesign.ONLINE.projectionLabel(),
                g.indexStatus() == IndexStatus.ACTIVE && SiloDesign.ONLINE.matches(g), g.indexStatusAsString());
        r.check("the backfill copied every item carrying its keys, and nothing else", counted.value() == expected,
                counted.value() + " entries, expected " + expected);
    }

    // ------------------------------------------------------------------ step 7

    private void siloAgainstPool(LabContext ctx, StepResult r) {
        DynamoDbClient db = ctx.dynamo();
        prepare(ctx, List.of(SiloDesign.GSI1));
        TableRouter router = new TableRouter(ctx.sharedTable());
        TableRouter.Route silo = router.route(ctx.id(), TableRouter.Tier.PLATINUM);
        TableRouter.Route pool = router.route(ctx.id(), TableRouter.Tier.BASIC);
        Table routes = new Table("tier", "model", "table", "key prefix");
        for (TableRouter.Tier tier : TableRouter.Tier.values()) {
            TableRouter.Route x = router.route(ctx.id(), tier);
            routes.row(tier.displayName(), x.model(), x.table(), x.keyPrefix().isEmpty() ? "(none)" : x.keyPrefix());
        }
        r.table("The table router: tenant tier → where the data lives", routes);

        List<String> expected = ctx.data().issues().stream().filter(i -> i.companyId().equals("c01") && "OPEN".equals(i.status()))
                .sorted(Comparator.comparing((SampleData.Issue i) -> i.priority() + "#" + i.created() + "#" + i.id()))
                .map(SampleData.Issue::id).toList();
        Meter.Measured<List<Map<String, AttributeValue>>> s = ctx.meter().measure("silo " + silo.table(), () -> openIssues(db, silo, "c01"));
        Meter.Measured<List<Map<String, AttributeValue>>> p = ctx.meter().measure("pool " + pool.table(), () -> openIssues(db, pool, "c01"));
        r.compare("“Open issues of company c01, by priority”, the same code through two routes",
                s.measurement().withItems(s.value().size()), p.measurement().withItems(p.value().size()));
        r.check("silo and pool answer the same access pattern identically",
                ids(s.value()).equals(expected) && ids(p.value()).equals(expected), expected.size() + " issues each");

        // What one new issue costs in each home: every index of the table it lands in is written.
        SampleData.User user = busiestAssignee(ctx.data());
        SampleData.Issue newIssue = new SampleData.Issue(PROBE_ID, user.companyId(), "Export button times out", "OPEN", "P2",
                user.id(), user.teamId(), user.id(), "2024-12-31T23:00:00Z");
        Map<String, AttributeValue> siloItem = SiloDesign.issue(newIssue, user.name());
        Map<String, AttributeValue> poolItem = KeyDesign.issueItem(ctx.id(), KeyDesign.expiresFrom(ctx.clock().instant()), newIssue, user.name());
        Map<String, AttributeValue> siloKey = Map.of(Tables.PK, siloItem.get(Tables.PK), Tables.SK, siloItem.get(Tables.SK));
        Map<String, AttributeValue> poolKey = Map.of(Tables.PK, poolItem.get(Tables.PK), Tables.SK, poolItem.get(Tables.SK));
        db.deleteItem(b -> b.tableName(silo.table()).key(siloKey));
        db.deleteItem(b -> b.tableName(pool.table()).key(poolKey));
        Measurement ws = ctx.meter().measureRun("silo write", () -> db.putItem(b -> b.tableName(silo.table()).item(siloItem)));
        Measurement wp = ctx.meter().measureRun("pool write", () -> db.putItem(b -> b.tableName(pool.table()).item(poolItem)));
        db.deleteItem(b -> b.tableName(silo.table()).key(siloKey));
        db.deleteItem(b -> b.tableName(pool.table()).key(poolKey));

        int poolItems = count(db, KeyDesign.ownItemsOnly(QueryRequest.builder().tableName(pool.table()).indexName(Tables.BY_OWNER.name())
                .keyConditionExpression("#o = :p").expressionAttributeNames(Map.of("#o", Tables.BY_OWNER.pk()))
                .expressionAttributeValues(Map.of(":p", KeyDesign.s(ctx.id().prefix()))).build(), ctx.id()).toBuilder());
        int siloItems = SiloDesign.items(ctx.data()).size() + 1;
        long siloBytes = SiloDesign.items(ctx.data()).stream().mapToLong(IndexCosts::itemBytes).sum();
        long poolBytes = KeyDesign.items(ctx.id(), ctx.data(), ctx.clock().instant()).stream().mapToLong(IndexCosts::itemBytes).sum();
        int batches = (poolItems + BatchWriter.MAX_BATCH - 1) / BatchWriter.MAX_BATCH;

        // Short cells: three columns must fit a terminal; the narration explains each row.
        Table cmp = new Table("", "silo (Platinum)", "pool (Basic, Premium)");
        cmp.row("table", silo.table(), pool.table() + " (shared)");
        cmp.row("partition key, open in c01", SiloDesign.statusPk("c01", "OPEN"), pool.key("COMPANY#c01#STATUS#OPEN"));
        cmp.row("isolation", "table boundary (IAM on the ARN)", "policy: LeadingKeys " + ctx.id().prefix() + "*");
        cmp.row("read: open issues in c01", LabRunner.units(s.measurement().readUnits()) + " RCU", LabRunner.units(p.measurement().readUnits()) + " RCU");
        cmp.row("write: one new issue", LabRunner.units(ws.writeUnits()) + " WCU, " + indexCount(ws, silo.table()) + " indexes",
                LabRunner.units(wp.writeUnits()) + " WCU, " + indexCount(wp, pool.table()) + " indexes");
        cmp.row("your data (item bytes)", String.format(Locale.ROOT, "%.1f KB", siloBytes / 1024.0),
                String.format(Locale.ROOT, "%.1f KB", poolBytes / 1024.0));
        cmp.row("indexes", "yours, " + OnlineIndexes.indexes(online(ctx).describe()).size() + ", chosen by you",
                "shared, " + Tables.SHARED_INDEXES.size() + ", chosen for everyone");
        cmp.row("noisy neighbours", "none: own table and limits", "share the table and its GSIs");
        cmp.row("cleanup", "1 DeleteTable", "ByOwner Query + " + batches + " BatchWriteItem");
        cmp.row("items cleanup must find", "0 (the table goes)", Integer.toString(poolItems));
        r.table("Silo against pool, side by side", cmp);
        r.text("Isolation: the silo is protected by the table's ARN, so a mistake in key design cannot leak; the pool relies on every request carrying the "
                + ctx.id().prefix() + " prefix on the table and every index, and on the policy's LeadingKeys condition. "
                + "Cost: the same query costs about the same, but every pool write also pays the shared indexes and the owner index ("
                + resources(wp, pool.table()) + "), and every pool item carries the prefix, owner keys and TTL. "
                + "Noisy neighbours: in the pool, other tenants' traffic shares the table's throughput and its GSIs (a throttled GSI throttles writes to the table); "
                + "your silo has only your traffic. Cleanup: the silo goes with one DeleteTable; the pool needs its items found (the ByOwner index) and deleted 25 at a time.");
        r.compare("One new issue, written to each home", ws, wp);
        r.check("the router sends Platinum to the silo and Basic and Premium to the pool",
                silo.table().equals(ctx.personalTable()) && silo.keyPrefix().isEmpty()
                        && router.route(ctx.id(), TableRouter.Tier.PREMIUM).equals(new TableRouter.Route(TableRouter.Tier.PREMIUM,
                        TableRouter.Model.POOLED, ctx.sharedTable(), ctx.id().prefix()))
                        && pool.table().equals(ctx.sharedTable()) && pool.keyPrefix().equals(ctx.id().prefix()), null);
    }

    // ------------------------------------------------------------------ step 8

    private void endState(LabContext ctx, StepResult r) {
        var gsis = OnlineIndexes.indexes(online(ctx).describe());
        Table t = new Table("index", "projection", "IndexStatus", "kept because");
        Set<String> labNames = SiloDesign.ALL.stream().map(SiloDesign.Index::name).collect(Collectors.toSet());
        for (GlobalSecondaryIndexDescription g : gsis) {
            t.row(g.indexName(), g.projection().projectionTypeAsString()
                            + (g.projection().hasNonKeyAttributes() ? " " + String.join(", ", g.projection().nonKeyAttributes()) : ""),
                    g.indexStatusAsString(), g.indexName().equals(SiloDesign.ONLINE.name()) ? "overloaded: users and issues; built online in step 2"
                            : labNames.contains(g.indexName()) ? "left by an earlier version of this lab" : "not this lab's");
        }
        r.table("Indexes on " + ctx.personalTable() + " after the lab", t);
        boolean active = gsis.stream().anyMatch(g -> SiloDesign.ONLINE.matches(g) && g.indexStatus() == IndexStatus.ACTIVE);
        r.check("your table ends with " + SiloDesign.ONLINE.name() + " ACTIVE", active,
                "found " + gsis.stream().map(GlobalSecondaryIndexDescription::indexName).collect(Collectors.joining(", ")));

        // Steps run one by one (--step) may leave the scratch table: the lab's end removes it, so nothing stays billed.
        ScratchTable scratch = scratch(ctx);
        var left = scratch.describe();
        boolean deletedNow = left.isPresent() && left.get().tableStatus() != software.amazon.awssdk.services.dynamodb.model.TableStatus.DELETING
                && scratch.delete();
        var now = scratch.describe();
        boolean gone = now.isEmpty() || now.get().tableStatus() == software.amazon.awssdk.services.dynamodb.model.TableStatus.DELETING;
        r.check("the scratch table " + scratch.name() + " is gone", gone,
                now.isEmpty() ? (deletedNow ? "deleted now" : "deleted in step 6") : "TableStatus=" + now.get().tableStatusAsString());
        r.text("Run the lab again and it finds " + SiloDesign.ONLINE.name() + ", creates the scratch table again for the experiments, and ends here. "
                + "`workshop cleanup --id " + ctx.id() + "` deletes your table with its index in one call (and a scratch table an interrupted run left).");
    }

    // ------------------------------------------------------------------ helpers

    /**
     * What a step needs from the earlier ones when it runs alone (--step N): the loaded silo and, when asked, the online
     * index ACTIVE. In a full run everything is already there and this costs one GetItem and a DescribeTable.
     */
    private void prepare(LabContext ctx, List<SiloDesign.Index> indexes) {
        if (!loaded(ctx)) {
            ctx.console().info("Loading your data into " + ctx.personalTable() + " first (step 1)…");
            load(ctx, new StepResult());
        }
        OnlineIndexes online = online(ctx);
        for (SiloDesign.Index i : indexes) {
            online.begin(i);
            online.awaitActive(i.name());
        }
    }

    private ScratchTable scratch(LabContext ctx) {
        return new ScratchTable(ctx, Duration.ofMinutes(options.indexTimeoutMinutes),
                "workshop " + NAME + " --id " + ctx.id() + "   (a re-run continues with the table where DynamoDB left it)");
    }

    private static boolean loaded(LabContext ctx) {
        Map<String, AttributeValue> marker = ctx.dynamo().getItem(b -> b.tableName(ctx.personalTable()).consistentRead(true)
                .key(Map.of(Tables.PK, KeyDesign.s(SiloDesign.MARKER_PK), Tables.SK, KeyDesign.s(SiloDesign.MARKER_SK)))).item();
        return marker != null && marker.containsKey("Version") && SiloDesign.LOAD_VERSION.equals(marker.get("Version").s());
    }

    private OnlineIndexes online(LabContext ctx) {
        OnlineIndexes online = new OnlineIndexes(ctx.dynamo(), ctx.personalTable(), Duration.ofMinutes(options.indexTimeoutMinutes),
                ctx.console().err(), ctx.console().interactive(),
                "workshop " + NAME + " --id " + ctx.id() + "   (a re-run continues with the index where DynamoDB left it)");
        if (ctx.target() instanceof dev.workshop.target.aws.AwsTarget aws) {
            // On AWS a backfill takes minutes: CloudWatch's OnlineIndexPercentageProgress says how far it got.
            var cw = new dev.workshop.metrics.CloudWatchMetricsSource(aws.cloudWatch(), aws.regionId());
            online.withProgress(index -> backfillProgress(cw, ctx.personalTable(), index), Duration.ofSeconds(30));
        }
        return online;
    }

    /** "OnlineIndexPercentageProgress 42%", or nothing while CloudWatch has no datapoint yet. */
    static String backfillProgress(dev.workshop.metrics.CloudWatchMetricsSource cw, String table, String index) {
        java.time.Instant now = java.time.Instant.now();
        var p = cw.latest(table, index, dev.workshop.metrics.MetricNames.ONLINE_INDEX_PROGRESS, "Maximum", now.minusSeconds(600), now);
        return p.isPresent() ? String.format(Locale.ROOT, "%s %.0f%%", dev.workshop.metrics.MetricNames.ONLINE_INDEX_PROGRESS, p.getAsDouble()) : "";
    }

    /** The user with the most open issues (ties: the smaller id), so "my open issues" returns a handful. */
    static SampleData.User busiestAssignee(SampleData data) {
        Map<String, Long> open = data.issues().stream().filter(i -> "OPEN".equals(i.status()))
                .collect(Collectors.groupingBy(SampleData.Issue::assigneeId, Collectors.counting()));
        String best = open.entrySet().stream()
                .max(Comparator.comparing(Map.Entry<String, Long>::getValue).thenComparing(Map.Entry::getKey, Comparator.reverseOrder()))
                .orElseThrow().getKey();
        return data.user(best);
    }

    /** A new open P2 issue with a long description, carrying only the ByAssignee keys so its cost shows the three projections alone. */
    private static Map<String, AttributeValue> probe(LabContext ctx, SampleData.User user, String title) {
        SampleData.Issue i = new SampleData.Issue(PROBE_ID, user.companyId(), title, "OPEN", "P2", user.id(), user.teamId(),
                user.id(), "2024-12-31T23:00:00Z");
        Map<String, AttributeValue> m = SiloDesign.issue(i, user.name());
        m.remove(Tables.GSI1.pk());
        m.remove(Tables.GSI1.sk());
        m.put("Description", KeyDesign.s(description(1)));
        return m;
    }

    /** About 1.8 KB of bug report: big enough that projecting it (ALL) costs more write units than leaving it out. */
    static String description(int version) {
        StringBuilder b = new StringBuilder("Steps to reproduce (v" + version + "): ");
        for (int k = 1; b.length() < 1800; k++) {
            b.append(k).append(". Open the report page, choose a range of twelve months and press Export; the request runs ")
                    .append("for thirty seconds and the browser shows a gateway timeout. ");
        }
        return b.substring(0, 1800);
    }

    private static Map<String, AttributeValue> keyOf(Map<String, AttributeValue> item) {
        return Map.of(Tables.PK, item.get(Tables.PK), Tables.SK, item.get(Tables.SK));
    }

    private static void deleteProbe(DynamoDbClient db, String table) {
        // The probe issue belongs to the busiest assignee's company; delete it under every company to stay idempotent.
        for (String c : List.of("c01", "c02", "c03")) {
            db.deleteItem(b -> b.tableName(table).key(Map.of(Tables.PK, KeyDesign.s(SiloDesign.companyPk(c)),
                    Tables.SK, KeyDesign.s("ISSUE#" + PROBE_ID))));
        }
    }

    /** "My open issues": one Query on the index, plus a BatchGetItem for what the projection lacks. */
    private static List<Map<String, AttributeValue>> myOpenIssues(DynamoDbClient db, String table, SiloDesign.Index index,
                                                                  String userId, boolean fetch) {
        List<Map<String, AttributeValue>> hits = queryAll(db, QueryRequest.builder().tableName(table).indexName(index.name())
                .keyConditionExpression("#p = :p AND begins_with(#s, :open)")
                .expressionAttributeNames(Map.of("#p", index.pk(), "#s", index.sk()))
                .expressionAttributeValues(Map.of(":p", KeyDesign.s(SiloDesign.assigneePk(userId)), ":open", KeyDesign.s("OPEN#"))));
        List<Map<String, AttributeValue>> out = new ArrayList<>();
        if (!fetch) {
            for (Map<String, AttributeValue> h : hits) {
                Map<String, AttributeValue> m = new HashMap<>(h);
                m.putIfAbsent("IssueId", KeyDesign.s(h.get(Tables.SK).s().substring("ISSUE#".length())));
                out.add(m);
            }
            return out;
        }
        Map<String, Map<String, AttributeValue>> byKey = new HashMap<>();
        for (int from = 0; from < hits.size(); from += 100) {
            List<Map<String, AttributeValue>> keys = hits.subList(from, Math.min(hits.size(), from + 100)).stream()
                    .map(h -> Map.of(Tables.PK, h.get(Tables.PK), Tables.SK, h.get(Tables.SK))).toList();
            Map<String, KeysAndAttributes> request = Map.of(table, KeysAndAttributes.builder().keys(keys)
                    .projectionExpression("#pk, #sk, IssueId, Title, Priority")
                    .expressionAttributeNames(Map.of("#pk", Tables.PK, "#sk", Tables.SK)).build());
            while (request != null && !request.isEmpty()) {
                BatchGetItemResponse resp = db.batchGetItem(BatchGetItemRequest.builder().requestItems(request).build());
                resp.responses().getOrDefault(table, List.of()).forEach(m -> byKey.put(m.get(Tables.SK).s(), m));
                request = resp.hasUnprocessedKeys() && !resp.unprocessedKeys().isEmpty() ? resp.unprocessedKeys() : null;
            }
        }
        for (Map<String, AttributeValue> h : hits) {
            Map<String, AttributeValue> full = byKey.get(h.get(Tables.SK).s());
            if (full != null) out.add(full);
        }
        return out;
    }

    /** The access pattern of the silo-against-pool comparison: the code is the same, only the route differs. */
    static List<Map<String, AttributeValue>> openIssues(DynamoDbClient db, TableRouter.Route route, String companyId) {
        List<Map<String, AttributeValue>> items = queryAll(db, QueryRequest.builder().tableName(route.table()).indexName(Tables.GSI1.name())
                .keyConditionExpression("#p = :p").expressionAttributeNames(Map.of("#p", Tables.GSI1.pk()))
                .expressionAttributeValues(Map.of(":p", KeyDesign.s(route.key(SiloDesign.statusPk(companyId, "OPEN"))))));
        // In the pool an index partition can hold another tenant's item (LeadingKeys does not guard index keys): keep the
        // tenant's own, by their table key. The silo table is the tenant's alone.
        return route.pooled() ? items.stream().filter(i -> i.get(Tables.PK).s().startsWith(route.keyPrefix())).toList() : items;
    }

    private static List<Map<String, AttributeValue>> queryAll(DynamoDbClient db, QueryRequest.Builder q) {
        return db.queryPaginator(q.build()).items().stream().toList();
    }

    private static List<Map<String, AttributeValue>> scanAll(DynamoDbClient db, ScanRequest.Builder q) {
        return db.scanPaginator(q.build()).items().stream().toList();
    }

    private static int count(DynamoDbClient db, QueryRequest.Builder q) {
        return db.queryPaginator(q.select(Select.COUNT).build()).stream().mapToInt(QueryResponse::count).sum();
    }

    private static List<String> ids(List<Map<String, AttributeValue>> items) {
        return items.stream().map(m -> m.get("IssueId").s()).toList();
    }

    /** Reported units for a table or index when the target reported any index capacity, else the documented computation. */
    private static double units(Measurement m, String resource, double computed, boolean reported) {
        return reported ? m.capacityByResource().getOrDefault(resource, 0.0) : computed;
    }

    private static long indexCount(Measurement m, String table) {
        return m.capacityByResource().keySet().stream().filter(k -> k.startsWith(table + "/")).count();
    }

    private static String resources(Measurement m, String table) {
        return m.capacityByResource().entrySet().stream()
                .map(e -> (e.getKey().equals(table) ? "table" : e.getKey().substring(e.getKey().indexOf('/') + 1)) + " " + LabRunner.units(e.getValue()))
                .collect(Collectors.joining(", "));
    }

    private static String describe(OnlineIndexes.Outcome o) {
        return switch (o) {
            case FOUND -> "found (previous run)";
            case CREATED -> "created, backfilled, ACTIVE";
            case RECREATED -> "found with another definition, replaced";
            case DELETED -> "deleted";
            case ABSENT -> "already gone";
        };
    }

    private static String seconds(Duration d) {
        return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
    }

    /** Spells pool keys for the key-design table. */
    private record AttendeeKeys(LabContext ctx) {
        String pool(String logical) {
            return ctx.id().prefix() + logical;
        }
    }
}
