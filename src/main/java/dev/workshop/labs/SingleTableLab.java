package dev.workshop.labs;

import dev.workshop.console.Table;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.KeyDesign;
import dev.workshop.model.SampleData;
import dev.workshop.model.Tables;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.function.Function;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutItemRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;

/**
 * Lab 2: the issue tracker's access patterns (from the seed), the key design that serves them (PK/SK, an overloaded
 * GSI, two more GSIs, a sparse index), every pattern run as a Query with its result and cost, and proof that no Scan
 * was needed. Expected answers come from {@link SampleData}, so every check compares against what bootstrap wrote.
 */
public final class SingleTableLab implements Lab {
    static final String COMPANY = "c01";

    @Override
    public String name() {
        return "single-table";
    }

    @Override
    public int number() {
        return 2;
    }

    @Override
    public String summary() {
        return "Access patterns first, then the key design (PK/SK, overloaded and sparse GSIs); every pattern one Query, never a Scan.";
    }

    @Override
    public List<Step> steps() {
        return List.of(
                new Step("The access patterns", this::patternsStep),
                new Step("The key design", this::keyDesignStep),
                new Step("Patterns on the table", (ctx, r) -> runPatterns(ctx, r, List.of("D", "F"),
                        "Item collections on the table: one partition key, a sort-key prefix, items already in order.")),
                new Step("Patterns on the overloaded indexes", (ctx, r) -> runPatterns(ctx, r, List.of("A", "B", "C", "E"),
                        "An index is a second key design over the same items: one GSI can serve several patterns when its keys are overloaded.")),
                new Step("A sparse index", this::sparseStep),
                new Step("The bill", this::billStep));
    }

    // ---------------------------------------------------------------- the patterns

    /** One access pattern as a Query, and the items it must return, in order, computed from the sample data. */
    record Pattern(String code, String name, String example, String index, String keyCondition,
                   Map<String, String> names, Map<String, AttributeValue> values, boolean forward,
                   String idAttribute, List<String> expected, String... columns) {
        String where() {
            return index == null ? "table" : index;
        }

        QueryRequest request(String table) {
            QueryRequest.Builder q = QueryRequest.builder().tableName(table).keyConditionExpression(keyCondition)
                    .expressionAttributeNames(names).expressionAttributeValues(values).scanIndexForward(forward);
            if (index != null) q.indexName(index);
            return q.build();
        }

        /** The key condition with the placeholders filled in, as an attendee would type it. */
        String condition() {
            String c = keyCondition;
            for (var e : names.entrySet()) c = c.replace(e.getKey(), e.getValue());
            for (var e : values.entrySet()) c = c.replace(e.getKey(), e.getValue().s());
            return c + (forward ? "" : ", newest first");
        }
    }

    record Run(Pattern pattern, List<Map<String, AttributeValue>> items, Measurement measurement, int pages) {
        List<String> ids() {
            return items.stream().map(i -> Items.s(i, pattern.idAttribute())).toList();
        }

        boolean exact() {
            return ids().equals(pattern.expected());
        }
    }

    private static final String[] ISSUE_COLUMNS = {"IssueId", "Title", "Status", "Priority", "AssigneeName", "Created"};

    /** The patterns for this attendee, with their parameters picked from the sample data so each returns something. */
    static Map<String, Pattern> patterns(AttendeeId id, SampleData data) {
        Map<String, Pattern> p = new LinkedHashMap<>();
        List<SampleData.Issue> issues = data.issues().stream().filter(i -> i.companyId().equals(COMPANY)).toList();
        Function<SampleData.Issue, String> gsi1Sk = i -> i.priority() + "#" + i.created() + "#" + i.id();
        Function<SampleData.Issue, String> createdId = i -> i.created() + "#" + i.id();

        p.put("A", pattern("A", "Open issues of a company, most urgent first", "company " + COMPANY + ", status OPEN",
                Tables.GSI1, "#pk = :pk", Map.of(":pk", KeyDesign.statusPk(id, COMPANY, "OPEN")), true, "IssueId",
                issues.stream().filter(i -> i.status().equals("OPEN")).sorted(Comparator.comparing(gsi1Sk)).map(SampleData.Issue::id).toList(),
                ISSUE_COLUMNS));

        SampleData.User busiest = data.users().stream().filter(u -> u.companyId().equals(COMPANY))
                .max(Comparator.comparingLong((SampleData.User u) -> openOf(data, u.id()).size())
                        .thenComparing(SampleData.User::id, Comparator.reverseOrder())).orElseThrow();
        p.put("B", pattern("B", "A user's open issues, oldest first", "assignee " + busiest.id() + " (" + busiest.name() + ")",
                Tables.GSI2, "#pk = :pk AND begins_with(#sk, :sk)",
                Map.of(":pk", KeyDesign.assigneePk(id, busiest.id()), ":sk", "OPEN#"), true, "IssueId",
                openOf(data, busiest.id()).stream().sorted(Comparator.comparing(createdId)).map(SampleData.Issue::id).toList(),
                ISSUE_COLUMNS));

        p.put("C", pattern("C", "P1 issues of a company, newest first", "company " + COMPANY + ", priority P1",
                Tables.GSI3, "#pk = :pk", Map.of(":pk", KeyDesign.priorityPk(id, COMPANY, "P1")), false, "IssueId",
                issues.stream().filter(i -> i.priority().equals("P1")).sorted(Comparator.comparing(createdId).reversed())
                        .map(SampleData.Issue::id).toList(), ISSUE_COLUMNS));

        SampleData.Issue discussed = data.issues().stream()
                .max(Comparator.comparingLong((SampleData.Issue i) -> data.comments().stream().filter(c -> c.issueId().equals(i.id())).count())
                        .thenComparing(SampleData.Issue::id, Comparator.reverseOrder())).orElseThrow();
        p.put("D", pattern("D", "Comments of an issue, in time order", "issue " + discussed.id(),
                null, "#pk = :pk AND begins_with(#sk, :sk)", Map.of(":pk", KeyDesign.issuePk(id, discussed.id()), ":sk", "COMMENT#"),
                true, "CommentId", data.comments().stream().filter(c -> c.issueId().equals(discussed.id()))
                        .sorted(Comparator.comparing((SampleData.Comment c) -> c.created() + "#" + c.id())).map(SampleData.Comment::id).toList(),
                "CommentId", "Created", "AuthorId", "Text"));

        SampleData.User someone = data.users().stream().filter(u -> u.companyId().equals(COMPANY)).skip(2).findFirst().orElseThrow();
        p.put("E", pattern("E", "A user by email (sign-in)", someone.email(),
                Tables.GSI1, "#pk = :pk", Map.of(":pk", KeyDesign.emailPk(id, someone.email())), true, "UserId",
                List.of(someone.id()), "UserId", "Name", "Email", "Role"));

        p.put("F", pattern("F", "Teams of a company", "company " + COMPANY,
                null, "#pk = :pk AND begins_with(#sk, :sk)", Map.of(":pk", KeyDesign.companyPk(id, COMPANY), ":sk", "TEAM#"), true,
                "TeamId", data.teams().stream().filter(t -> t.companyId().equals(COMPANY)).map(SampleData.Team::id).sorted().toList(),
                "TeamId", "Name", "LeadUserId"));

        p.put("G", pattern("G", "Urgent issues of a company (open and P1)", "company " + COMPANY,
                Tables.URGENT, "#pk = :pk", Map.of(":pk", KeyDesign.companyPk(id, COMPANY)), true, "IssueId",
                urgent(data, COMPANY), ISSUE_COLUMNS));
        return p;
    }

    private static Pattern pattern(String code, String name, String example, Tables.Index index, String condition,
                                   Map<String, String> values, boolean forward, String idAttribute, List<String> expected,
                                   String... columns) {
        Map<String, String> names = new HashMap<>();
        names.put("#pk", index == null ? Tables.PK : index.pk());
        if (condition.contains("#sk")) names.put("#sk", index == null ? Tables.SK : index.sk());
        Map<String, AttributeValue> vals = new HashMap<>();
        values.forEach((k, v) -> vals.put(k, KeyDesign.s(v)));
        return new Pattern(code, name, example, index == null ? null : index.name(), condition, Map.copyOf(names),
                Map.copyOf(vals), forward, idAttribute, List.copyOf(expected), columns);
    }

    private static List<SampleData.Issue> openOf(SampleData data, String userId) {
        return data.issues().stream().filter(i -> i.assigneeId().equals(userId) && i.status().equals("OPEN")).toList();
    }

    static List<String> urgent(SampleData data, String company) {
        return data.issues().stream().filter(i -> i.companyId().equals(company) && i.isUrgent())
                .sorted(Comparator.comparing((SampleData.Issue i) -> i.created() + "#" + i.id())).map(SampleData.Issue::id).toList();
    }

    static Run run(LabContext ctx, Pattern p) {
        Meter.Measured<Items.Pages> m = ctx.meter().measure(p.code() + " · " + p.where(),
                () -> Items.queryAll(ctx.dynamo(), p.request(ctx.sharedTable())));
        // Only your items count: an index partition of yours can also hold an item whose table key is someone else's.
        List<Map<String, AttributeValue>> own = KeyDesign.ownedBy(ctx.id(), m.value().items());
        Run r = new Run(p, own, m.measurement().withItems(own.size()), m.value().pages());
        runs(ctx).put(p.code(), r);
        return r;
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Run> runs(LabContext ctx) {
        Map<String, Run> runs = ctx.get("runs");
        if (runs == null) {
            runs = new LinkedHashMap<>();
            ctx.put("runs", runs);
        }
        return runs;
    }

    // ---------------------------------------------------------------- step 1

    private void patternsStep(LabContext ctx, StepResult result) {
        Table t = new Table("", "access pattern", "example", "served by");
        for (Pattern p : patterns(ctx.id(), ctx.data()).values()) {
            t.row(p.code(), p.name(), p.example(), "Query " + p.where());
        }
        result.table("What the issue tracker asks, written down before any key is designed", t);
        result.takeaway("In DynamoDB you design for the questions, not for the entities: list the access patterns first.");
    }

    // ---------------------------------------------------------------- step 2

    private void keyDesignStep(LabContext ctx, StepResult result) {
        // entity and key share a column: five columns of key templates do not fit side by side in 80
        Table design = new Table("entity on key", "partition key", "sort key", "serves");
        design.row("company on table", "COMPANY#<c>", "#COMPANY", "lab 1");
        design.row("team on table", "COMPANY#<c>", "TEAM#<team>", "F");
        design.row("user on table", "COMPANY#<c>", "USER#<user>", "lab 1");
        design.row("user on GSI1", "EMAIL#<email>", "USER", "E");
        design.row("issue on table", "COMPANY#<c>", "ISSUE#<issue>", "lab 1");
        design.row("issue on GSI1", "COMPANY#<c>#STATUS#<status>", "<priority>#<created>#<issue>", "A");
        design.row("issue on GSI2", "USER#<assignee>", "<status>#<created>#<issue>", "B");
        design.row("issue on GSI3", "COMPANY#<c>#PRIORITY#<p>", "<created>#<issue>", "C");
        design.row("issue on Urgent", "COMPANY#<c>  (open P1 only)", "<created>#<issue>", "G (sparse)");
        design.row("comment on table", "ISSUE#<issue>", "COMMENT#<created>#<comment>", "D");
        design.row("any item on ByOwner", "(exactly ATT#<id>#)", "<PK>|<SK>", "cleanup, counting");
        result.table("The key design: one table, overloaded keys (GSI1 serves two entities); every partition key starts with ATT#<id>#", design);

        AttendeeId id = ctx.id();
        SampleData data = ctx.data();
        SampleData.Issue issue = data.issues().stream().filter(i -> i.companyId().equals(COMPANY) && i.isUrgent()).findFirst()
                .orElse(data.issues().get(0));
        SampleData.User user = data.user(issue.assigneeId());
        SampleData.Comment comment = data.comments().stream().filter(c -> c.companyId().equals(COMPANY)).findFirst().orElseThrow();
        List<Map<String, AttributeValue>> examples = new ArrayList<>();
        Meter.Measured<Void> m = ctx.meter().measure("3 GetItem", () -> {
            examples.add(get(ctx, KeyDesign.companyPk(id, COMPANY), "ISSUE#" + issue.id()));
            examples.add(get(ctx, KeyDesign.companyPk(id, COMPANY), "USER#" + user.id()));
            examples.add(get(ctx, KeyDesign.issuePk(id, comment.issueId()), "COMMENT#" + comment.created() + "#" + comment.id()));
            return null;
        });
        Table keys = new Table("item", "key", "partition key", "sort key");
        for (Map<String, AttributeValue> item : examples) {
            if (item.isEmpty()) continue;
            String what = Items.s(item, "Type") + " " + Items.s(item, Items.s(item, "Type") + "Id");
            keys.row(what, "table", Items.s(item, Tables.PK), Items.s(item, Tables.SK));
            for (Tables.Index index : Tables.SHARED_INDEXES) {
                if (item.containsKey(index.pk()) && index != Tables.BY_OWNER) {
                    keys.row("", index.name(), Items.s(item, index.pk()), Items.s(item, index.sk()));
                }
            }
        }
        result.table("Real items from your namespace, with every key they carry", keys);
        result.measured(m.measurement().withItems((int) examples.stream().filter(e -> !e.isEmpty()).count()));
        List<String> outside = Items.outsideNamespace(id, examples);
        result.check("Every partition key of these items, on the table and on every index, starts with " + id.prefix(),
                outside.isEmpty() && examples.stream().noneMatch(Map::isEmpty),
                outside.isEmpty() ? "so the LeadingKeys policy of lab 4 isolates index queries too" : "outside: " + outside);
        result.takeaway("One item, several keys: each index re-sorts the same item for another question, and every key starts with your prefix.");
    }

    private static Map<String, AttributeValue> get(LabContext ctx, String pk, String sk) {
        return ctx.dynamo().getItem(GetItemRequest.builder().tableName(ctx.sharedTable())
                .key(Map.of(Tables.PK, KeyDesign.s(pk), Tables.SK, KeyDesign.s(sk))).build()).item();
    }

    // ---------------------------------------------------------------- steps 3 and 4

    private void runPatterns(LabContext ctx, StepResult result, List<String> codes, String takeaway) {
        Map<String, Pattern> all = patterns(ctx.id(), ctx.data());
        List<Measurement> ms = new ArrayList<>();
        for (String code : codes) {
            Run r = run(ctx, all.get(code));
            Pattern p = r.pattern();
            result.table(p.code() + " · " + p.name() + ": Query " + p.where() + "  " + p.condition(),
                    Items.table(r.items(), 5, p.columns()));
            ms.add(r.measurement());
        }
        result.compare("What each Query cost", ms.toArray(Measurement[]::new));
        for (String code : codes) {
            Run r = runs(ctx).get(code);
            result.check(code + " returns exactly the expected " + r.pattern().expected().size() + " item"
                            + (r.pattern().expected().size() == 1 ? "" : "s") + ", in order",
                    r.exact(), r.exact() ? r.measurement().calls() + " request" : "got " + r.ids() + ", expected " + r.pattern().expected());
        }
        result.takeaway(takeaway);
    }

    // ---------------------------------------------------------------- step 5

    private void sparseStep(LabContext ctx, StepResult result) {
        AttendeeId id = ctx.id();
        SampleData data = ctx.data();
        Pattern g = patterns(id, data).get("G");
        Run sparse = run(ctx, g);
        result.table("G · " + g.name() + ": Query Urgent  " + g.condition(), Items.table(sparse.items(), 8, g.columns()));

        // The same answer without the sparse index: every P1 issue of the company, the not-open ones filtered out.
        QueryRequest viaGsi3 = QueryRequest.builder().tableName(ctx.sharedTable()).indexName(Tables.GSI3.name())
                .keyConditionExpression("#pk = :pk").filterExpression("#s = :open")
                .expressionAttributeNames(Map.of("#pk", Tables.GSI3.pk(), "#s", "Status"))
                .expressionAttributeValues(Map.of(":pk", KeyDesign.s(KeyDesign.priorityPk(id, COMPANY, "P1")), ":open", KeyDesign.s("OPEN")))
                .build();
        Meter.Measured<Items.Pages> alt = ctx.meter().measure("GSI3 P1 + filter", () -> Items.queryAll(ctx.dynamo(), viaGsi3));
        result.compare("The sparse index against a filter on a denser index", sparse.measurement().withLabel("Urgent (sparse)"),
                alt.measurement().withItems(alt.value().items().size()));

        // How big is the index, against your whole namespace? Both counted with Queries on your own keys.
        Meter.Measured<int[]> counts = ctx.meter().measure("count", () -> {
            int inIndex = 0;
            for (SampleData.Company c : data.companies()) {
                inIndex += count(ctx, QueryRequest.builder().tableName(ctx.sharedTable()).indexName(Tables.URGENT.name())
                        .keyConditionExpression("#pk = :pk").expressionAttributeNames(Map.of("#pk", Tables.URGENT.pk()))
                        .expressionAttributeValues(Map.of(":pk", KeyDesign.s(KeyDesign.companyPk(id, c.id())))).select(Select.COUNT).build());
            }
            int inTable = count(ctx, QueryRequest.builder().tableName(ctx.sharedTable()).indexName(Tables.BY_OWNER.name())
                    .keyConditionExpression("#pk = :pk").expressionAttributeNames(Map.of("#pk", Tables.BY_OWNER.pk()))
                    .expressionAttributeValues(Map.of(":pk", KeyDesign.s(id.prefix()))).select(Select.COUNT).build());
            return new int[] {inIndex, inTable};
        });
        long expectedUrgent = data.issues().stream().filter(SampleData.Issue::isUrgent).count();
        Table sizes = new Table("where", "your items", "which");
        sizes.right(1);
        sizes.row("table (namespace " + id.prefix() + ")", counts.value()[1], "everything you own");
        sizes.row("  of which issues", data.issues().size(), "every status and priority");
        sizes.row("Urgent index", counts.value()[0], "only items carrying UrgentPK: open P1 issues");
        result.table("Only the items that carry the index's key are in the index", sizes);

        // An item leaves the sparse index when it loses the key, and comes back when it gets it again.
        SampleData.Issue first = data.issues().stream().filter(i -> i.companyId().equals(COMPANY) && i.isUrgent()).findFirst().orElse(null);
        boolean left = false;
        boolean back = false;
        if (first != null) {
            try {
                close(ctx, first);
                left = waitFor(ctx, g, ids -> !ids.contains(first.id()));
            } finally {
                String name = data.user(first.assigneeId()).name();
                ctx.dynamo().putItem(PutItemRequest.builder().tableName(ctx.sharedTable())
                        .item(KeyDesign.issueItem(id, KeyDesign.expiresFrom(ctx.clock().instant()), first, name)).build());
            }
            back = waitFor(ctx, g, ids -> ids.contains(first.id()));
            result.text("Closing issue `" + first.id() + "` (Status CLOSED, UrgentPK removed) took it out of the index"
                    + (left ? "" : " (not seen yet)") + "; reopening it put it back" + (back ? "" : " (not seen yet)") + ".");
        }

        boolean onlyUrgent = sparse.items().stream().allMatch(i -> "OPEN".equals(Items.s(i, "Status")) && "P1".equals(Items.s(i, "Priority")));
        result.check("G returns exactly the open P1 issues of " + COMPANY + ", in order", sparse.exact(),
                sparse.exact() ? sparse.items().size() + " items" : "got " + sparse.ids() + ", expected " + g.expected());
        result.check("The sparse index holds only open P1 issues: " + expectedUrgent + " of your " + data.issues().size() + " issues",
                onlyUrgent && counts.value()[0] == expectedUrgent, counts.value()[0] + " items in Urgent against "
                        + counts.value()[1] + " in your namespace");
        result.check("The filter on GSI3 finds the same issues, after reading more",
                KeyDesign.ownedBy(id, alt.value().items()).stream().map(i -> Items.s(i, "IssueId")).toList().equals(g.expected())
                        && alt.value().scanned() >= sparse.items().size(),
                "read " + alt.value().scanned() + ", returned " + alt.value().items().size());
        result.check("An issue leaves the sparse index when it loses the key, and returns with it", left && back,
                first == null ? "no open P1 issue in " + COMPANY + " to close" : first.id() + " closed and reopened");
        result.takeaway("A sparse index is a pre-filtered list: only items carrying its key are in it, so it is small, cheap to read and cheap to keep.");
    }

    /** Counts your items only (see {@link KeyDesign#ownItemsOnly}). */
    private static int count(LabContext ctx, QueryRequest request) {
        return ctx.dynamo().queryPaginator(KeyDesign.ownItemsOnly(request, ctx.id())).stream().mapToInt(r -> r.count()).sum();
    }

    /** Closes the issue the way the application would: new status keys, and the Urgent key removed. */
    private static void close(LabContext ctx, SampleData.Issue i) {
        AttendeeId id = ctx.id();
        ctx.dynamo().updateItem(UpdateItemRequest.builder().tableName(ctx.sharedTable())
                .key(Map.of(Tables.PK, KeyDesign.s(KeyDesign.companyPk(id, i.companyId())), Tables.SK, KeyDesign.s("ISSUE#" + i.id())))
                .updateExpression("SET #s = :closed, #g1 = :g1, #g2 = :g2 REMOVE #upk, #usk")
                .conditionExpression("attribute_exists(PK)")
                .expressionAttributeNames(Map.of("#s", "Status", "#g1", Tables.GSI1.pk(), "#g2", Tables.GSI2.sk(),
                        "#upk", Tables.URGENT.pk(), "#usk", Tables.URGENT.sk()))
                .expressionAttributeValues(Map.of(":closed", KeyDesign.s("CLOSED"),
                        ":g1", KeyDesign.s(KeyDesign.statusPk(id, i.companyId(), "CLOSED")),
                        ":g2", KeyDesign.s("CLOSED#" + i.created() + "#" + i.id())))
                .build());
    }

    /** Index reads are eventually consistent on AWS: look again for a few seconds before concluding. */
    private static boolean waitFor(LabContext ctx, Pattern g, java.util.function.Predicate<List<String>> condition) {
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (true) {
            List<String> ids = KeyDesign.ownedBy(ctx.id(), Items.queryAll(ctx.dynamo(), g.request(ctx.sharedTable())).items()).stream()
                    .map(i -> Items.s(i, "IssueId")).toList();
            if (condition.test(ids)) return true;
            if (System.nanoTime() > deadline) return false;
            try {
                Thread.sleep(200);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return false;
            }
        }
    }

    // ---------------------------------------------------------------- step 6

    private void billStep(LabContext ctx, StepResult result) {
        Map<String, Pattern> all = patterns(ctx.id(), ctx.data());
        Map<String, Run> runs = runs(ctx);
        for (Pattern p : all.values()) if (!runs.containsKey(p.code())) run(ctx, p); // e.g. --step 6 alone
        Table bill = new Table("", "access pattern", "Query on", "items", "requests", "read units", "latency");
        bill.right(3, 4, 5, 6);
        double units = 0;
        int requests = 0;
        List<Map<String, AttributeValue>> returned = new ArrayList<>();
        for (Pattern p : all.values()) {
            Run r = runs.get(p.code());
            Measurement m = r.measurement();
            bill.row(p.code(), p.name(), p.where(), r.items().size(), m.calls(), LabRunner.units(m.readUnits()),
                    String.format(Locale.ROOT, "%.1f ms", m.latencyMillis()));
            units += m.readUnits();
            requests += m.calls();
            returned.addAll(r.items());
            result.record(m);
        }
        bill.row("", "all " + all.size() + " patterns", "", returned.size(), requests, LabRunner.units(units), "");
        result.table("Every pattern, one Query each", bill);

        java.util.Set<String> ops = ctx.meter().operationsSeen();
        List<String> outside = Items.outsideNamespace(ctx.id(), returned);
        boolean allExact = all.values().stream().allMatch(p -> runs.get(p.code()).exact());
        result.check("Every pattern returned exactly its expected items", allExact,
                all.size() + " patterns, " + returned.size() + " items");
        result.check("No Scan was issued", !ops.contains("Scan"), "operations sent: " + String.join(", ", new java.util.TreeSet<>(ops)));
        result.check("Every partition key returned (table and indexes) carries " + ctx.id().prefix(), outside.isEmpty(),
                outside.isEmpty() ? returned.size() + " items" : "outside: " + outside);
        result.takeaway(String.format(Locale.ROOT, "%d questions, %d requests, %s read units, 0 Scans: the key design is the query plan.",
                all.size(), requests, LabRunner.units(units)));
    }
}
