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
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemRequest;
import software.amazon.awssdk.services.dynamodb.model.BatchWriteItemResponse;
import software.amazon.awssdk.services.dynamodb.model.GetItemRequest;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;
import software.amazon.awssdk.services.dynamodb.model.Select;
import software.amazon.awssdk.services.dynamodb.model.UpdateItemRequest;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Lab 1: "a company with its users and its open issues", answered the relational way (normalised rows, joined in the
 * client with 2 + N requests) and the DynamoDB way (one item collection, one Query); then what denormalising costs
 * when a copied value changes.
 *
 * <p>The normalised rows live in the attendee's namespace like rows of three tables ({@code REL#companies#},
 * {@code REL#users#}, {@code REL#issues#}, one partition per row). Their foreign keys are served the way a relational
 * database serves them, by an index: users.CompanyId on GSI1 and issues.AssigneeId on GSI2, under their own
 * {@code ATT#id#REL#...} partition-key values, so they never mix with lab 2's patterns on the same indexes.
 */
public final class NoJoinsLab implements Lab {
    static final String COMPANY = "c01";
    /** "Open" in this lab means Status OPEN, the same meaning the Urgent index uses (open P1). */
    static final String OPEN = "OPEN";
    /** Bump when the relational rows change, so an older copy is rewritten. */
    static final String ROWS_VERSION = "1";

    @Override
    public String name() {
        return "no-joins";
    }

    @Override
    public int number() {
        return 1;
    }

    @Override
    public String summary() {
        return "The same question answered with a client-side join (2 + N requests) and with one Query on an item collection.";
    }

    @Override
    public List<Step> steps() {
        return List.of(
                new Step("Write the company the relational way", this::writeRows),
                new Step("Join in the client", this::joinStep),
                new Step("One item collection, one Query", this::queryStep),
                new Step("Side by side", this::sideBySide),
                new Step("The price of denormalising", this::fanOut));
    }

    // ---------------------------------------------------------------- keys of the normalised rows

    static String rowPk(AttendeeId id, String table, String key) {
        return id.prefix() + "REL#" + table + "#" + key;
    }

    static String usersByCompanyPk(AttendeeId id, String companyId) {
        return id.prefix() + "REL#users.CompanyId#" + companyId;
    }

    static String issuesByAssigneePk(AttendeeId id, String userId) {
        return id.prefix() + "REL#issues.AssigneeId#" + userId;
    }

    /** The rows of three normalised tables for one company, its users and its issues (all statuses, like a real table). */
    static List<Map<String, AttributeValue>> rows(AttendeeId id, SampleData data, String expires) {
        List<Map<String, AttributeValue>> rows = new ArrayList<>();
        for (SampleData.User u : users(data)) {
            Map<String, AttributeValue> m = KeyDesign.item(id, expires, rowPk(id, "users", u.id()), "ROW", "UserRow",
                    "UserId", u.id(), "CompanyId", u.companyId(), "Name", u.name(), "Email", u.email(), "Role", u.role());
            m.put(Tables.GSI1.pk(), KeyDesign.s(usersByCompanyPk(id, u.companyId())));
            m.put(Tables.GSI1.sk(), KeyDesign.s(u.id()));
            rows.add(m);
        }
        for (SampleData.Issue i : data.issues()) {
            if (!i.companyId().equals(COMPANY)) continue;
            Map<String, AttributeValue> m = KeyDesign.item(id, expires, rowPk(id, "issues", i.id()), "ROW", "IssueRow",
                    "IssueId", i.id(), "CompanyId", i.companyId(), "AssigneeId", i.assigneeId(), "Title", i.title(),
                    "Status", i.status(), "Priority", i.priority(), "Created", i.created());
            m.put(Tables.GSI2.pk(), KeyDesign.s(issuesByAssigneePk(id, i.assigneeId())));
            m.put(Tables.GSI2.sk(), KeyDesign.s(i.status() + "#" + i.created() + "#" + i.id()));
            rows.add(m);
        }
        // The company row goes last: it doubles as the marker that the whole set was written.
        SampleData.Company c = company(data);
        rows.add(KeyDesign.item(id, expires, rowPk(id, "companies", c.id()), "ROW", "CompanyRow",
                "CompanyId", c.id(), "Name", c.name(), "Tier", c.tier(), "RowsVersion", ROWS_VERSION));
        return rows;
    }

    static SampleData.Company company(SampleData data) {
        return data.companies().stream().filter(c -> c.id().equals(COMPANY)).findFirst().orElseThrow();
    }

    static List<SampleData.User> users(SampleData data) {
        return data.users().stream().filter(u -> u.companyId().equals(COMPANY)).toList();
    }

    // ---------------------------------------------------------------- step 1

    private void writeRows(LabContext ctx, StepResult result) {
        List<Map<String, AttributeValue>> rows = rows(ctx.id(), ctx.data(), KeyDesign.expiresFrom(ctx.clock().instant()));
        long users = rows.stream().filter(r -> Items.s(r, "Type").equals("UserRow")).count();
        long issues = rows.stream().filter(r -> Items.s(r, "Type").equals("IssueRow")).count();
        Table schema = new Table("table", "rows", "primary key", "foreign keys (served by an index)");
        schema.row("companies", 1, "CompanyId", "");
        schema.row("users", users, "UserId", "CompanyId → companies  (GSI1)");
        schema.row("issues", issues, "IssueId", "AssigneeId → users  (GSI2), CompanyId → companies");
        result.table("Three normalised tables for company " + COMPANY, schema);

        if (rowsPresent(ctx)) {
            result.text("Found the " + rows.size() + " rows from an earlier run under `" + rowPk(ctx.id(), "…", "") + "`; nothing to write.");
        } else {
            Measurement m = ctx.meter().measureRun("write " + rows.size() + " rows", () -> batchWrite(ctx.dynamo(), ctx.sharedTable(), rows));
            result.measured(m.withItems(rows.size()));
            waitForIndexes(ctx);
        }
        Table sample = new Table("PK (one partition per row)", "table", "foreign keys", "name / title");
        for (Map<String, AttributeValue> r : List.of(rows.get(rows.size() - 1), rows.get(0), rows.get((int) users))) {
            String type = Items.s(r, "Type");
            String fks = type.equals("IssueRow") ? "AssigneeId → " + Items.s(r, "AssigneeId")
                    : type.equals("UserRow") ? "CompanyId → " + Items.s(r, "CompanyId") : "";
            sample.row(Items.s(r, Tables.PK), type.equals("IssueRow") ? "issues" : type.equals("UserRow") ? "users" : "companies", fks,
                    Items.s(r, "Type").equals("IssueRow") ? Items.s(r, "Title") : Items.s(r, "Name"));
        }
        result.table("One row of each table", sample);
        result.check("The normalised rows are in place, each in its own partition", rowsPresent(ctx),
                rows.size() + " rows: 1 company, " + users + " users, " + issues + " issues");
        result.takeaway("Normalised rows: every relationship is a foreign key that someone has to follow at read time.");
    }

    private static boolean rowsPresent(LabContext ctx) {
        Map<String, AttributeValue> c = ctx.dynamo().getItem(GetItemRequest.builder().tableName(ctx.sharedTable())
                .key(key(rowPk(ctx.id(), "companies", COMPANY), "ROW")).consistentRead(true).build()).item();
        return c != null && ROWS_VERSION.equals(Items.s(c, "RowsVersion"));
    }

    /** BatchWriteItem takes 25 puts per request; what DynamoDB leaves unprocessed is sent again after a short pause. */
    static void batchWrite(DynamoDbClient db, String table, List<Map<String, AttributeValue>> items) {
        for (int from = 0; from < items.size(); from += 25) {
            List<WriteRequest> batch = items.subList(from, Math.min(items.size(), from + 25)).stream()
                    .map(i -> WriteRequest.builder().putRequest(PutRequest.builder().item(i).build()).build()).toList();
            Map<String, List<WriteRequest>> pending = Map.of(table, batch);
            for (int attempt = 0; !pending.isEmpty(); attempt++) {
                if (attempt > 0) sleep(Duration.ofMillis(Math.min(1000, 50L << attempt)));
                BatchWriteItemResponse r = db.batchWriteItem(BatchWriteItemRequest.builder().requestItems(pending).build());
                pending = r.hasUnprocessedItems() ? r.unprocessedItems() : Map.of();
            }
        }
    }

    /** Indexes are updated asynchronously on AWS: wait (briefly) until the foreign-key indexes show the new rows. */
    private static void waitForIndexes(LabContext ctx) {
        int expected = users(ctx.data()).size();
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (System.nanoTime() < deadline) {
            Integer n = ctx.dynamo().query(KeyDesign.ownItemsOnly(QueryRequest.builder().tableName(ctx.sharedTable()).indexName(Tables.GSI1.name())
                    .keyConditionExpression("#pk = :pk").expressionAttributeNames(Map.of("#pk", Tables.GSI1.pk()))
                    .expressionAttributeValues(Map.of(":pk", KeyDesign.s(usersByCompanyPk(ctx.id(), COMPANY))))
                    .select(Select.COUNT).build(), ctx.id())).count();
            if (n != null && n >= expected) return;
            sleep(Duration.ofMillis(200));
        }
    }

    // ---------------------------------------------------------------- the two answers

    /** One answer, as comparable rows: kind, id, name or title, detail. */
    record Answer(List<List<String>> rows) {
        static Answer of(List<Map<String, AttributeValue>> items) {
            List<List<String>> rows = new ArrayList<>();
            for (Map<String, AttributeValue> i : items) {
                String type = Items.s(i, "Type").replace("Row", "");
                switch (type) {
                    case "Company" -> rows.add(List.of("company", Items.s(i, "CompanyId"), Items.s(i, "Name"), Items.s(i, "Tier")));
                    case "User" -> rows.add(List.of("user", Items.s(i, "UserId"), Items.s(i, "Name"), Items.s(i, "Email")));
                    case "Issue" -> rows.add(List.of("issue", Items.s(i, "IssueId"), Items.s(i, "Title"),
                            Items.s(i, "Status") + " " + Items.s(i, "Priority") + " → " + Items.s(i, "AssigneeId")));
                    default -> rows.add(List.of(type, Items.s(i, Tables.SK), "", ""));
                }
            }
            return new Answer(sorted(rows));
        }

        static Answer expected(SampleData data) {
            List<List<String>> rows = new ArrayList<>();
            SampleData.Company c = company(data);
            rows.add(List.of("company", c.id(), c.name(), c.tier()));
            for (SampleData.User u : users(data)) rows.add(List.of("user", u.id(), u.name(), u.email()));
            for (SampleData.Issue i : data.issues()) {
                if (i.companyId().equals(COMPANY) && i.status().equals(OPEN)) {
                    rows.add(List.of("issue", i.id(), i.title(), i.status() + " " + i.priority() + " → " + i.assigneeId()));
                }
            }
            return new Answer(sorted(rows));
        }

        private static List<List<String>> sorted(List<List<String>> rows) {
            Comparator<List<String>> byKind = Comparator.comparingInt(r -> List.of("company", "user", "issue").indexOf(r.get(0)));
            return rows.stream().sorted(byKind.thenComparing(r -> r.get(1))).toList();
        }

        long count(String kind) {
            return rows.stream().filter(r -> r.get(0).equals(kind)).count();
        }

        Table table(int limit) {
            Table t = new Table("kind", "id", "name / title", "detail");
            rows.stream().limit(limit).forEach(r -> t.row(r.toArray()));
            if (rows.size() > limit) t.row("… " + (rows.size() - limit) + " more");
            return t;
        }

        /** The first row that differs from the other answer, for a failed check's detail. */
        String firstDifference(Answer other) {
            for (int i = 0; i < Math.max(rows.size(), other.rows.size()); i++) {
                List<String> a = i < rows.size() ? rows.get(i) : null;
                List<String> b = i < other.rows.size() ? other.rows.get(i) : null;
                if (a == null || !a.equals(b)) return "row " + (i + 1) + ": " + a + " against " + b;
            }
            return "none";
        }
    }

    record Run(Answer answer, Measurement measurement, int users, int pages, int scanned, List<Map<String, AttributeValue>> items) {}

    /** The relational habit: the company row, its users by the foreign-key index, then each user's open issues. */
    static Run join(LabContext ctx) {
        DynamoDbClient db = ctx.dynamo();
        AttendeeId id = ctx.id();
        int[] n = new int[1];
        Meter.Measured<List<Map<String, AttributeValue>>> m = ctx.meter().measure("client-side join", () -> {
            List<Map<String, AttributeValue>> items = new ArrayList<>();
            Map<String, AttributeValue> company = db.getItem(GetItemRequest.builder().tableName(ctx.sharedTable())
                    .key(key(rowPk(id, "companies", COMPANY), "ROW")).build()).item();
            if (company != null && !company.isEmpty()) items.add(company);
            // Index partitions are yours by their key, but an item in them is yours only by its table key (lab 4, step 4).
            List<Map<String, AttributeValue>> users = KeyDesign.ownedBy(id, Items.queryAll(db, QueryRequest.builder().tableName(ctx.sharedTable())
                    .indexName(Tables.GSI1.name()).keyConditionExpression("#pk = :pk")
                    .expressionAttributeNames(Map.of("#pk", Tables.GSI1.pk()))
                    .expressionAttributeValues(Map.of(":pk", KeyDesign.s(usersByCompanyPk(id, COMPANY)))).build()).items());
            items.addAll(users);
            n[0] = users.size();
            for (Map<String, AttributeValue> user : users) {
                items.addAll(KeyDesign.ownedBy(id, Items.queryAll(db, QueryRequest.builder().tableName(ctx.sharedTable())
                        .indexName(Tables.GSI2.name()).keyConditionExpression("#pk = :pk AND begins_with(#sk, :open)")
                        .expressionAttributeNames(Map.of("#pk", Tables.GSI2.pk(), "#sk", Tables.GSI2.sk()))
                        .expressionAttributeValues(Map.of(":pk", KeyDesign.s(issuesByAssigneePk(id, Items.s(user, "UserId"))),
                                ":open", KeyDesign.s(OPEN + "#"))).build()).items()));
            }
            return items;
        });
        return new Run(Answer.of(m.value()), m.measurement().withItems(m.value().size()), n[0], 0, m.value().size(), m.value());
    }

    /** The DynamoDB way: the company's item collection in one Query (more pages only past 1 MB). */
    static Run query(LabContext ctx, boolean filter) {
        QueryRequest.Builder q = QueryRequest.builder().tableName(ctx.sharedTable())
                .keyConditionExpression("#pk = :pk");
        Map<String, String> names = new HashMap<>(Map.of("#pk", Tables.PK));
        Map<String, AttributeValue> values = new HashMap<>(Map.of(":pk", KeyDesign.s(KeyDesign.companyPk(ctx.id(), COMPANY))));
        if (filter) {
            // Teams and the issues that are not open are read (and paid for), then dropped before the answer is sent.
            q.filterExpression("#type IN (:company, :user) OR #status = :open");
            names.put("#type", "Type");
            names.put("#status", "Status");
            values.put(":company", KeyDesign.s("Company"));
            values.put(":user", KeyDesign.s("User"));
            values.put(":open", KeyDesign.s(OPEN));
        }
        QueryRequest request = q.expressionAttributeNames(names).expressionAttributeValues(values).build();
        Meter.Measured<Items.Pages> m = ctx.meter().measure(filter ? "one Query" : "one Query, no filter",
                () -> Items.queryAll(ctx.dynamo(), request));
        Items.Pages p = m.value();
        return new Run(Answer.of(p.items()), m.measurement().withItems(p.items().size()), 0, p.pages(), p.scanned(), p.items());
    }

    // ---------------------------------------------------------------- step 2

    private void joinStep(LabContext ctx, StepResult result) {
        ensureRows(ctx);
        Run j = join(ctx);
        Answer expected = Answer.expected(ctx.data());
        Table plan = new Table("#", "request", "reads", "returns");
        plan.right(0);
        plan.row(1, "GetItem", "companies row " + COMPANY, "1 company");
        plan.row(2, "Query GSI1", "users where CompanyId = " + COMPANY, j.users() + " users  (N = " + j.users() + ")");
        plan.row("3…" + (2 + j.users()), "Query GSI2 × N", "issues where AssigneeId = <user> and Status = OPEN",
                j.answer().count("issue") + " open issues");
        result.table("The query plan your code runs (2 + N requests, N = " + j.users() + " users)", plan);
        result.table("The answer: company " + COMPANY + ", its users and its open issues", j.answer().table(14));
        result.measured(j.measurement());
        result.check("The join answers the question (company, " + expected.count("user") + " users, "
                        + expected.count("issue") + " open issues)", j.answer().equals(expected),
                j.answer().equals(expected) ? j.answer().rows().size() + " items" : j.answer().firstDifference(expected));
        result.check("The join took 2 + N requests, one round trip after another", j.measurement().calls() == 2 + j.users(),
                j.measurement().calls() + " requests for N = " + j.users());
        result.takeaway("The join happens in your code, one round trip at a time: " + j.measurement().calls()
                + " requests for one screen, and N grows with the company.");
    }

    // ---------------------------------------------------------------- step 3

    private void queryStep(LabContext ctx, StepResult result) {
        Run all = query(ctx, false);
        Run q = query(ctx, true);
        Answer expected = Answer.expected(ctx.data());
        Table layout = new Table("PK", "SK", "Type", "holds");
        String pk = KeyDesign.companyPk(ctx.id(), COMPANY);
        layout.row(pk, "#COMPANY", "Company", "the company");
        layout.row(pk, "ISSUE#<issue id>", "Issue", "its issues (AssigneeName copied in)");
        layout.row(pk, "TEAM#<team id>", "Team", "its teams");
        layout.row(pk, "USER#<user id>", "User", "its users");
        result.table("One item collection: everything about company " + COMPANY + " under one partition key", layout);
        result.text("`Query PK = " + pk + "` with `FilterExpression: Type IN (Company, User) OR Status = OPEN`.  "
                + "DynamoDB read " + q.scanned() + " items (ScannedCount) and sent back " + q.answer().rows().size()
                + " (Count): the filter dropped " + (q.scanned() - q.answer().rows().size()) + " teams and not-open issues "
                + "after reading them.");
        result.table("The answer as it comes back, in sort-key order", Items.table(q.items(), 8,
                Tables.SK, "Type", "Name", "Title", "Status", "AssigneeName"));
        result.compare("A filter saves bandwidth, not capacity", all.measurement(), q.measurement());
        result.check("One Query answers the question", q.answer().equals(expected),
                q.answer().equals(expected) ? q.answer().rows().size() + " items" : q.answer().firstDifference(expected));
        result.check("The filter costs the same read units as no filter (it runs after the read)",
                all.measurement().readUnits() == q.measurement().readUnits(),
                LabRunner.units(q.measurement().readUnits()) + " RCU either way; " + all.answer().rows().size()
                        + " items without the filter, " + q.answer().rows().size() + " with it");
        result.takeaway("One partition key, one Query: the relationship is in the key design, not in your code.");
    }

    // ---------------------------------------------------------------- step 4

    private void sideBySide(LabContext ctx, StepResult result) {
        ensureRows(ctx);
        // Both run again here, back to back on a warm connection, so neither pays for the other's first request.
        Run j = join(ctx);
        Run q = query(ctx, true);
        result.compare("Company " + COMPANY + " with its users and open issues", j.measurement(), q.measurement());
        boolean same = q.answer().equals(j.answer());
        result.check("The single Query returns exactly the joined answer, item for item", same,
                same ? q.answer().rows().size() + " items on both sides" : q.answer().firstDifference(j.answer()));
        result.check("Requests: 1 Query (" + q.pages() + " page" + (q.pages() == 1 ? "" : "s") + ") against 2 + N = "
                        + (2 + j.users()) + " for the join",
                q.measurement().calls() == q.pages() && j.measurement().calls() == 2 + j.users(),
                q.measurement().calls() + " against " + j.measurement().calls());
        double ratio = j.measurement().calls() / (double) Math.max(1, q.measurement().calls());
        result.takeaway(String.format(java.util.Locale.ROOT,
                "Same answer, %.0f× fewer requests (%d → %d) and %s → %s read units: design the key for the question.",
                ratio, j.measurement().calls(), q.measurement().calls(), LabRunner.units(j.measurement().readUnits()),
                LabRunner.units(q.measurement().readUnits())));
    }

    // ---------------------------------------------------------------- step 5

    private void fanOut(LabContext ctx, StepResult result) {
        ensureRows(ctx);
        SampleData data = ctx.data();
        AttendeeId id = ctx.id();
        // The busiest user of the company makes the fan-out visible.
        SampleData.User user = users(data).stream()
                .max(Comparator.comparingLong((SampleData.User u) -> data.issues().stream().filter(i -> i.assigneeId().equals(u.id())).count())
                        .thenComparing(SampleData.User::id, Comparator.reverseOrder()))
                .orElseThrow();
        List<SampleData.Issue> theirs = data.issues().stream().filter(i -> i.assigneeId().equals(user.id())).toList();
        String renamed = "Dr. " + user.name();

        Measurement normalised;
        Measurement denormalised;
        List<Map<String, AttributeValue>> after;
        Measurement restore;
        try {
            normalised = ctx.meter().measureRun("normalised: rename", () -> renameRow(ctx, user, renamed));
            denormalised = ctx.meter().measureRun("denormalised: rename", () -> renameEverywhere(ctx, user, renamed));
            after = issuesOf(ctx, user);
        } finally {
            // Put the original name back whatever happened above, so the lab can run again (and lab 2 sees the seed).
            restore = ctx.meter().measureRun("restore", () -> {
                renameRow(ctx, user, user.name());
                renameEverywhere(ctx, user, user.name());
            });
        }
        List<Map<String, AttributeValue>> restored = issuesOf(ctx, user);

        Table copies = new Table("PK", "SK", "Type", "AssigneeId", "AssigneeName");
        copies.row(KeyDesign.companyPk(id, COMPANY), "USER#" + user.id(), "User", "", renamed + "  (Name)");
        after.stream().limit(6).forEach(i -> copies.row(Items.s(i, Tables.PK), Items.s(i, Tables.SK), "Issue",
                Items.s(i, "AssigneeId"), Items.s(i, "AssigneeName")));
        if (after.size() > 6) copies.row("… " + (after.size() - 6) + " more issues");
        result.table("Renaming " + user.name() + " → " + renamed + ": the copies the single-table design must update", copies);
        result.compare("One rename, two designs (writes include each index that holds the copied attribute)",
                normalised.withItems(1), denormalised.withItems(1 + after.size()), restore.withItems(1 + restored.size()));

        long updates = 1 + theirs.size();
        result.check("The normalised rename is one write", normalised.calls() == 1, normalised.calls() + " UpdateItem");
        result.check("The denormalised rename fans out to the user and each of their issues (1 + " + theirs.size() + ")",
                after.size() == theirs.size() && denormalised.calls() - 1 == updates,
                updates + " UpdateItem + 1 Query to find the copies");
        result.check("Every copy carried the new name", after.stream().allMatch(i -> renamed.equals(Items.s(i, "AssigneeName"))),
                after.size() + " issues");
        result.check("Every copy carries the original name again (the lab can run again)",
                restored.size() == theirs.size() && restored.stream().allMatch(i -> user.name().equals(Items.s(i, "AssigneeName"))),
                restored.size() + " issues back to " + user.name());
        result.takeaway("Denormalising moves the cost from every read to the rare write: 1 write became " + updates
                + " (plus their index copies). Worth it when reads far outnumber renames.");
    }

    private static void renameRow(LabContext ctx, SampleData.User user, String name) {
        ctx.dynamo().updateItem(rename(ctx, key(rowPk(ctx.id(), "users", user.id()), "ROW"), "Name", name));
    }

    /** The user item, then every issue item that carries a copy of the name, found through the assignee index (GSI2). */
    private static void renameEverywhere(LabContext ctx, SampleData.User user, String name) {
        AttendeeId id = ctx.id();
        ctx.dynamo().updateItem(rename(ctx, key(KeyDesign.companyPk(id, user.companyId()), "USER#" + user.id()), "Name", name));
        // Never update an item found in your index partition whose table key is someone else's: IAM would deny it anyway.
        List<Map<String, AttributeValue>> copies = KeyDesign.ownedBy(id, Items.queryAll(ctx.dynamo(), QueryRequest.builder().tableName(ctx.sharedTable())
                .indexName(Tables.GSI2.name()).keyConditionExpression("#pk = :pk")
                .expressionAttributeNames(Map.of("#pk", Tables.GSI2.pk()))
                .expressionAttributeValues(Map.of(":pk", KeyDesign.s(KeyDesign.assigneePk(id, user.id()))))
                .projectionExpression("PK, SK").build()).items());
        for (Map<String, AttributeValue> k : copies) ctx.dynamo().updateItem(rename(ctx, k, "AssigneeName", name));
    }

    private static UpdateItemRequest rename(LabContext ctx, Map<String, AttributeValue> key, String attribute, String name) {
        return UpdateItemRequest.builder().tableName(ctx.sharedTable()).key(key)
                .updateExpression("SET #a = :n").conditionExpression("attribute_exists(PK)")
                .expressionAttributeNames(Map.of("#a", attribute)).expressionAttributeValues(Map.of(":n", KeyDesign.s(name))).build();
    }

    /** The user's issue items from the table itself, strongly consistent: what a reader sees right after the writes. */
    private static List<Map<String, AttributeValue>> issuesOf(LabContext ctx, SampleData.User user) {
        return Items.queryAll(ctx.dynamo(), QueryRequest.builder().tableName(ctx.sharedTable()).consistentRead(true)
                .keyConditionExpression("PK = :pk AND begins_with(SK, :issue)").filterExpression("AssigneeId = :u")
                .expressionAttributeValues(Map.of(":pk", KeyDesign.s(KeyDesign.companyPk(ctx.id(), user.companyId())),
                        ":issue", KeyDesign.s("ISSUE#"), ":u", KeyDesign.s(user.id()))).build()).items();
    }

    // ---------------------------------------------------------------- helpers

    /** Steps 2 to 5 can run alone (--step N): write the rows quietly when step 1 never ran. */
    private static void ensureRows(LabContext ctx) {
        if (rowsPresent(ctx)) return;
        batchWrite(ctx.dynamo(), ctx.sharedTable(), rows(ctx.id(), ctx.data(), KeyDesign.expiresFrom(ctx.clock().instant())));
        waitForIndexes(ctx);
    }

    static Map<String, AttributeValue> key(String pk, String sk) {
        return Map.of(Tables.PK, KeyDesign.s(pk), Tables.SK, KeyDesign.s(sk));
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted", e);
        }
    }
}
