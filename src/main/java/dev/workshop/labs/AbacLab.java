package dev.workshop.labs;

import dev.workshop.access.AccessControl;
import dev.workshop.access.AccessDecision;
import dev.workshop.access.AccessPrincipal;
import dev.workshop.access.AttendeePolicy;
import dev.workshop.access.AttendeePolicy.Variant;
import dev.workshop.access.KeySchemaLookup;
import dev.workshop.access.PolicyDocument;
import dev.workshop.console.Table;
import dev.workshop.model.AttendeeId;
import dev.workshop.model.KeyDesign;
import dev.workshop.model.Tables;
import dev.workshop.target.Principal;
import dev.workshop.target.Target;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.ConditionCheck;
import software.amazon.awssdk.services.dynamodb.model.Delete;
import software.amazon.awssdk.services.dynamodb.model.DeleteRequest;
import software.amazon.awssdk.services.dynamodb.model.DynamoDbException;
import software.amazon.awssdk.services.dynamodb.model.Get;
import software.amazon.awssdk.services.dynamodb.model.KeysAndAttributes;
import software.amazon.awssdk.services.dynamodb.model.Put;
import software.amazon.awssdk.services.dynamodb.model.PutRequest;
import software.amazon.awssdk.services.dynamodb.model.TransactGetItem;
import software.amazon.awssdk.services.dynamodb.model.TransactWriteItem;
import software.amazon.awssdk.services.dynamodb.model.Update;
import software.amazon.awssdk.services.dynamodb.model.WriteRequest;

/**
 * Lab 4: one ABAC policy isolates every attendee in the shared table. The attendee tries every data-plane action on
 * their own namespace, a neighbour's and a prefix sibling's (ATT#a# against ATT#ab#), on the table and on indexes,
 * plus Scan and PartiQL; the isolation matrix shows what was allowed and why. Then the three classic mistakes are
 * evaluated on the very requests that were sent.
 *
 * <p>Writes outside the attendee's namespace carry a condition that can never hold (or delete a key that never
 * exists), so even a wrongly allowed request changes nothing. Own-namespace writes go to lab-owned items
 * (ATT#id#ABAC) that the step deletes again, so the lab can run any number of times.
 */
public final class AbacLab implements Lab {
    static final String PROBE_PARTITION = "ABAC";
    private static final String NEVER = "AbacNeverSet";

    enum Tenant {
        OWN("your namespace", true),
        NEIGHBOUR("neighbour", false),
        SIBLING("prefix sibling", false),
        TABLE("whole table", false);

        final String label;
        final boolean expectAllowed;

        Tenant(String label, boolean expectAllowed) {
            this.label = label;
            this.expectAllowed = expectAllowed;
        }
    }

    /** One request of the matrix and what happened to it. */
    record Row(String action, Tenant tenant, String partition, boolean allowed, String note, String reason,
               String operation, String body) {
        boolean expected() {
            return allowed == tenant.expectAllowed;
        }

        String cell() {
            String d = allowed ? "allowed" : "denied";
            return expected() ? "✔ " + d : "✘ " + d.toUpperCase() + " (unexpected)";
        }
    }

    @Override
    public String name() {
        return "abac";
    }

    @Override
    public int number() {
        return 4;
    }

    /** Step 3 re-judges the requests step 2 sent in the same run; step 4 stands alone. */
    @Override
    public int resumableFrom(int step) {
        return step == 3 ? 2 : step;
    }

    @Override
    public String summary() {
        return "One ABAC policy (dynamodb:LeadingKeys) isolates attendees in the shared table: the isolation matrix and its pitfalls.";
    }

    @Override
    public List<Step> steps() {
        return List.of(
                new Step("The policy you run under", AbacLab::policy),
                new Step("Try every action on three namespaces", AbacLab::matrix),
                new Step("Three broken policies", AbacLab::pitfalls),
                new Step("What LeadingKeys cannot see: index keys", AbacLab::indexKeys));
    }

    // ---------------------------------------------------------------- step 1

    static void policy(LabContext ctx, StepResult result) {
        Target t = ctx.target();
        String who = t.kind() == Target.Kind.AWS
                ? "You act as " + t.identity().arn() + ". IAM Identity Center puts your AttendeeId attribute on that session "
                        + "as the principal tag `AttendeeId` (it should be `" + ctx.id() + "`)."
                : "You act as attendee `" + ctx.id() + "`: the local gateway reads the principal tag `AttendeeId="
                        + ctx.id() + "` from your credentials and evaluates this policy on every request, as IAM does on AWS.";
        result.text(who);
        // the guide shows code indented by 4: the policy is laid out for what is left of the line
        result.text("```\n" + dev.workshop.console.Json.pretty(AttendeePolicy.json(ctx.sharedTable()), ctx.console().width() - 4) + "\n```");
        result.text("For you, `ATT#${aws:PrincipalTag/AttendeeId}#*` reads `" + ctx.id().prefix() + "*`.");
    }

    // ---------------------------------------------------------------- step 2

    static void matrix(LabContext ctx, StepResult result) {
        AttendeeId id = ctx.id();
        String neighbour = neighbourOf(id.value());
        String sibling = id.value() + "b";
        boolean local = ctx.target().kind() != Target.Kind.AWS;
        DynamoDbClient admin = local ? ctx.target().dynamo(Principal.admin()) : null;
        String expires = KeyDesign.expiresFrom(ctx.clock().instant());
        Map<Tenant, String> prefixes = new LinkedHashMap<>();
        prefixes.put(Tenant.OWN, id.prefix());
        prefixes.put(Tenant.NEIGHBOUR, "ATT#" + neighbour + "#");
        prefixes.put(Tenant.SIBLING, "ATT#" + sibling + "#");
        // On the local target the neighbours get one real item each, seeded as the administrator, so a wrongly allowed
        // read would show their data. On AWS the lab has no administrator: the neighbour may not exist, and IAM decides
        // before DynamoDB looks for the item, so the denials mean the same.
        List<Map<String, AttributeValue>> seeded = new ArrayList<>();
        if (local) {
            for (String other : List.of(neighbour, sibling)) {
                if (!AttendeeId.isValid(other)) continue;
                Map<String, AttributeValue> item = KeyDesign.item(AttendeeId.of(other), expires,
                        "ATT#" + other + "#" + PROBE_PARTITION, "PROBE#1", "AbacProbe", "Secret", "belongs to " + other);
                admin.putItem(b -> b.tableName(ctx.sharedTable()).item(item));
                seeded.add(item);
            }
        }
        // The probe items are removed whatever happens in between: they sit in other attendees' namespaces.
        List<Row> rows = new ArrayList<>();
        try {
            Recorder recorder = new Recorder();
            DynamoDbClient as = ctx.target().dynamo(Principal.attendee(id), recorder);
            Prober p = new Prober(as, recorder, ctx.sharedTable(), id, expires, ctx.target());
            try {
                p.run(rows, prefixes);
            } finally {
                p.cleanUpOwn();
            }

            result.text("You are `" + id + "`. Your neighbour is `" + neighbour + "` and your prefix sibling is `" + sibling
                    + "`: the neighbour's id is unrelated to yours, the sibling's is yours plus one letter.");
            Table grid = new Table("action", Tenant.OWN.label + " " + id.prefix(), Tenant.NEIGHBOUR.label + " ATT#" + neighbour + "#",
                    Tenant.SIBLING.label + " ATT#" + sibling + "#");
            Map<String, Map<Tenant, Row>> byAction = new LinkedHashMap<>();
            for (Row r : rows) if (r.tenant() != Tenant.TABLE) byAction.computeIfAbsent(r.action(), k -> new LinkedHashMap<>()).put(r.tenant(), r);
            byAction.forEach((action, m) -> grid.row(action, cell(m.get(Tenant.OWN)), cell(m.get(Tenant.NEIGHBOUR)), cell(m.get(Tenant.SIBLING))));
            result.table("The isolation matrix (expected: your namespace allowed, everyone else's denied)", grid);
            Table whole = new Table("action on the shared table", "what it names", "result");
            for (Row r : rows) if (r.tenant() == Tenant.TABLE) whole.row(r.action(), r.partition(), r.cell());
            result.table("No leading key, no access: Scan and PartiQL (expected: denied)", whole);

            StringBuilder why = new StringBuilder("Why each request was denied" + (local ? " (the gateway's policy evaluator):" : ":") + "\n\n");
            for (Row r : rows) {
                if (!r.allowed()) why.append("- **").append(r.action()).append(" · ").append(r.tenant().label).append("**: ")
                        .append(r.reason()).append('\n');
            }
            result.text(why.toString());

            List<Row> crossAllowed = rows.stream().filter(r -> r.tenant() != Tenant.OWN && r.allowed()).toList();
            List<Row> ownDenied = rows.stream().filter(r -> r.tenant() == Tenant.OWN && !r.allowed()).toList();
            long deviations = rows.stream().filter(r -> !r.expected()).count();
            result.text(deviations == 0
                    ? "**Verdict: isolated.** " + rows.size() + " requests, every one decided as expected: no cross-tenant request was allowed, "
                            + "and every request on your own namespace was. Isolated by table key, that is: step 4 shows what "
                            + "LeadingKeys does not look at."
                    : "**Verdict: NOT isolated.** " + deviations + " of " + rows.size() + " requests were decided against expectations: "
                            + describe(rows.stream().filter(r -> !r.expected()).toList()));
            result.check("no request outside your namespace was allowed", crossAllowed.isEmpty(),
                    crossAllowed.isEmpty() ? (rows.size() - rows.stream().filter(r -> r.tenant() == Tenant.OWN).count()) + " denied"
                            : "allowed: " + describe(crossAllowed));
            result.check("every request on your own namespace was allowed", ownDenied.isEmpty(),
                    ownDenied.isEmpty() ? rows.stream().filter(r -> r.tenant() == Tenant.OWN).count() + " allowed" : "denied: " + describe(ownDenied));
            if (local) {
                List<String> changed = new ArrayList<>();
                for (Tenant tenant : List.of(Tenant.NEIGHBOUR, Tenant.SIBLING)) {
                    String pk = prefixes.get(tenant) + PROBE_PARTITION;
                    List<Map<String, AttributeValue>> found = admin.query(q -> q.tableName(ctx.sharedTable()).consistentRead(true)
                            .keyConditionExpression("#p = :p").expressionAttributeNames(Map.of("#p", Tables.PK))
                            .expressionAttributeValues(Map.of(":p", KeyDesign.s(pk)))).items();
                    List<Map<String, AttributeValue>> want = seeded.stream().filter(i -> i.get(Tables.PK).s().equals(pk)).toList();
                    if (!found.equals(want)) changed.add(pk + " holds " + found.size() + " items, expected " + want.size() + " unchanged");
                }
                result.check("nothing was written outside your namespace", changed.isEmpty(),
                        changed.isEmpty() ? "checked as the administrator" : String.join("; ", changed));
            }
        } finally {
            for (Map<String, AttributeValue> item : seeded) {
                admin.deleteItem(d -> d.tableName(ctx.sharedTable()).key(Map.of(Tables.PK, item.get(Tables.PK), Tables.SK, item.get(Tables.SK))));
            }
        }
        ctx.put("rows", rows);
    }

    private static String cell(Row r) {
        return r == null ? "" : r.cell();
    }

    private static String describe(List<Row> rows) {
        return String.join(", ", rows.stream().map(r -> r.action() + " on " + r.tenant().label + " (" + r.partition() + ")").toList());
    }

    /** A neighbour id that is valid, not the attendee's, and neither a prefix sibling of it nor one it is a sibling of. */
    static String neighbourOf(String id) {
        for (String c : List.of("neighbour-" + id, "tenant-b-" + id, "zz-neighbour", "yy-neighbour")) {
            String v = c.length() > 32 ? c.substring(0, 32) : c;
            while (v.endsWith("-")) v = v.substring(0, v.length() - 1);
            if (AttendeeId.isValid(v) && !v.startsWith(id) && !id.startsWith(v)) return v;
        }
        throw new IllegalStateException("no neighbour id for " + id);
    }

    // ---------------------------------------------------------------- step 3

    static void pitfalls(LabContext ctx, StepResult result) {
        List<Row> rows = ctx.get("rows");
        if (rows == null) {
            result.text("Run the whole lab (without --step) to evaluate the broken policies on the requests of step 2.");
            return;
        }
        AccessPrincipal me = AccessPrincipal.attendee(ctx.id());
        Table t = new Table("policy", "wrongly allows", "wrongly denies");
        Map<Variant, List<Row>> wronglyAllowed = new LinkedHashMap<>();
        Map<Variant, List<Row>> wronglyDenied = new LinkedHashMap<>();
        StringBuilder examples = new StringBuilder();
        for (Variant v : Variant.pitfalls()) {
            AccessControl ac = AccessControl.local(ctx.sharedTable(), v, KeySchemaLookup.workshop(ctx.sharedTable()));
            List<Row> allowed = new ArrayList<>();
            List<Row> denied = new ArrayList<>();
            String example = null;
            for (Row r : rows) {
                AccessDecision d = ac.decide(me, r.operation(), r.body());
                if (d.allowed() && !r.tenant().expectAllowed) {
                    allowed.add(r);
                    if (example == null) example = r.action() + " on " + r.tenant().label + " is " + shorten(d.evaluations().get(0).explanation());
                } else if (!d.allowed() && r.tenant().expectAllowed) {
                    denied.add(r);
                    if (example == null) example = r.action() + " on " + r.tenant().label + " is " + shorten(d.explanation());
                }
            }
            wronglyAllowed.put(v, allowed);
            wronglyDenied.put(v, denied);
            t.row(v.name() + (v == Variant.CORRECT ? " (deployed)" : ""), summary(allowed), summary(denied));
            if (v != Variant.CORRECT) {
                examples.append("- **").append(v.name()).append("**: ").append(v.summary()).append(".")
                        .append(example == null ? "" : " For example, " + example).append('\n');
            }
        }
        result.text("The same " + rows.size() + " requests you just sent, as recorded, evaluated by the policy evaluator under "
                + "the deployed policy and three broken ones (nothing is sent again):");
        result.table("What each policy would decide differently from the expectations", t);
        result.text(examples.toString());
        result.check("the deployed policy decides every request as expected",
                wronglyAllowed.get(Variant.CORRECT).isEmpty() && wronglyDenied.get(Variant.CORRECT).isEmpty(),
                summary(wronglyAllowed.get(Variant.CORRECT)) + " wrongly allowed, " + summary(wronglyDenied.get(Variant.CORRECT)) + " wrongly denied");
        result.check("StringEquals on prefixed keys denies your own keys",
                wronglyDenied.get(Variant.STRING_EQUALS).stream().anyMatch(r -> r.tenant() == Tenant.OWN), summary(wronglyDenied.get(Variant.STRING_EQUALS)));
        result.check("without the trailing '#' your prefix sibling's keys are allowed",
                wronglyAllowed.get(Variant.NO_TRAILING_HASH).stream().anyMatch(r -> r.tenant() == Tenant.SIBLING)
                        && wronglyAllowed.get(Variant.NO_TRAILING_HASH).stream().noneMatch(r -> r.tenant() == Tenant.NEIGHBOUR),
                summary(wronglyAllowed.get(Variant.NO_TRAILING_HASH)));
        result.check("without the Null guard a Scan is allowed (ForAllValues holds for zero keys)",
                wronglyAllowed.get(Variant.NO_NULL_GUARD).stream().anyMatch(r -> r.operation().equals("Scan")),
                summary(wronglyAllowed.get(Variant.NO_NULL_GUARD)));
    }

    // ---------------------------------------------------------------- step 4

    static final String INJECTED_SK = "PROBE#INJECTED";

    /**
     * LeadingKeys guards the table's partition key of a write, nothing else: an item under your own key may carry a
     * neighbour's prefix in an index key and so appear in their index queries. On the local target the lab shows it
     * for real, into the lab's own probe namespace (the neighbour id of step 2, an index partition no sample data uses),
     * and deletes the item again; on AWS it only records the request. Then the mitigation judges the same bytes.
     */
    static void indexKeys(LabContext ctx, StepResult result) {
        AttendeeId id = ctx.id();
        AttendeeId neighbour = AttendeeId.of(neighbourOf(id.value()));
        String table = ctx.sharedTable();
        String victimPartition = neighbour.prefix() + PROBE_PARTITION;
        Map<String, AttributeValue> injected = KeyDesign.item(id, KeyDesign.expiresFrom(ctx.clock().instant()),
                id.prefix() + PROBE_PARTITION, INJECTED_SK, "AbacProbe", "Note", "written by " + id + ", indexed under " + neighbour);
        // OwnerPK stays yours (KeyDesign derives it), so cleanup finds the item even if the step is cut short.
        injected.put(Tables.GSI1.pk(), KeyDesign.s(victimPartition));
        injected.put(Tables.GSI1.sk(), KeyDesign.s("INJECTED#" + id));
        Map<String, AttributeValue> injectedKey = Map.of(Tables.PK, injected.get(Tables.PK), Tables.SK, injected.get(Tables.SK));
        result.text("The request: PutItem under your own key `" + injected.get(Tables.PK).s() + "`, with `" + Tables.GSI1.pk() + "` = `"
                + victimPartition + "`, a partition of `" + neighbour + "` (the lab's probe neighbour).");
        boolean local = ctx.target().kind() != Target.Kind.AWS;
        Recorder recorder = new Recorder();
        DryRun dry = new DryRun(ctx.target(), id);
        String body;
        if (local) {
            DynamoDbClient as = ctx.target().dynamo(Principal.attendee(id), recorder);
            DynamoDbClient them = ctx.target().dynamo(Principal.attendee(neighbour));
            try {
                String refused = null;
                try {
                    as.putItem(b -> b.tableName(table).item(injected));
                } catch (DynamoDbException e) {
                    refused = e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorCode() + ": " + Prober.reasonOf(ctx.target(), e);
                }
                body = recorder.body();
                result.check("the policy allowed the write: its leading key is yours", refused == null,
                        refused == null ? "PutItem " + injected.get(Tables.PK).s() + " allowed" : refused);
                // The neighbour's own, allowed query of their own index partition.
                List<Map<String, AttributeValue>> seen = them.query(q -> q.tableName(table).indexName(Tables.GSI1.name())
                        .keyConditionExpression("#p = :p").expressionAttributeNames(Map.of("#p", Tables.GSI1.pk()))
                        .expressionAttributeValues(Map.of(":p", KeyDesign.s(victimPartition)))).items();
                Table view = new Table(Tables.GSI1.pk() + " (what " + neighbour + " queried)", "PK (the table key)", "Note", "whose item");
                for (Map<String, AttributeValue> i : seen) {
                    view.row(i.get(Tables.GSI1.pk()).s(), i.get(Tables.PK).s(), i.containsKey("Note") ? i.get("Note").s() : "",
                            KeyDesign.belongsTo(i, neighbour) ? neighbour.value() : "NOT " + neighbour + "'s");
                }
                result.table("The neighbour's Query on " + Tables.GSI1.name() + ", sent as " + neighbour + " and allowed by the same policy", view);
                long foreign = seen.stream().filter(i -> !KeyDesign.belongsTo(i, neighbour)).count();
                result.check("your item appears in the neighbour's index query", foreign > 0,
                        foreign + " of " + seen.size() + " items in " + victimPartition + " have a table key outside ATT#" + neighbour + "#");
                long kept = seen.stream().filter(i -> KeyDesign.belongsTo(i, neighbour)).count();
                result.text("A reader that validates what it reads keeps only items whose table key is in its own namespace: that leaves "
                        + kept + " of " + seen.size() + " here. The workshop's lab checks and `status` count this way, so an injected item "
                        + "cannot fool them.");
            } finally {
                // Allowed as you: the item's table key is yours.
                as.deleteItem(d -> d.tableName(table).key(injectedKey));
            }
        } else {
            // On AWS the request is only recorded: the neighbour may be a real attendee, and the lab cannot query as them.
            body = dry.record(c -> c.putItem(b -> b.tableName(table).item(injected)));
            result.text("On AWS the lab does not send this request: it would land in an index partition that may belong to a real "
                    + "attendee. The SDK built it and the lab stopped it before sending; the local target shows it arriving.");
        }

        // The mitigation: forbid writing index partition-key attributes directly. Judged on the very same bytes.
        AccessPrincipal me = AccessPrincipal.attendee(id);
        KeySchemaLookup keys = KeySchemaLookup.workshop(table);
        AccessControl deployed = AccessControl.local(table, Variant.CORRECT, keys);
        AccessControl guarded = AccessControl.local(table, Variant.INDEX_KEY_GUARD, keys);
        result.text("The guard takes PutItem, UpdateItem and BatchWriteItem out of `" + AttendeePolicy.SID_SHARED + "` into a statement of their own, "
                + "with one more condition (allow-based, as the developer guide recommends over Deny statements):\n\n```\n"
                + guardStatement(table, ctx.console().width() - 4) + "\n```");
        Map<String, AttributeValue> seedIssue = KeyDesign.issueItem(id, KeyDesign.expiresFrom(ctx.clock().instant()),
                ctx.data().issues().get(0), "someone");
        Map<String, AttributeValue> plain = KeyDesign.item(id, KeyDesign.expiresFrom(ctx.clock().instant()), id.prefix() + PROBE_PARTITION,
                "PROBE#PLAIN", "AbacProbe", "Note", "no index keys");
        plain.remove(Tables.BY_OWNER.pk());
        plain.remove(Tables.BY_OWNER.sk());
        Map<String, String> requests = new LinkedHashMap<>();
        requests.put("the PutItem above (as sent)", body);
        requests.put("UpdateItem SET " + Tables.GSI1.pk() + " on your own item", dry.record(c -> c.updateItem(b -> b.tableName(table)
                .key(injectedKey).updateExpression("SET #g = :v").expressionAttributeNames(Map.of("#g", Tables.GSI1.pk()))
                .expressionAttributeValues(Map.of(":v", KeyDesign.s(victimPartition))))));
        requests.put("your bootstrap's PutItem of issue " + ctx.data().issues().get(0).id(),
                dry.record(c -> c.putItem(b -> b.tableName(table).item(seedIssue))));
        requests.put("PutItem of an item with no index keys", dry.record(c -> c.putItem(b -> b.tableName(table).item(plain))));
        Table judged = new Table("request", "deployed policy", "with the guard");
        Map<String, AccessDecision> underGuard = new LinkedHashMap<>();
        Map<String, AccessDecision> underDeployed = new LinkedHashMap<>();
        for (Map.Entry<String, String> r : requests.entrySet()) {
            String op = r.getKey().startsWith("UpdateItem") ? "UpdateItem" : "PutItem";
            AccessDecision d = deployed.decide(me, op, r.getValue());
            AccessDecision g = guarded.decide(me, op, r.getValue());
            underDeployed.put(r.getKey(), d);
            underGuard.put(r.getKey(), g);
            judged.row(r.getKey(), d.allowed() ? "allowed" : "denied", g.allowed() ? "allowed" : "denied");
        }
        result.table("The same requests under the deployed policy and under the guard (the policy evaluator, nothing sent)", judged);
        AccessDecision sameRequest = underGuard.get("the PutItem above (as sent)");
        result.text("Why the guard denies the PutItem above: " + shorten(sameRequest.explanation()));
        result.check("the same PutItem is denied under the guard", !sameRequest.allowed() && underDeployed.get("the PutItem above (as sent)").allowed(),
                sameRequest.allowed() ? "allowed" : "denied: " + AttendeePolicy.SID_INDEX_KEY_GUARD + " does not allow it");
        boolean seedDenied = underGuard.values().stream().skip(2).findFirst().map(x -> !x.allowed()).orElse(false);
        boolean plainAllowed = underGuard.get("PutItem of an item with no index keys").allowed();
        result.check("the guard denies only writes that name an index key", seedDenied && plainAllowed,
                "seed write " + (seedDenied ? "denied" : "allowed") + ", plain write " + (plainAllowed ? "allowed" : "denied"));
        result.text("Any index key in the item is enough for the guard, and your own seed names them all: behind the guard only a "
                + "trusted write path (a service with its own role) may write index keys. The workshop lets you write your own seed, "
                + "so it deploys the policy without the guard, derives index keys in one place (`KeyDesign`) and validates on read.");
    }

    /** The guard statement as deployed by {@link Variant#INDEX_KEY_GUARD}, cut from that policy's JSON. */
    /** The guard statement in brief, each line wrapped at spaces to {@code width} (code is shown indented, never rewrapped). */
    static String guardStatement(String table, int width) {
        PolicyDocument doc = AttendeePolicy.document(table, Variant.INDEX_KEY_GUARD);
        String text = doc.statements().stream().filter(st -> AttendeePolicy.SID_INDEX_KEY_GUARD.equals(st.sid())).findFirst()
                .map(st -> st.effect() + " " + String.join(", ", st.actions()) + " on " + String.join(", ", st.resources()) + "\nwhen "
                        + String.join("\n and ", st.conditions().stream().map(c -> c.operator() + " " + c.key() + " " + c.values()).toList()))
                .orElseThrow();
        List<String> lines = new ArrayList<>();
        for (String line : text.split("\n")) {
            List<String> wrapped = dev.workshop.console.Text.words(line, Math.max(40, width - 5));
            for (int i = 0; i < wrapped.size(); i++) lines.add(i == 0 ? wrapped.get(i) : "     " + wrapped.get(i).strip());
        }
        return String.join("\n", lines);
    }

    private static String summary(List<Row> rows) {
        if (rows.isEmpty()) return "nothing";
        Map<Tenant, List<String>> by = new LinkedHashMap<>();
        for (Row r : rows) by.computeIfAbsent(r.tenant(), k -> new ArrayList<>()).add(r.action());
        List<String> parts = new ArrayList<>();
        by.forEach((tenant, actions) -> parts.add(actions.size() + " on " + tenant.label
                + (actions.size() <= 2 ? " (" + String.join(", ", actions) + ")" : "")));
        return String.join("; ", parts);
    }

    static String shorten(String explanation) {
        String first = explanation.split("\n")[0].replaceAll("arn:aws:dynamodb:[^:]*:[0-9]*:table/", "table/");
        // The row already names the action and the resource: keep only the verdict and its reason.
        return first.replaceFirst("^dynamodb:\\S+ on \\S+: ", "");
    }

    // ---------------------------------------------------------------- the requests

    /** Sends each request as the attendee and records whether IAM (or the local gateway) let it through. */
    static final class Prober {
        private final DynamoDbClient as;
        private final Recorder recorder;
        private final String table;
        private final AttendeeId id;
        private final String expires;
        private final Target target;

        Prober(DynamoDbClient as, Recorder recorder, String table, AttendeeId id, String expires, Target target) {
            this.target = target;
            this.as = as;
            this.recorder = recorder;
            this.table = table;
            this.id = id;
            this.expires = expires;
        }

        Map<String, AttributeValue> key(String prefix, String sk) {
            return Map.of(Tables.PK, KeyDesign.s(prefix + PROBE_PARTITION), Tables.SK, KeyDesign.s(sk));
        }

        /** Own items are real workshop items (owner keys, TTL) so that cleanup finds them even if the lab is cut short. */
        Map<String, AttributeValue> ownItem(String sk) {
            return KeyDesign.item(id, expires, id.prefix() + PROBE_PARTITION, sk, "AbacProbe", "Note", "lab 4");
        }

        Map<String, AttributeValue> foreignItem(String prefix, String sk) {
            Map<String, AttributeValue> m = new LinkedHashMap<>(key(prefix, sk));
            m.put("Note", KeyDesign.s("written by " + id + " (must never exist)"));
            return m;
        }

        void run(List<Row> rows, Map<Tenant, String> prefixes) {
            String never = "attribute_exists(#never)";
            Map<String, String> neverName = Map.of("#never", NEVER);
            for (String action : List.of("PutItem", "GetItem", "UpdateItem", "Query (table)", "Query (index GSI1)",
                    "Query (index ByOwner)", "BatchGetItem", "BatchWriteItem", "TransactGetItems", "TransactWriteItems",
                    "ConditionCheck (txn)", "DeleteItem")) {
                for (Map.Entry<Tenant, String> e : prefixes.entrySet()) {
                    Tenant tenant = e.getKey();
                    String pre = e.getValue();
                    boolean own = tenant == Tenant.OWN;
                    String partition = pre + PROBE_PARTITION;
                    Consumer<DynamoDbClient> call = switch (action) {
                        case "PutItem" -> c -> c.putItem(b -> {
                            b.tableName(table).item(own ? ownItem("PROBE#1") : foreignItem(pre, "PROBE#1"));
                            if (!own) b.conditionExpression(never).expressionAttributeNames(neverName);
                        });
                        case "GetItem" -> c -> c.getItem(b -> b.tableName(table).key(key(pre, "PROBE#1")));
                        case "UpdateItem" -> c -> c.updateItem(b -> {
                            b.tableName(table).key(key(pre, "PROBE#1")).updateExpression("SET #n = :v")
                                    .expressionAttributeValues(Map.of(":v", KeyDesign.s("updated by " + id)));
                            if (own) b.conditionExpression("attribute_exists(PK)").expressionAttributeNames(Map.of("#n", "Note"));
                            else b.conditionExpression(never).expressionAttributeNames(Map.of("#n", "Note", "#never", NEVER));
                        });
                        case "Query (table)" -> c -> c.query(b -> b.tableName(table).keyConditionExpression("#p = :p")
                                .expressionAttributeNames(Map.of("#p", Tables.PK)).expressionAttributeValues(Map.of(":p", KeyDesign.s(partition))));
                        case "Query (index GSI1)" -> c -> c.query(b -> b.tableName(table).indexName(Tables.GSI1.name())
                                .keyConditionExpression("#p = :p").expressionAttributeNames(Map.of("#p", Tables.GSI1.pk()))
                                .expressionAttributeValues(Map.of(":p", KeyDesign.s(pre + "COMPANY#c01#STATUS#OPEN"))).limit(5));
                        case "Query (index ByOwner)" -> c -> c.query(b -> b.tableName(table).indexName(Tables.BY_OWNER.name())
                                .keyConditionExpression("#p = :p").expressionAttributeNames(Map.of("#p", Tables.BY_OWNER.pk()))
                                .expressionAttributeValues(Map.of(":p", KeyDesign.s(pre))).limit(5));
                        case "BatchGetItem" -> c -> c.batchGetItem(b -> b.requestItems(Map.of(table,
                                KeysAndAttributes.builder().keys(key(pre, "PROBE#1")).build())));
                        // A batch write cannot carry a condition: outside the namespace it deletes a key that never exists.
                        case "BatchWriteItem" -> c -> c.batchWriteItem(b -> b.requestItems(Map.of(table, List.of(own
                                ? WriteRequest.builder().putRequest(PutRequest.builder().item(ownItem("PROBE#2")).build()).build()
                                : WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key(pre, "PROBE#NEVER")).build()).build()))));
                        case "TransactGetItems" -> c -> c.transactGetItems(b -> b.transactItems(TransactGetItem.builder()
                                .get(Get.builder().tableName(table).key(key(pre, "PROBE#1")).build()).build()));
                        case "TransactWriteItems" -> c -> c.transactWriteItems(b -> b.transactItems(TransactWriteItem.builder()
                                .put(own ? Put.builder().tableName(table).item(ownItem("PROBE#3")).build()
                                        : Put.builder().tableName(table).item(foreignItem(pre, "PROBE#3"))
                                                .conditionExpression(never).expressionAttributeNames(neverName).build()).build()));
                        // The check names the target's key; the update is always your own PROBE#3 (one transaction may not touch an item
                        // twice), so only the check decides.
                        case "ConditionCheck (txn)" -> c -> c.transactWriteItems(b -> b.transactItems(
                                TransactWriteItem.builder().conditionCheck(ConditionCheck.builder().tableName(table)
                                        .key(key(pre, "PROBE#1")).conditionExpression("attribute_exists(PK)").build()).build(),
                                TransactWriteItem.builder().update(Update.builder().tableName(table).key(key(id.prefix(), "PROBE#3"))
                                        .updateExpression("SET Checked = :t").expressionAttributeValues(Map.of(":t", KeyDesign.s("yes")))
                                        .conditionExpression(own ? "attribute_exists(PK)" : never)
                                        .expressionAttributeNames(own ? null : neverName).build()).build()));
                        case "DeleteItem" -> c -> c.deleteItem(b -> {
                            b.tableName(table).key(key(pre, "PROBE#1"));
                            if (!own) b.conditionExpression(never).expressionAttributeNames(neverName);
                        });
                        default -> throw new IllegalStateException(action);
                    };
                    rows.add(send(action, tenant, partition, call));
                }
            }
            rows.add(send("Scan (table)", Tenant.TABLE, "no key", c -> c.scan(b -> b.tableName(table).limit(1))));
            rows.add(send("Scan (index GSI1)", Tenant.TABLE, "no key", c -> c.scan(b -> b.tableName(table).indexName(Tables.GSI1.name()).limit(1))));
            String partiql = "SELECT * FROM \"" + table + "\" WHERE PK = '" + id.prefix() + PROBE_PARTITION + "'";
            rows.add(send("PartiQL SELECT (ExecuteStatement)", Tenant.TABLE, "WHERE PK = '" + id.prefix() + PROBE_PARTITION + "'",
                    c -> c.executeStatement(b -> b.statement(partiql))));
            rows.add(send("PartiQL (BatchExecuteStatement)", Tenant.TABLE, "WHERE PK = '" + id.prefix() + PROBE_PARTITION + "'",
                    c -> deniedStatement(c.batchExecuteStatement(b -> b.statements(st -> st.statement(partiql + " AND SK = 'PROBE#1'"))))));
            rows.add(send("PartiQL (ExecuteTransaction)", Tenant.TABLE, "WHERE PK = '" + id.prefix() + PROBE_PARTITION + "'",
                    c -> c.executeTransaction(b -> b.transactStatements(st -> st.statement(partiql + " AND SK = 'PROBE#1'")))));
        }

        /**
         * A batch answers HTTP 200 and puts each statement's AccessDenied in its own response (on AWS and on the local
         * gateway alike); the lab reads that as the denial it is, with the target's explanation when it gives one.
         */
        private void deniedStatement(software.amazon.awssdk.services.dynamodb.model.BatchExecuteStatementResponse r) {
            for (var each : r.responses()) {
                if (each.error() != null && "AccessDenied".equals(each.error().codeAsString())) {
                    String why = target.denialExplanation(r.sdkHttpResponse()).map(AbacLab::shorten)
                            .orElse("(from AWS) " + each.error().message());
                    throw new StatementDenied(why);
                }
            }
        }

        private Row send(String action, Tenant tenant, String partition, Consumer<DynamoDbClient> call) {
            recorder.clear();
            boolean allowed = true;
            String note = null;
            String reason = null;
            try {
                call.accept(as);
            } catch (StatementDenied e) {
                allowed = false;
                reason = e.getMessage();
            } catch (DynamoDbException e) {
                String code = e.awsErrorDetails() == null ? null : e.awsErrorDetails().errorCode();
                if ("AccessDeniedException".equals(code)) {
                    allowed = false;
                    reason = reasonOf(target, e);
                } else {
                    // IAM let it through; DynamoDB then refused for its own reasons (a condition, a missing item).
                    note = code;
                }
            }
            return new Row(action, tenant, partition, allowed, note, reason, recorder.operation(), recorder.body());
        }

        /** The target's explanation (the local gateway's), or AWS's own message (AWS gives no reason beyond it). */
        static String reasonOf(Target target, DynamoDbException e) {
            return target.denialExplanation(e).map(AbacLab::shorten)
                    .orElse("(from AWS) " + (e.awsErrorDetails() == null ? e.getMessage() : e.awsErrorDetails().errorMessage()));
        }

        /** Deletes the lab's own items (PROBE#1..3) again: the lab leaves your namespace as it found it. */
        void cleanUpOwn() {
            List<WriteRequest> deletes = new ArrayList<>();
            for (String sk : List.of("PROBE#1", "PROBE#2", "PROBE#3")) {
                deletes.add(WriteRequest.builder().deleteRequest(DeleteRequest.builder().key(key(id.prefix(), sk)).build()).build());
            }
            as.batchWriteItem(b -> b.requestItems(Map.of(table, deletes)));
        }
    }

    /**
     * Builds requests with the SDK exactly as it would send them and stops each one before it leaves, so the policy
     * evaluator can judge requests the lab must not send (on AWS) or that would change your data.
     */
    static final class DryRun {
        private final Recorder recorder = new Recorder(true);
        private final DynamoDbClient client;

        DryRun(Target target, AttendeeId id) {
            this.client = target.dynamo(Principal.attendee(id), recorder);
        }

        String record(Consumer<DynamoDbClient> call) {
            recorder.clear();
            try {
                call.accept(client);
            } catch (RuntimeException stopped) {
                // the recorder stopped it before transmission: nothing was sent
            }
            if (recorder.body() == null) throw new IllegalStateException("the SDK did not reach transmission for a recorded request");
            return recorder.body();
        }
    }

    /** One statement of a batch was denied (the call itself answered 200). */
    static final class StatementDenied extends RuntimeException {
        StatementDenied(String why) {
            super(why, null, false, false);
        }
    }

    /** Raised by a stopping recorder once the request is recorded. */
    static final class NotSent extends RuntimeException {
        NotSent() {
            super("recorded, not sent", null, false, false);
        }
    }

    /** Keeps the last request as sent (operation and JSON body), so the broken policies judge exactly those bytes. */
    static final class Recorder implements ExecutionInterceptor {
        private final boolean stop;
        private volatile String operation;
        private volatile String body;

        Recorder() {
            this(false);
        }

        /** @param stop whether to stop each request once recorded (a dry run) */
        Recorder(boolean stop) {
            this.stop = stop;
        }

        void clear() {
            operation = null;
            body = null;
        }

        String operation() {
            return operation;
        }

        String body() {
            return body;
        }

        @Override
        public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
            // X-Amz-Target is "DynamoDB_20120810.<Operation>" on the wire.
            String target = context.httpRequest().firstMatchingHeader("X-Amz-Target").orElse("");
            operation = target.substring(target.lastIndexOf('.') + 1);
            body = context.requestBody().map(rb -> {
                try (InputStream in = rb.contentStreamProvider().newStream()) {
                    return new String(in.readAllBytes(), StandardCharsets.UTF_8);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            }).orElse("{}");
            if (stop) throw new NotSent();
        }
    }
}
