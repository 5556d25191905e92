package dev.workshop.gateway;

import dev.workshop.access.AccessControl;
import dev.workshop.access.AccessDecision;
import dev.workshop.access.AccessPrincipal;
import dev.workshop.access.AttendeePolicy;
import dev.workshop.access.DynamoDbRequestMapper;
import dev.workshop.access.KeySchemaLookup;
import dev.workshop.access.PolicyDocument;
import dev.workshop.access.PolicyEvaluator;
import dev.workshop.access.RequestContext;
import dev.workshop.model.Tables;
import dev.workshop.target.Principal;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * IAM on the local target: every attendee request is evaluated against the same attendee policy that is deployed to
 * AWS ({@link AttendeePolicy}), with the attendee's principal tag AttendeeId, before anything else sees it (so a denied
 * request consumes no capacity and never reaches DynamoDB Local). A denial is answered as DynamoDB answers it
 * (HTTP 400, {@code com.amazon.coral.service#AccessDeniedException}, AWS's message) plus the evaluator's explanation,
 * in the body member {@value #EXPLANATION_MEMBER} and the header {@value #EXPLANATION_HEADER}; the SDK ignores both,
 * the lab reads them from the exception's awsErrorDetails().
 *
 * <p>The policy names its shared table, and the shared table's name is a command-line option, so the gateway treats
 * every table that has the shared definition (the ByOwner index keyed on OwnerPK) as a shared table governed by the
 * policy written for that name. It reads that from the gateway's {@link TableCatalogue}. Any other table is governed by the policy's
 * statements without a shared table: the attendee's own ws-att-ID table, ListTables, and nothing else.
 * The administrator (facilitator, self-learner, setup) is never evaluated.
 */
public final class AccessFilter implements GatewayFilter {
    public static final String EXPLANATION_MEMBER = "WorkshopExplanation";
    public static final String EXPLANATION_HEADER = "x-workshop-access-explanation";
    private static final String JSON = "application/x-amz-json-1.0";

    private final TableCatalogue tables;
    private final Map<String, PolicyDocument> policies = new ConcurrentHashMap<>();
    private final PolicyDocument withoutShared = AttendeePolicy.withoutSharedTable();
    private final AccessControl access;
    private final Map<String, Map.Entry<JsonNode, Kind>> kinds = new ConcurrentHashMap<>();

    /** @param tables the gateway's table catalogue: which tables exist and how they are defined */
    public AccessFilter(TableCatalogue tables) {
        this.tables = tables;
        KeySchemaLookup keys = (table, index) -> {
            if (kind(table) != Kind.OTHER && !table.startsWith(Tables.PERSONAL_PREFIX)) {
                return KeySchemaLookup.fromCreateTable(Tables.sharedTable(table), index);
            }
            if (table.startsWith(Tables.PERSONAL_PREFIX) && index == null) return Optional.of(Tables.PK);
            return Optional.empty();
        };
        this.access = new AccessControl(this::policiesFor, DynamoDbRequestMapper.local(keys), "000000000000");
    }

    /** The filter for a gateway in front of DynamoDB Local at {@code backend}, with a catalogue of its own. */
    public static AccessFilter forBackend(URI backend) {
        return new AccessFilter(TableCatalogue.forBackend(backend));
    }

    @Override
    public GatewayResponse before(GatewayExchange ex) {
        Principal p = ex.principal();
        if (p.isAdmin()) return null;
        AccessDecision d;
        try {
            JsonNode body;
            try {
                body = ex.json();
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("the " + ex.operation() + " request body is not valid JSON: " + e.getMessage(), e);
            }
            d = access.decide(AccessPrincipal.attendee(p.attendee()), ex.operation(), body);
        } catch (IllegalArgumentException e) {
            // A request the gateway cannot read is never forwarded on an attendee's behalf: it could not be authorized.
            return GatewayResponse.error("com.amazon.coral.validate#ValidationException",
                    "The local gateway could not read this " + ex.operation() + " request to authorize it: " + e.getMessage(), null);
        }
        if (d.allowed()) return null;
        if (ex.operation().equals("BatchExecuteStatement")) return perStatement(ex, AccessPrincipal.attendee(p.attendee()), d);
        String body = d.errorBody();
        body = body.substring(0, body.length() - 1) + ",\"" + EXPLANATION_MEMBER + "\":" + GatewayResponse.quote(d.explanation()) + "}";
        return new GatewayResponse(400, Map.of("Content-Type", JSON,
                EXPLANATION_HEADER, d.explanation().replaceAll("[\\r\\n]+", " | ").replaceAll("[^\\x20-\\x7e]", "?")),
                body.getBytes(StandardCharsets.UTF_8));
    }

    /**
     * BatchExecuteStatement is authorised per statement, and DynamoDB answers HTTP 200 with each denied statement's
     * {@code Error} ({@code Code: AccessDenied}) in its place in {@code Responses}
     * (https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_BatchStatementError.html). The allowed
     * statements go to DynamoDB Local alone; the denied ones are put back into its answer, in order. When none is
     * allowed the gateway answers itself. The explanations travel in the {@value #EXPLANATION_HEADER} header.
     */
    private GatewayResponse perStatement(GatewayExchange ex, AccessPrincipal who, AccessDecision d) {
        List<JsonNode> statements = ex.json().field("Statements").filter(JsonNode::isArray).map(JsonNode::asArray).orElse(List.of());
        List<PolicyEvaluator.Evaluation> evaluations = d.evaluations();
        if (statements.size() != evaluations.size()) {
            throw new IllegalStateException("BatchExecuteStatement: " + statements.size() + " statements, " + evaluations.size() + " decisions");
        }
        String[] errors = new String[statements.size()];
        boolean anyAllowed = false;
        for (int i = 0; i < statements.size(); i++) {
            PolicyEvaluator.Evaluation e = evaluations.get(i);
            if (e.allowed()) anyAllowed = true;
            else errors[i] = BatchStatements.error("AccessDenied", access.message(who, e));
        }
        Map<String, String> headers = Map.of(EXPLANATION_HEADER,
                d.explanation().replaceAll("[\\r\\n]+", " | ").replaceAll("[^\\x20-\\x7e]", "?"));
        if (!anyAllowed) return BatchStatements.allFailed(errors, headers);
        ex.replaceBody(BatchStatements.forwarded(ex.json(), statements, errors));
        ex.rewriteResponse(r -> BatchStatements.splice(r, errors, headers));
        return null;
    }

    /** What the gateway knows of a table name. */
    enum Kind {
        /** Has the shared definition: governed by the policy written for its name. */
        SHARED,
        /**
         * No such table. Governed as if it were a shared table of that name (unless it is named like a personal table):
         * a command may name a shared table that is not created yet, and on AWS the policy deployed for that name
         * lets the attendee describe it and learn that it is missing. Nothing can be read or written in a table
         * that does not exist, and that policy never grants CreateTable on it.
         */
        MISSING,
        /** Any other table: only the statements without a shared table apply. */
        OTHER
    }

    /** Whether the gateway governs this table as a shared table (describing it once when it has not seen it). */
    public boolean isShared(String table) {
        return kind(table) == Kind.SHARED;
    }

    Kind kind(String table) {
        JsonNode description = tables.table(table).orElse(null);
        if (description == null) return Kind.MISSING;
        // Asked on every attendee request: remembered per description (the catalogue hands out a new one on change).
        Map.Entry<JsonNode, Kind> known = kinds.get(table);
        if (known != null && known.getKey() == description) return known.getValue();
        Kind k = kindOf(description, table);
        kinds.put(table, Map.entry(description, k));
        return k;
    }

    private static Kind kindOf(JsonNode description, String requested) {
        return sameName(description, requested) && hasSharedDefinition(description) ? Kind.SHARED : Kind.OTHER;
    }

    private List<PolicyDocument> policiesFor(RequestContext r) {
        String table = tableOf(r.resource());
        if (table == null) return List.of(withoutShared);
        Kind k = kind(table);
        boolean governedAsShared = k == Kind.SHARED || (k == Kind.MISSING && !table.startsWith(Tables.PERSONAL_PREFIX));
        if (!governedAsShared) return List.of(withoutShared);
        return List.of(policies.computeIfAbsent(table, AttendeePolicy::document));
    }

    /** A table (or index) ARN's table name; null for "*". */
    static String tableOf(String arn) {
        int i = arn.indexOf(":table/");
        if (i < 0) return null;
        String rest = arn.substring(i + 7);
        int slash = rest.indexOf('/');
        return slash < 0 ? rest : rest.substring(0, slash);
    }

    /**
     * DynamoDB Local compares table names ignoring case, AWS does not: only the exact name is governed as shared, so a
     * request naming the table in other letters falls to the statements without a shared table (denied).
     */
    private static boolean sameName(JsonNode description, String requested) {
        return description.field("TableName").filter(JsonNode::isString).map(n -> n.asString().equals(requested)).orElse(false);
    }

    /** The shared definition's mark: an index named ByOwner whose partition key is OwnerPK (CreateTable or describe JSON). */
    static boolean hasSharedDefinition(JsonNode table) {
        List<JsonNode> gsis = table.field("GlobalSecondaryIndexes").filter(JsonNode::isArray).map(JsonNode::asArray).orElse(List.of());
        for (JsonNode g : gsis) {
            boolean named = g.field("IndexName").filter(JsonNode::isString).map(n -> n.asString().equals(Tables.BY_OWNER.name())).orElse(false);
            if (!named) continue;
            for (JsonNode k : g.field("KeySchema").filter(JsonNode::isArray).map(JsonNode::asArray).orElse(List.of())) {
                boolean hash = k.field("KeyType").map(JsonNode::asString).map("HASH"::equals).orElse(false);
                boolean owner = k.field("AttributeName").map(JsonNode::asString).map(Tables.BY_OWNER.pk()::equals).orElse(false);
                if (hash && owner) return true;
            }
        }
        return false;
    }
}
