package dev.workshop.access;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;
import software.amazon.awssdk.protocols.jsoncore.JsonNodeParser;

/**
 * Maps one DynamoDB JSON request (operation from X-Amz-Target, e.g. "Query", and its body) to the IAM
 * authorization requests AWS makes for it: action, resource ARN and condition keys. Pure: no SDK calls, no I/O.
 *
 * <p>Sources:
 * <ul>
 *   <li>Actions and condition keys: https://docs.aws.amazon.com/service-authorization/latest/reference/list_amazondynamodb.html</li>
 *   <li>Condition key meanings: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html</li>
 *   <li>Transactions, one action per item: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/transaction-apis-iam.html</li>
 *   <li>PartiQL actions by statement verb: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-iam.html</li>
 * </ul>
 *
 * <p>Where AWS does not document what it derives, the stricter reading is taken (it can only deny more):
 * PartiQL statements carry no {@code dynamodb:LeadingKeys}; a Query whose key condition does not name the
 * partition key with '=' carries none either; {@code dynamodb:Select} is set only when the request sends Select;
 * a key-based request on a table whose key schema is unknown uses every Key value as a leading key;
 * CreateTable with Tags also needs {@code dynamodb:TagResource}; an operation not listed here maps to
 * {@code dynamodb:<Operation>} so only an explicit grant (or dynamodb:*) allows it.
 */
public final class DynamoDbRequestMapper {
    public static final String LEADING_KEYS = "dynamodb:LeadingKeys";
    public static final String ATTRIBUTES = "dynamodb:Attributes";
    public static final String SELECT = "dynamodb:Select";
    public static final String RETURN_VALUES = "dynamodb:ReturnValues";
    public static final String RETURN_CONSUMED_CAPACITY = "dynamodb:ReturnConsumedCapacity";
    public static final String ENCLOSING_OPERATION = "dynamodb:EnclosingOperation";
    public static final String FULL_TABLE_SCAN = "dynamodb:FullTableScan";

    private static final JsonNodeParser PARSER = JsonNodeParser.create();
    private static final Set<String> WRITES = Set.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem");
    private static final Pattern PARTIQL_TARGET = Pattern.compile(
            "(?is)^\\s*(?:SELECT\\b.*?\\bFROM|INSERT\\s+INTO|UPDATE|DELETE\\s+FROM|EXISTS\\s*\\(\\s*SELECT\\b.*?\\bFROM)\\s+"
                    + "(\"(?:[^\"]|\"\")+\"|[A-Za-z0-9_.-]+)(?:\\s*\\.\\s*(\"(?:[^\"]|\"\")+\"|[A-Za-z0-9_-]+))?");

    private final String region;
    private final String account;
    private final KeySchemaLookup keys;

    public DynamoDbRequestMapper(String region, String account, KeySchemaLookup keys) {
        this.region = region;
        this.account = account;
        this.keys = keys;
    }

    /** For the local target: us-east-1 and account 000000000000. */
    public static DynamoDbRequestMapper local(KeySchemaLookup keys) {
        return new DynamoDbRequestMapper("us-east-1", "000000000000", keys);
    }

    public String tableArn(String table) {
        return "arn:aws:dynamodb:" + region + ":" + account + ":table/" + table;
    }

    public String indexArn(String table, String index) {
        return tableArn(table) + "/index/" + index;
    }

    /** The authorization requests for one DynamoDB call; all must be allowed for the call to be allowed. */
    public List<RequestContext> map(String operation, String jsonBody) {
        JsonNode body;
        try {
            body = jsonBody == null || jsonBody.isBlank() ? JsonNode.emptyObjectNode() : PARSER.parse(jsonBody);
        } catch (RuntimeException e) {
            throw new IllegalArgumentException("the " + operation + " request body is not valid JSON: " + e.getMessage(), e);
        }
        if (!body.isObject()) throw new IllegalArgumentException("the " + operation + " request body is not a JSON object");
        return map(operation, body);
    }

    public List<RequestContext> map(String operation, JsonNode body) {
        return switch (operation) {
            case "GetItem" -> List.of(keyed("dynamodb:GetItem", body, "Key", null));
            case "PutItem" -> List.of(keyed("dynamodb:PutItem", body, "Item", null));
            case "UpdateItem" -> List.of(keyed("dynamodb:UpdateItem", body, "Key", null));
            case "DeleteItem" -> List.of(keyed("dynamodb:DeleteItem", body, "Key", null));
            case "Query" -> List.of(query(body));
            case "Scan" -> List.of(scan(body));
            case "BatchGetItem" -> batchGet(body);
            case "BatchWriteItem" -> batchWrite(body);
            case "TransactGetItems" -> transact(body, "TransactGetItems");
            case "TransactWriteItems" -> transact(body, "TransactWriteItems");
            case "ExecuteStatement" -> List.of(partiql(text(body, "Statement")));
            case "BatchExecuteStatement" -> statements(body, "Statements", null);
            // Statements in a transaction carry the enclosing operation, as TransactWriteItems' items do: the PartiQL
            // IAM examples allow or block "dynamodb:EnclosingOperation": "ExecuteTransaction" on PartiQL actions.
            // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-iam.html
            case "ExecuteTransaction" -> statements(body, "TransactStatements", "ExecuteTransaction");
            case "ListTables" -> List.of(RequestContext.of("dynamodb:ListTables", "*"));
            case "TagResource", "UntagResource", "ListTagsOfResource" ->
                    List.of(RequestContext.of("dynamodb:" + operation, required(body, "ResourceArn", operation)));
            case "CreateTable" -> createTable(body);
            default -> {
                String table = text(body, "TableName");
                yield List.of(RequestContext.of("dynamodb:" + operation, table == null ? "*" : tableArn(table)));
            }
        };
    }

    private List<RequestContext> createTable(JsonNode body) {
        String arn = tableArn(required(body, "TableName", "CreateTable"));
        List<RequestContext> out = new ArrayList<>();
        out.add(RequestContext.of("dynamodb:CreateTable", arn));
        if (body.field("Tags").map(t -> t.isArray() && !t.asArray().isEmpty()).orElse(false)) {
            out.add(RequestContext.of("dynamodb:TagResource", arn));
        }
        return out;
    }

    /** GetItem, PutItem, UpdateItem, DeleteItem, ConditionCheck: one item, its partition key is the leading key. */
    private RequestContext keyed(String action, JsonNode req, String keyField, String enclosing) {
        String table = required(req, "TableName", action);
        Map<String, List<String>> ctx = new LinkedHashMap<>();
        JsonNode key = req.field(keyField).orElse(JsonNode.emptyObjectNode());
        ctx.put(LEADING_KEYS, partitionValues(table, List.of(key)));
        Set<String> attrs = new LinkedHashSet<>();
        if (action.equals("dynamodb:PutItem")) {
            attrs.addAll(key.isObject() ? key.asObject().keySet() : Set.of());
        } else if (action.equals("dynamodb:GetItem")) {
            // The key names count too: "you must specify the names of all of the primary key and index key
            // attributes ... Otherwise, DynamoDB can't use these key attributes" (specifying-conditions).
            if (key.isObject()) attrs.addAll(key.asObject().keySet());
            attrs.addAll(projection(req));
        } else if (action.equals("dynamodb:UpdateItem")) {
            if (key.isObject()) attrs.addAll(key.asObject().keySet());
            attrs.addAll(updatedAttributes(req));
        } else if (key.isObject()) {
            attrs.addAll(key.asObject().keySet());
        }
        // "These attributes can be read, written, or evaluated in a conditional write or scan filter."
        attrs.addAll(expressionAttributes(text(req, "ConditionExpression"), names(req)));
        if (!attrs.isEmpty()) ctx.put(ATTRIBUTES, List.copyOf(attrs));
        common(req, ctx);
        // "the ReturnValues parameter always has a value (NONE unless otherwise specified)" (specifying-conditions).
        if (WRITES.contains(action)) ctx.putIfAbsent(RETURN_VALUES, List.of("NONE"));
        if (enclosing != null) ctx.put(ENCLOSING_OPERATION, List.of(enclosing));
        return new RequestContext(action, tableArn(table), ctx);
    }

    private RequestContext query(JsonNode req) {
        String table = required(req, "TableName", "Query");
        String index = text(req, "IndexName");
        Map<String, List<String>> ctx = new LinkedHashMap<>();
        Optional<String> pk = keys.partitionKey(table, index);
        List<String> leading = pk.map(name -> queryPartitionValue(req, name)).orElse(List.of());
        ctx.put(LEADING_KEYS, leading);
        readKeys(req, ctx);
        common(req, ctx);
        return new RequestContext("dynamodb:Query", index == null ? tableArn(table) : indexArn(table, index), ctx);
    }

    private RequestContext scan(JsonNode req) {
        String table = required(req, "TableName", "Scan");
        String index = text(req, "IndexName");
        Map<String, List<String>> ctx = new LinkedHashMap<>();
        readKeys(req, ctx);
        common(req, ctx);
        return new RequestContext("dynamodb:Scan", index == null ? tableArn(table) : indexArn(table, index), ctx);
    }

    private List<RequestContext> batchGet(JsonNode req) {
        List<RequestContext> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : object(req, "RequestItems").entrySet()) {
            JsonNode per = e.getValue();
            List<JsonNode> keyList = per.field("Keys").map(JsonNode::asArray).orElse(List.of());
            Map<String, List<String>> ctx = new LinkedHashMap<>();
            ctx.put(LEADING_KEYS, partitionValues(e.getKey(), keyList));
            Set<String> attrs = new LinkedHashSet<>();
            for (JsonNode k : keyList) if (k.isObject()) attrs.addAll(k.asObject().keySet());
            attrs.addAll(projection(per));
            if (!attrs.isEmpty()) ctx.put(ATTRIBUTES, List.copyOf(attrs));
            common(req, ctx);
            out.add(new RequestContext("dynamodb:BatchGetItem", tableArn(e.getKey()), ctx));
        }
        return out;
    }

    private List<RequestContext> batchWrite(JsonNode req) {
        List<RequestContext> out = new ArrayList<>();
        for (Map.Entry<String, JsonNode> e : object(req, "RequestItems").entrySet()) {
            List<JsonNode> items = new ArrayList<>();
            Set<String> attrs = new LinkedHashSet<>();
            for (JsonNode w : e.getValue().isArray() ? e.getValue().asArray() : List.<JsonNode>of()) {
                w.field("PutRequest").flatMap(p -> p.field("Item")).ifPresent(item -> {
                    items.add(item);
                    if (item.isObject()) attrs.addAll(item.asObject().keySet());
                });
                w.field("DeleteRequest").flatMap(d -> d.field("Key")).ifPresent(key -> {
                    items.add(key);
                    if (key.isObject()) attrs.addAll(key.asObject().keySet());
                });
            }
            Map<String, List<String>> ctx = new LinkedHashMap<>();
            ctx.put(LEADING_KEYS, partitionValues(e.getKey(), items));
            if (!attrs.isEmpty()) ctx.put(ATTRIBUTES, List.copyOf(attrs));
            common(req, ctx);
            out.add(new RequestContext("dynamodb:BatchWriteItem", tableArn(e.getKey()), ctx));
        }
        return out;
    }

    private List<RequestContext> transact(JsonNode req, String enclosing) {
        List<RequestContext> out = new ArrayList<>();
        for (JsonNode item : req.field("TransactItems").map(JsonNode::asArray).orElse(List.of())) {
            for (Map.Entry<String, JsonNode> e : item.asObject().entrySet()) {
                String action = switch (e.getKey()) {
                    case "Get" -> "dynamodb:GetItem";
                    case "Put" -> "dynamodb:PutItem";
                    case "Update" -> "dynamodb:UpdateItem";
                    case "Delete" -> "dynamodb:DeleteItem";
                    case "ConditionCheck" -> "dynamodb:ConditionCheckItem";
                    default -> throw new IllegalArgumentException("unknown transaction item " + e.getKey());
                };
                out.add(keyed(action, e.getValue(), e.getKey().equals("Put") ? "Item" : "Key", enclosing));
            }
        }
        return out;
    }

    private List<RequestContext> statements(JsonNode req, String field, String enclosing) {
        List<RequestContext> out = new ArrayList<>();
        for (JsonNode s : req.field(field).map(JsonNode::asArray).orElse(List.of())) {
            RequestContext r = partiql(text(s, "Statement"));
            out.add(enclosing == null ? r : r.with(ENCLOSING_OPERATION, enclosing));
        }
        return out;
    }

    /** A PartiQL statement: its action comes from its verb, its resource from its FROM/INTO/UPDATE target. */
    RequestContext partiql(String statement) {
        if (statement == null) throw new IllegalArgumentException("a PartiQL request has no Statement");
        String verb = statement.trim().split("[\\s(]+", 2)[0].toUpperCase(Locale.ROOT);
        String action = switch (verb) {
            case "SELECT", "EXISTS" -> "dynamodb:PartiQLSelect";
            case "INSERT" -> "dynamodb:PartiQLInsert";
            case "UPDATE" -> "dynamodb:PartiQLUpdate";
            case "DELETE" -> "dynamodb:PartiQLDelete";
            default -> throw new IllegalArgumentException("PartiQL statement does not start with SELECT, INSERT, UPDATE or DELETE: " + statement);
        };
        Matcher m = PARTIQL_TARGET.matcher(statement);
        if (!m.find()) throw new IllegalArgumentException("cannot find the table in PartiQL statement: " + statement);
        String table = unquote(m.group(1));
        String index = m.group(2) == null ? null : unquote(m.group(2));
        if (index == null && !m.group(1).startsWith("\"") && table.contains(".")) {
            index = table.substring(table.indexOf('.') + 1);
            table = table.substring(0, table.indexOf('.'));
        }
        String resource = index == null ? tableArn(table) : indexArn(table, index);
        Map<String, List<String>> ctx = new LinkedHashMap<>();
        List<String> notes = new ArrayList<>();
        notes.add("whether PartiQL carries dynamodb:LeadingKeys (none is derived)");
        if (!action.equals("dynamodb:PartiQLSelect")) {
            ctx.put(RequestContext.UNDOCUMENTED, notes);
            return new RequestContext(action, resource, ctx);
        }
        // "To ensure that a SELECT statement does not result in a full table scan, the WHERE clause condition must
        // specify a partition key. Use the equality or IN operator." The documented policy "deny full table scan
        // statements" tests dynamodb:FullTableScan with Bool, so every SELECT carries it, true or false.
        // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/ql-reference.select.html and ql-iam.html
        Optional<String> pk = keys.partitionKey(table, index);
        String where = statement.substring(m.end());
        boolean full = pk.map(name -> !wherePinsPartitionKey(where, name)).orElse(true);
        if (pk.isEmpty()) notes.add("dynamodb:FullTableScan of a table whose key schema is unknown (true)");
        else if (full && Pattern.compile("(?<![\\w])\"?" + Pattern.quote(pk.get()) + "\"?(?![\\w])").matcher(withoutStrings(where)).find()) {
            // The key is named, but not with '=' or IN in a top-level AND term: how DynamoDB reads that is undocumented.
            notes.add("dynamodb:FullTableScan of a WHERE clause that names the key other than with = or IN (true)");
        }
        ctx.put(FULL_TABLE_SCAN, List.of(Boolean.toString(full)));
        ctx.put(RequestContext.UNDOCUMENTED, notes);
        return new RequestContext(action, resource, ctx);
    }

    private static final Pattern WHERE = Pattern.compile("(?i)\\bWHERE\\b");

    /**
     * Whether a SELECT's WHERE clause (the text after its FROM target) names the partition key with '=' or IN in a
     * top-level AND term. Undocumented cases take the stricter reading (a full table scan): an OR at the top level, a
     * key compared with anything but '=' or IN, a key inside a function, a table whose key schema is unknown.
     */
    static boolean wherePinsPartitionKey(String afterTarget, String pk) {
        String text = withoutStrings(afterTarget);
        Matcher w = WHERE.matcher(text);
        if (!w.find()) return false;
        String clause = text.substring(w.end());
        if (topLevel(clause, "(?i)\\bOR\\b")) return false;
        for (String term : clause.split("(?i)\\bAND\\b")) {
            String t = term.trim();
            while (t.startsWith("(") && t.endsWith(")")) t = t.substring(1, t.length() - 1).trim();
            Matcher eq = Pattern.compile("^(\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_]*)\\s*(=|(?i:IN)\\b)").matcher(t);
            if (eq.find() && unquote(eq.group(1)).equals(pk)) return true;
            Matcher rev = Pattern.compile("=\\s*(\"(?:[^\"]|\"\")+\"|[A-Za-z_][A-Za-z0-9_]*)$").matcher(t);
            if (rev.find() && !t.substring(0, rev.start()).trim().matches("(?s).*[A-Za-z_\"]$") && unquote(rev.group(1)).equals(pk)) return true;
        }
        return false;
    }

    /** The statement with every '...' string literal emptied, so that keywords inside values are not read. */
    private static String withoutStrings(String s) {
        return s.replaceAll("'(?:[^']|'')*'", "''");
    }

    private static boolean topLevel(String clause, String regex) {
        int depth = 0;
        StringBuilder outside = new StringBuilder();
        for (char c : clause.toCharArray()) {
            if (c == '(' || c == '[') depth++;
            else if (c == ')' || c == ']') depth--;
            else if (depth == 0) outside.append(c);
            if (depth > 0) outside.append(' ');
        }
        return Pattern.compile(regex).matcher(outside).find();
    }

    private static String unquote(String id) {
        return id.startsWith("\"") ? id.substring(1, id.length() - 1).replace("\"\"", "\"") : id;
    }

    // --- condition keys

    private static void common(JsonNode req, Map<String, List<String>> ctx) {
        text(req, "ReturnValues", v -> ctx.put(RETURN_VALUES, List.of(v)));
        text(req, "ReturnConsumedCapacity", v -> ctx.put(RETURN_CONSUMED_CAPACITY, List.of(v)));
    }

    /**
     * Select and the attributes of a Query or Scan. Select "always has a value (ALL_ATTRIBUTES, unless otherwise
     * specified)" (specifying-conditions); the API reference completes the default: SPECIFIC_ATTRIBUTES with a
     * ProjectionExpression, ALL_PROJECTED_ATTRIBUTES on an index, ALL_ATTRIBUTES on a table.
     * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_Query.html#DDB-Query-request-Select
     */
    private static void readKeys(JsonNode req, Map<String, List<String>> ctx) {
        List<String> projected = projection(req);
        String select = text(req, "Select");
        if (select == null) {
            select = !projected.isEmpty() ? "SPECIFIC_ATTRIBUTES" : text(req, "IndexName") != null ? "ALL_PROJECTED_ATTRIBUTES" : "ALL_ATTRIBUTES";
        }
        ctx.put(SELECT, List.of(select));
        Set<String> attrs = new LinkedHashSet<>(projected);
        Map<String, String> names = names(req);
        attrs.addAll(expressionAttributes(text(req, "KeyConditionExpression"), names));
        attrs.addAll(expressionAttributes(text(req, "FilterExpression"), names));
        if (!attrs.isEmpty()) ctx.put(ATTRIBUTES, List.copyOf(attrs));
    }

    private static final Pattern EXPRESSION_NAME = Pattern.compile("(?<![:#.\\w])(#?[A-Za-z_][A-Za-z0-9_]*)(?!\\w)(\\s*\\()?");
    private static final Set<String> EXPRESSION_WORDS = Set.of("AND", "OR", "NOT", "BETWEEN", "IN");

    /** Top-level attribute names an expression reads: #names resolved, bare names, never functions or :values. */
    static List<String> expressionAttributes(String expression, Map<String, String> names) {
        if (expression == null) return List.of();
        Set<String> out = new LinkedHashSet<>();
        Matcher m = EXPRESSION_NAME.matcher(expression);
        while (m.find()) {
            String token = m.group(1);
            if (m.group(2) != null) continue; // a function: attribute_exists(, size(, begins_with(
            if (EXPRESSION_WORDS.contains(token.toUpperCase(Locale.ROOT))) continue;
            out.add(names.getOrDefault(token, token));
        }
        return List.copyOf(out);
    }

    /** Top-level attribute names a read projects (ProjectionExpression with #names resolved, or AttributesToGet). */
    static List<String> projection(JsonNode req) {
        Set<String> out = new LinkedHashSet<>();
        req.field("AttributesToGet").ifPresent(a -> a.asArray().forEach(n -> out.add(n.asString())));
        String expr = text(req, "ProjectionExpression");
        if (expr != null) {
            Map<String, String> names = names(req);
            for (String path : expr.split(",")) {
                String top = path.trim().split("[.\\[]", 2)[0].trim();
                if (!top.isEmpty()) out.add(names.getOrDefault(top, top));
            }
        }
        return List.copyOf(out);
    }

    /** Attributes an update writes: AttributeUpdates keys, or the paths on the left of SET/REMOVE/ADD/DELETE. */
    static List<String> updatedAttributes(JsonNode req) {
        Set<String> out = new LinkedHashSet<>();
        req.field("AttributeUpdates").ifPresent(a -> out.addAll(a.asObject().keySet()));
        String expr = text(req, "UpdateExpression");
        if (expr != null) {
            Map<String, String> names = names(req);
            // Clauses: SET a = ..., b = ... REMOVE c ADD d :v DELETE e :v. Each action's targets start a comma item.
            for (String clause : expr.split("(?i)\\b(?=SET\\b|REMOVE\\b|ADD\\b|DELETE\\b)")) {
                String body = clause.trim().replaceFirst("(?i)^(SET|REMOVE|ADD|DELETE)\\b", "").trim();
                for (String item : splitTopLevel(body)) {
                    String target = item.trim().split("[\\s=.\\[]", 2)[0].trim();
                    if (!target.isEmpty() && !target.startsWith(":")) out.add(names.getOrDefault(target, target));
                }
            }
        }
        return List.copyOf(out);
    }

    private static List<String> splitTopLevel(String s) {
        List<String> out = new ArrayList<>();
        int depth = 0;
        int start = 0;
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c == '(') depth++;
            else if (c == ')') depth--;
            else if (c == ',' && depth == 0) {
                out.add(s.substring(start, i));
                start = i + 1;
            }
        }
        out.add(s.substring(start));
        return out;
    }

    /** The partition-key values of items or keys, in order, without repeats. */
    private List<String> partitionValues(String table, List<JsonNode> items) {
        Optional<String> pk = keys.partitionKey(table, null);
        Set<String> out = new LinkedHashSet<>();
        for (JsonNode item : items) {
            if (!item.isObject()) continue;
            if (pk.isPresent()) {
                JsonNode v = item.asObject().get(pk.get());
                if (v != null) scalar(v).ifPresent(out::add);
            } else {
                // Unknown key schema: every key attribute counts, which can only deny more.
                item.asObject().values().forEach(v -> scalar(v).ifPresent(out::add));
            }
        }
        return List.copyOf(out);
    }

    /** The partition-key value a Query names with '=' (KeyConditionExpression or legacy KeyConditions). */
    static List<String> queryPartitionValue(JsonNode req, String pk) {
        Optional<JsonNode> legacy = req.field("KeyConditions").flatMap(k -> k.field(pk));
        if (legacy.isPresent()) {
            JsonNode c = legacy.get();
            if (!"EQ".equals(text(c, "ComparisonOperator"))) return List.of();
            return c.field("AttributeValueList").map(JsonNode::asArray).orElse(List.of()).stream()
                    .map(DynamoDbRequestMapper::scalar).flatMap(Optional::stream).limit(1).toList();
        }
        String expr = text(req, "KeyConditionExpression");
        if (expr == null) return List.of();
        Map<String, String> names = names(req);
        Map<String, JsonNode> values = req.field("ExpressionAttributeValues").map(JsonNode::asObject).orElse(Map.of());
        for (String clause : expr.split("(?i)\\s+AND\\s+")) {
            String c = clause.trim();
            while (c.startsWith("(") && c.endsWith(")")) c = c.substring(1, c.length() - 1).trim();
            String[] sides = c.split("(?<![<>!])=(?!=)", -1);
            if (sides.length != 2) continue;
            String left = sides[0].trim();
            String right = sides[1].trim();
            if (right.startsWith(":") && pk.equals(names.getOrDefault(left, left))) return value(values, right);
            if (left.startsWith(":") && pk.equals(names.getOrDefault(right, right))) return value(values, left);
        }
        return List.of();
    }

    private static List<String> value(Map<String, JsonNode> values, String placeholder) {
        JsonNode v = values.get(placeholder);
        return v == null ? List.of() : scalar(v).map(List::of).orElse(List.of());
    }

    /** A key attribute value's text: S, N, or B (base64, as sent). */
    static Optional<String> scalar(JsonNode attributeValue) {
        if (!attributeValue.isObject()) return Optional.empty();
        for (String type : List.of("S", "N", "B")) {
            Optional<JsonNode> v = attributeValue.field(type);
            if (v.isPresent() && v.get().isString()) return Optional.of(v.get().asString());
        }
        return Optional.empty();
    }

    private static Map<String, String> names(JsonNode req) {
        Map<String, String> out = new LinkedHashMap<>();
        req.field("ExpressionAttributeNames").ifPresent(n -> n.asObject().forEach((k, v) -> out.put(k, v.asString())));
        return out;
    }

    private static Map<String, JsonNode> object(JsonNode req, String field) {
        return req.field(field).filter(JsonNode::isObject).map(JsonNode::asObject).orElse(Map.of());
    }

    private static String text(JsonNode node, String field) {
        return node.field(field).filter(JsonNode::isString).map(JsonNode::asString).orElse(null);
    }

    private static void text(JsonNode node, String field, java.util.function.Consumer<String> sink) {
        String v = text(node, field);
        if (v != null) sink.accept(v);
    }

    private static String required(JsonNode node, String field, String operation) {
        String v = text(node, field);
        if (v == null) throw new IllegalArgumentException("the " + operation + " request has no " + field);
        return v;
    }
}
