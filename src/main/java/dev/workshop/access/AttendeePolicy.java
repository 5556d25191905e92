package dev.workshop.access;

import dev.workshop.model.Tables;
import java.util.List;
import software.amazon.awssdk.policybuilder.iam.IamEffect;
import software.amazon.awssdk.policybuilder.iam.IamPolicy;
import software.amazon.awssdk.policybuilder.iam.IamPolicyWriter;
import software.amazon.awssdk.policybuilder.iam.IamStatement;

/**
 * The one source of the attendee ABAC policy: the local gateway evaluates it, the setup command prints it,
 * and the CloudFormation template embeds it.
 *
 * <p>On the shared table, an attendee may touch only partition keys that start with {@code ATT#<their id>#},
 * on the table and on every index (DESIGN invariant 2). Three statements' worth of lessons live here:
 * <ul>
 *   <li>{@code ForAllValues:StringLike} on {@code dynamodb:LeadingKeys}: every partition key the request touches
 *       must be the attendee's; the trailing '#' keeps {@code a} from matching {@code ab}.</li>
 *   <li>{@code Null: {dynamodb:LeadingKeys: false}}: ForAllValues is true when the request carries no leading key
 *       at all (Scan), so the key must be present.
 *       See https://docs.aws.amazon.com/IAM/latest/UserGuide/reference_policies_condition_examples-multi-valued-context-keys.html</li>
 *   <li>DescribeTable carries no leading key, so it needs its own, unconditioned statement.</li>
 * </ul>
 * Scan is listed on purpose: with the guard it is always denied, without it ({@link Variant#NO_NULL_GUARD}) it
 * reads every attendee's data. PartiQL is not granted on the shared table: whether DynamoDB derives LeadingKeys
 * from a PartiQL WHERE clause is not documented, and the stricter reading keeps the local gateway and AWS equal.
 */
public final class AttendeePolicy {
    public static final String TAG_KEY = "AttendeeId";
    public static final String TAG_CONDITION_KEY = "aws:PrincipalTag/" + TAG_KEY;
    public static final String ID_VARIABLE = "${" + TAG_CONDITION_KEY + "}";
    public static final String LEADING_KEYS = "dynamodb:LeadingKeys";

    public static final String SID_SHARED = "SharedTableOwnNamespace";
    public static final String SID_SHARED_DESCRIBE = "SharedTableDescribe";
    public static final String SID_PERSONAL = "PersonalTable";
    public static final String SID_LIST = "ListTables";
    public static final String SID_METRICS = "ReadThrottleMetrics";

    /** Item actions on the shared table, all conditioned on the leading keys. */
    public static final List<String> SHARED_ITEM_ACTIONS = List.of(
            "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
            "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem",
            "dynamodb:ConditionCheckItem");

    /** Everything the labs and cleanup do on the attendee's own table. */
    public static final List<String> PERSONAL_ACTIONS = List.of(
            "dynamodb:GetItem", "dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:DeleteItem",
            "dynamodb:Query", "dynamodb:Scan", "dynamodb:BatchGetItem", "dynamodb:BatchWriteItem",
            "dynamodb:ConditionCheckItem",
            "dynamodb:PartiQLSelect", "dynamodb:PartiQLInsert", "dynamodb:PartiQLUpdate", "dynamodb:PartiQLDelete",
            "dynamodb:CreateTable", "dynamodb:UpdateTable", "dynamodb:DeleteTable", "dynamodb:DescribeTable",
            "dynamodb:TagResource", "dynamodb:UntagResource", "dynamodb:ListTagsOfResource",
            "dynamodb:DescribeTimeToLive", "dynamodb:UpdateTimeToLive");

    /** The correct policy and the lab's three classic mistakes. */
    public enum Variant {
        CORRECT("ForAllValues:StringLike ATT#<id>#* with a Null guard", false),
        /** StringEquals does not expand '*': the attendee's own prefixed keys never equal the pattern. */
        STRING_EQUALS("StringEquals on prefixed keys: '*' is not a wildcard, so even your own keys are denied"),
        /** Without the trailing '#', attendee "a" can read attendee "ab"'s keys. */
        NO_TRAILING_HASH("pattern ATT#<id>* without the trailing '#': prefix siblings leak"),
        /** Without the Null guard, a Scan carries no leading key and ForAllValues is vacuously true. */
        NO_NULL_GUARD("ForAllValues without the Null guard: Scan reads everyone's items"),
        /**
         * The correct policy with writes granted only when they name no index partition-key attribute: closes the GSI key injection
         * LeadingKeys cannot see, but only for a deployment whose index keys are written by a trusted path that derives
         * them (the workshop's attendees write their own seed, so the workshop does not deploy it; lab 4 shows why).
         */
        INDEX_KEY_GUARD("the deployed policy, with writes allowed only when they name no index key attribute (dynamodb:Attributes)", false);

        private final String summary;
        private final boolean broken;

        Variant(String summary) {
            this(summary, true);
        }

        Variant(String summary, boolean broken) {
            this.summary = summary;
            this.broken = broken;
        }

        public String summary() {
            return summary;
        }

        /** A lab pitfall: wrong on purpose, never to be deployed. */
        public boolean broken() {
            return broken;
        }

        /** The deployed policy and the three mistakes lab 4 step 3 judges. */
        public static List<Variant> pitfalls() {
            return List.of(CORRECT, STRING_EQUALS, NO_TRAILING_HASH, NO_NULL_GUARD);
        }
    }

    public static final String SID_INDEX_KEY_GUARD = "SharedTableWritesWithoutIndexKeys";

    /** The writes {@link Variant#INDEX_KEY_GUARD} grants only without index partition-key attributes. */
    public static final List<String> GUARDED_WRITES = List.of("dynamodb:PutItem", "dynamodb:UpdateItem", "dynamodb:BatchWriteItem");

    /**
     * The attributes {@link Variant#INDEX_KEY_GUARD} forbids writing: the partition key of every shared-table index.
     * LeadingKeys is only the table's partition key, so these are what can carry another tenant's namespace into an
     * index partition. Sort keys cannot move an item to another partition and stay writable.
     */
    public static List<String> indexPartitionKeyAttributes() {
        return Tables.SHARED_INDEXES.stream().map(Tables.Index::pk).toList();
    }

    private AttendeePolicy() {}

    public static String tableArnPattern(String table) {
        return "arn:aws:dynamodb:*:*:table/" + table;
    }

    public static IamPolicy iamPolicy(String sharedTable) {
        return iamPolicy(sharedTable, Variant.CORRECT);
    }

    public static IamPolicy iamPolicy(String sharedTable, Variant variant) {
        String shared = tableArnPattern(sharedTable);
        IamStatement.Builder own = IamStatement.builder()
                .sid(SID_SHARED)
                .effect(IamEffect.ALLOW)
                .actionIds(SHARED_ITEM_ACTIONS)
                .resourceIds(List.of(shared, shared + "/index/*"));
        switch (variant) {
            case CORRECT, INDEX_KEY_GUARD -> own.addCondition("ForAllValues:StringLike", LEADING_KEYS, "ATT#" + ID_VARIABLE + "#*")
                    .addCondition("Null", LEADING_KEYS, "false");
            case STRING_EQUALS -> own.addCondition("ForAllValues:StringEquals", LEADING_KEYS, "ATT#" + ID_VARIABLE + "#*")
                    .addCondition("Null", LEADING_KEYS, "false");
            case NO_TRAILING_HASH -> own.addCondition("ForAllValues:StringLike", LEADING_KEYS, "ATT#" + ID_VARIABLE + "*")
                    .addCondition("Null", LEADING_KEYS, "false");
            case NO_NULL_GUARD -> own.addCondition("ForAllValues:StringLike", LEADING_KEYS, "ATT#" + ID_VARIABLE + "#*");
        }
        String personal = tableArnPattern(Tables.PERSONAL_PREFIX + ID_VARIABLE);
        // Lab 5's scratch table, created with its indexes and deleted within the lab (SiloDesign.scratchTable); the
        // trailing * covers its indexes (table/…/index/…) in one line that still fits the abac lab's 80 columns.
        String scratch = tableArnPattern(Tables.PERSONAL_PREFIX + ID_VARIABLE + Tables.SCRATCH_SUFFIX) + "*";
        IamPolicy.Builder policy = IamPolicy.builder()
                .version(PolicyDocument.VERSION_2012)
                .addStatement(own.build());
        if (variant == Variant.INDEX_KEY_GUARD) {
            // Allow-based, as the developer guide recommends over Deny ("difficult to write correctly") and as its example
            // "Grant permissions to prevent updates on certain attributes" does: the writes move to their own statement,
            // which also requires ForAllValues:StringNotLike on dynamodb:Attributes, the top-level attribute names a
            // request names (PutItem: the item's; UpdateItem: the key and the updated paths). Transactions are authorised
            // per item as PutItem/UpdateItem, so they are covered too. See
            // https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/specifying-conditions.html
            policy = IamPolicy.builder().version(PolicyDocument.VERSION_2012)
                    .addStatement(own.actionIds(SHARED_ITEM_ACTIONS.stream().filter(x -> !GUARDED_WRITES.contains(x)).toList()).build())
                    .addStatement(s -> s.sid(SID_INDEX_KEY_GUARD).effect(IamEffect.ALLOW)
                            .actionIds(GUARDED_WRITES)
                            .addResource(shared)
                            .addCondition("ForAllValues:StringLike", LEADING_KEYS, "ATT#" + ID_VARIABLE + "#*")
                            .addCondition("Null", LEADING_KEYS, "false")
                            .addConditions("ForAllValues:StringNotLike", "dynamodb:Attributes", indexPartitionKeyAttributes()));
        }
        return policy
                .addStatement(s -> s.sid(SID_SHARED_DESCRIBE).effect(IamEffect.ALLOW)
                        .actionIds(List.of("dynamodb:DescribeTable", "dynamodb:DescribeTimeToLive"))
                        .addResource(shared))
                .addStatement(s -> s.sid(SID_PERSONAL).effect(IamEffect.ALLOW)
                        .actionIds(PERSONAL_ACTIONS)
                        .resourceIds(List.of(personal, personal + "/index/*", scratch)))
                .addStatement(s -> s.sid(SID_LIST).effect(IamEffect.ALLOW)
                        .addAction("dynamodb:ListTables")
                        .addResource("*"))
                // `workshop metrics` and lab 3 read the throttle metrics of the attendee's tables. GetMetricData takes
                // no resource ARN: "add a wildcard (*) as the resource value" (CloudWatch permissions reference,
                // https://docs.aws.amazon.com/AmazonCloudWatch/latest/monitoring/permissions-reference-cw.html).
                .addStatement(s -> s.sid(SID_METRICS).effect(IamEffect.ALLOW)
                        .addAction("cloudwatch:GetMetricData")
                        .addResource("*"))
                .build();
    }

    public static String json(String sharedTable) {
        return json(sharedTable, Variant.CORRECT);
    }

    /** Pretty-printed policy JSON, as deployed. */
    public static String json(String sharedTable, Variant variant) {
        return iamPolicy(sharedTable, variant).toJson(IamPolicyWriter.builder().prettyPrint(true).build());
    }

    public static PolicyDocument document(String sharedTable) {
        return document(sharedTable, Variant.CORRECT);
    }

    /**
     * The policy's statements that name no shared table (the personal table and ListTables): what governs an attendee
     * on a table that is not a shared table. The local gateway uses it for every such table.
     */
    public static PolicyDocument withoutSharedTable() {
        PolicyDocument full = document(Tables.DEFAULT_SHARED);
        return new PolicyDocument("WorkshopAttendee-PersonalOnly", full.version(), full.statements().stream()
                .filter(s -> !SID_SHARED.equals(s.sid()) && !SID_SHARED_DESCRIBE.equals(s.sid()))
                .toList());
    }

    /** The same policy, parsed for the local evaluator from the very JSON that is deployed. */
    public static PolicyDocument document(String sharedTable, Variant variant) {
        return PolicyDocument.parse("WorkshopAttendee-" + variant.name(), json(sharedTable, variant));
    }
}
