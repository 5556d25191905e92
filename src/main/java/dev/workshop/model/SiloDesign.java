package dev.workshop.model;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.CreateGlobalSecondaryIndexAction;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndexDescription;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;

/**
 * The sample issue tracker in the attendee's personal table (the silo). The layout is {@link KeyDesign}'s without
 * the {@code ATT#<id>#} prefix, the owner-index keys and the TTL: the table itself is the tenant boundary, and
 * cleanup deletes the table rather than finding items.
 *
 * <pre>
 * entity   PK              SK                      GSI1 (overloaded)                        ByAssignee-*              Urgent (sparse)
 * company  COMPANY#c01     #COMPANY
 * team     COMPANY#c01     TEAM#c01-t1
 * user     COMPANY#c01     USER#c01-u01            EMAIL#&lt;email&gt; / USER
 * issue    COMPANY#c01     ISSUE#i0001             COMPANY#c01#STATUS#OPEN / P1#created#id  USER#c01-u01 /            COMPANY#c01 / created#id
 *                                                                                           STATUS#created#id         (open P1 only)
 * comment  ISSUE#i0001     COMMENT#created#m0001
 * </pre>
 */
public final class SiloDesign {
    /** Bump when the silo layout changes, so an old load is rewritten rather than reported as present. */
    public static final String LOAD_VERSION = "1";
    public static final String MARKER_PK = "META";
    public static final String MARKER_SK = "SILO#LOAD";

    public static final String ASSIGNEE_PK = "AssigneePK";
    public static final String ASSIGNEE_SK = "AssigneeSK";

    /** A GSI of the personal table, as the lab creates it online. */
    public record Index(String name, String pk, String sk, ProjectionType projection, List<String> nonKeyAttributes) {
        public Index {
            nonKeyAttributes = List.copyOf(nonKeyAttributes);
        }

        public CreateGlobalSecondaryIndexAction createAction() {
            Projection.Builder p = Projection.builder().projectionType(projection);
            if (projection == ProjectionType.INCLUDE) p.nonKeyAttributes(nonKeyAttributes);
            return CreateGlobalSecondaryIndexAction.builder()
                    .indexName(name)
                    .keySchema(Tables.key(pk, KeyType.HASH), Tables.key(sk, KeyType.RANGE))
                    .projection(p.build())
                    .build();
        }

        public software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex toGsi() {
            CreateGlobalSecondaryIndexAction a = createAction();
            return software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex.builder()
                    .indexName(a.indexName()).keySchema(a.keySchema()).projection(a.projection()).build();
        }

        public List<AttributeDefinition> attributeDefinitions() {
            return List.of(Tables.attr(pk), Tables.attr(sk));
        }

        /** Whether an existing index is this one (same keys and projection), so a re-run may keep it. */
        public boolean matches(GlobalSecondaryIndexDescription d) {
            if (!d.indexName().equals(name) || d.keySchema().size() != 2) return false;
            boolean keys = d.keySchema().stream().anyMatch(k -> k.keyType() == KeyType.HASH && k.attributeName().equals(pk))
                    && d.keySchema().stream().anyMatch(k -> k.keyType() == KeyType.RANGE && k.attributeName().equals(sk));
            if (!keys || d.projection() == null || d.projection().projectionType() != projection) return false;
            if (projection != ProjectionType.INCLUDE) return true;
            return d.projection().hasNonKeyAttributes()
                    && new java.util.HashSet<>(d.projection().nonKeyAttributes()).equals(new java.util.HashSet<>(nonKeyAttributes));
        }

        public String projectionLabel() {
            return projection == ProjectionType.INCLUDE ? "INCLUDE " + String.join(", ", nonKeyAttributes) : projection.toString();
        }
    }

    /** "My open issues, with title and priority": the same index three times, one per projection type. */
    public static final Index BY_ASSIGNEE_KEYS = new Index("ByAssignee-Keys", ASSIGNEE_PK, ASSIGNEE_SK, ProjectionType.KEYS_ONLY, List.of());
    public static final Index BY_ASSIGNEE_INCLUDE = new Index("ByAssignee-Include", ASSIGNEE_PK, ASSIGNEE_SK, ProjectionType.INCLUDE,
            List.of("Title", "Priority"));
    public static final Index BY_ASSIGNEE_ALL = new Index("ByAssignee-All", ASSIGNEE_PK, ASSIGNEE_SK, ProjectionType.ALL, List.of());
    public static final List<Index> PROJECTIONS = List.of(BY_ASSIGNEE_KEYS, BY_ASSIGNEE_INCLUDE, BY_ASSIGNEE_ALL);

    /** Sparse: only open P1 issues carry its keys, so the index is the urgent list and nothing else. */
    public static final Index URGENT = new Index(Tables.URGENT.name(), Tables.URGENT.pk(), Tables.URGENT.sk(), ProjectionType.ALL, List.of());
    /** Overloaded: issues by status (sorted by priority) and users by email share its two key attributes. */
    public static final Index GSI1 = new Index(Tables.GSI1.name(), Tables.GSI1.pk(), Tables.GSI1.sk(), ProjectionType.ALL, List.of());

    /** The one index the lab creates online, on the personal table, and leaves there: the overloaded one. */
    public static final Index ONLINE = GSI1;
    /** The indexes the lab leaves on the personal table. */
    public static final List<Index> END_STATE = List.of(ONLINE);
    /**
     * The scratch table's indexes, created with the table: an index created by CreateTable has no backfill, so the
     * projections can be compared without waiting for one (the backfill is step 2's lesson, on the personal table).
     */
    public static final List<Index> SCRATCH_INDEXES = List.of(BY_ASSIGNEE_KEYS, BY_ASSIGNEE_INCLUDE, BY_ASSIGNEE_ALL, URGENT);
    /** Every index this lab defines. */
    public static final List<Index> ALL = List.of(BY_ASSIGNEE_KEYS, BY_ASSIGNEE_INCLUDE, BY_ASSIGNEE_ALL, URGENT, GSI1);
    /** Item of the scratch table written after its issues: a scratch table without it is loaded again. */
    public static final String SCRATCH_MARKER_SK = "SCRATCH#LOAD";

    private SiloDesign() {}

    /**
     * Lab 5's scratch table ws-att-ID.scratch, on-demand, with {@link #SCRATCH_INDEXES}, tagged like the personal
     * table so that cleanup, cleanup --all and status find it.
     */
    public static software.amazon.awssdk.services.dynamodb.model.CreateTableRequest scratchTable(AttendeeId id) {
        List<AttributeDefinition> attrs = new ArrayList<>(List.of(Tables.attr(Tables.PK), Tables.attr(Tables.SK)));
        for (Index i : SCRATCH_INDEXES) i.attributeDefinitions().stream().filter(a -> !attrs.contains(a)).forEach(attrs::add);
        return software.amazon.awssdk.services.dynamodb.model.CreateTableRequest.builder()
                .tableName(id.scratchTable())
                .billingMode(software.amazon.awssdk.services.dynamodb.model.BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attrs)
                .keySchema(Tables.key(Tables.PK, KeyType.HASH), Tables.key(Tables.SK, KeyType.RANGE))
                .globalSecondaryIndexes(SCRATCH_INDEXES.stream().map(Index::toGsi).toList())
                .tags(Tables.workshopTag(), Tables.ownerTag(id))
                .build();
    }

    public static String companyPk(String companyId) {
        return "COMPANY#" + companyId;
    }

    public static String issuePk(String issueId) {
        return "ISSUE#" + issueId;
    }

    public static String statusPk(String companyId, String status) {
        return companyPk(companyId) + "#STATUS#" + status;
    }

    public static String emailPk(String email) {
        return "EMAIL#" + email;
    }

    public static String assigneePk(String userId) {
        return "USER#" + userId;
    }

    public static List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> items(SampleData data) {
        List<Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue>> out = new ArrayList<>(data.size());
        for (SampleData.Company c : data.companies()) {
            out.add(item(companyPk(c.id()), "#COMPANY", "Company", "CompanyId", c.id(), "Name", c.name(), "Tier", c.tier()));
        }
        for (SampleData.Team t : data.teams()) {
            out.add(item(companyPk(t.companyId()), "TEAM#" + t.id(), "Team",
                    "TeamId", t.id(), "CompanyId", t.companyId(), "Name", t.name(), "LeadUserId", t.leadUserId()));
        }
        for (SampleData.User u : data.users()) {
            var m = item(companyPk(u.companyId()), "USER#" + u.id(), "User", "UserId", u.id(), "CompanyId", u.companyId(),
                    "Name", u.name(), "Email", u.email(), "Role", u.role(), "TeamId", u.teamId());
            m.put(Tables.GSI1.pk(), KeyDesign.s(emailPk(u.email())));
            m.put(Tables.GSI1.sk(), KeyDesign.s("USER"));
            out.add(m);
        }
        for (SampleData.Issue i : data.issues()) out.add(issue(i, data.user(i.assigneeId()).name()));
        for (SampleData.Comment c : data.comments()) {
            out.add(item(issuePk(c.issueId()), "COMMENT#" + c.created() + "#" + c.id(), "Comment",
                    "CommentId", c.id(), "IssueId", c.issueId(), "CompanyId", c.companyId(), "AuthorId", c.authorId(),
                    "Created", c.created(), "Text", c.text()));
        }
        return out;
    }

    public static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> issue(SampleData.Issue i, String assigneeName) {
        var m = item(companyPk(i.companyId()), "ISSUE#" + i.id(), "Issue", "IssueId", i.id(), "CompanyId", i.companyId(),
                "Title", i.title(), "Status", i.status(), "Priority", i.priority(), "AssigneeId", i.assigneeId(),
                "AssigneeName", assigneeName, "TeamId", i.teamId(), "ReporterId", i.reporterId(), "Created", i.created());
        m.put(Tables.GSI1.pk(), KeyDesign.s(statusPk(i.companyId(), i.status())));
        m.put(Tables.GSI1.sk(), KeyDesign.s(i.priority() + "#" + i.created() + "#" + i.id()));
        m.put(ASSIGNEE_PK, KeyDesign.s(assigneePk(i.assigneeId())));
        m.put(ASSIGNEE_SK, KeyDesign.s(assigneeSk(i)));
        if (i.isUrgent()) {
            m.put(Tables.URGENT.pk(), KeyDesign.s(companyPk(i.companyId())));
            m.put(Tables.URGENT.sk(), KeyDesign.s(i.created() + "#" + i.id()));
        }
        return m;
    }

    public static String assigneeSk(SampleData.Issue i) {
        return i.status() + "#" + i.created() + "#" + i.id();
    }

    static Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> item(String pk, String sk, String type, String... attributes) {
        Map<String, software.amazon.awssdk.services.dynamodb.model.AttributeValue> m = new LinkedHashMap<>();
        m.put(Tables.PK, KeyDesign.s(pk));
        m.put(Tables.SK, KeyDesign.s(sk));
        m.put("Type", KeyDesign.s(type));
        for (int a = 0; a + 1 < attributes.length; a += 2) m.put(attributes[a], KeyDesign.s(attributes[a + 1]));
        return m;
    }
}
