package dev.workshop.model;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import software.amazon.awssdk.services.dynamodb.model.AttributeValue;
import software.amazon.awssdk.services.dynamodb.model.QueryRequest;

/**
 * How the sample issue tracker is laid out in the shared table, inside one attendee's namespace.
 * Every partition-key value written here, for the table and every index, starts with {@code ATT#<id>#}
 * (DESIGN invariant 2); {@code NamespaceTest} checks each one.
 *
 * <pre>
 * entity   PK                          SK                        GSI1 (status / email)          GSI2 (assignee)    GSI3 (priority)          Urgent (sparse)
 * company  p COMPANY#c01               #COMPANY
 * team     p COMPANY#c01               TEAM#c01-t1
 * user     p COMPANY#c01               USER#c01-u01              p EMAIL#&lt;email&gt; / USER
 * issue    p COMPANY#c01               ISSUE#i0001               p COMPANY#c01#STATUS#OPEN /    p USER#c01-u01 /   p COMPANY#c01#PRIORITY#P1  p COMPANY#c01 (open P1 only)
 *                                                                P1#created#i0001               STATUS#created#id  / created#id
 * comment  p ISSUE#i0001               COMMENT#created#m0001
 * progress p PROGRESS                  LAB#no-joins
 * </pre>
 */
public final class KeyDesign {
    /** Shared-table items expire after the workshop even if cleanup is never run (DESIGN invariant 3). */
    public static final Duration TTL = Duration.ofDays(14);

    private KeyDesign() {}

    public static String companyPk(AttendeeId id, String companyId) {
        return id.prefix() + "COMPANY#" + companyId;
    }

    public static String issuePk(AttendeeId id, String issueId) {
        return id.prefix() + "ISSUE#" + issueId;
    }

    public static String statusPk(AttendeeId id, String companyId, String status) {
        return companyPk(id, companyId) + "#STATUS#" + status;
    }

    public static String priorityPk(AttendeeId id, String companyId, String priority) {
        return companyPk(id, companyId) + "#PRIORITY#" + priority;
    }

    public static String emailPk(AttendeeId id, String email) {
        return id.prefix() + "EMAIL#" + email;
    }

    public static String assigneePk(AttendeeId id, String userId) {
        return id.prefix() + "USER#" + userId;
    }

    public static String progressPk(AttendeeId id) {
        return id.prefix() + "PROGRESS";
    }

    public static List<Map<String, AttributeValue>> items(AttendeeId id, SampleData data, Instant now) {
        String expires = Long.toString(now.plus(TTL).getEpochSecond());
        List<Map<String, AttributeValue>> out = new ArrayList<>(data.size());
        for (SampleData.Company c : data.companies()) {
            out.add(item(id, expires, companyPk(id, c.id()), "#COMPANY", "Company",
                    "CompanyId", c.id(), "Name", c.name(), "Tier", c.tier()));
        }
        for (SampleData.Team t : data.teams()) {
            out.add(item(id, expires, companyPk(id, t.companyId()), "TEAM#" + t.id(), "Team",
                    "TeamId", t.id(), "CompanyId", t.companyId(), "Name", t.name(), "LeadUserId", t.leadUserId()));
        }
        for (SampleData.User u : data.users()) {
            Map<String, AttributeValue> m = item(id, expires, companyPk(id, u.companyId()), "USER#" + u.id(), "User",
                    "UserId", u.id(), "CompanyId", u.companyId(), "Name", u.name(), "Email", u.email(),
                    "Role", u.role(), "TeamId", u.teamId());
            m.put(Tables.GSI1.pk(), s(emailPk(id, u.email())));
            m.put(Tables.GSI1.sk(), s("USER"));
            out.add(m);
        }
        for (SampleData.Issue i : data.issues()) {
            out.add(issueItem(id, expires, i, data.user(i.assigneeId()).name()));
        }
        for (SampleData.Comment c : data.comments()) {
            out.add(item(id, expires, issuePk(id, c.issueId()), "COMMENT#" + c.created() + "#" + c.id(), "Comment",
                    "CommentId", c.id(), "IssueId", c.issueId(), "CompanyId", c.companyId(), "AuthorId", c.authorId(),
                    "Created", c.created(), "Text", c.text()));
        }
        return out;
    }

    public static Map<String, AttributeValue> issueItem(AttendeeId id, String expires, SampleData.Issue i, String assigneeName) {
        Map<String, AttributeValue> m = item(id, expires, companyPk(id, i.companyId()), "ISSUE#" + i.id(), "Issue",
                "IssueId", i.id(), "CompanyId", i.companyId(), "Title", i.title(), "Status", i.status(),
                "Priority", i.priority(), "AssigneeId", i.assigneeId(), "AssigneeName", assigneeName,
                "TeamId", i.teamId(), "ReporterId", i.reporterId(), "Created", i.created());
        m.put(Tables.GSI1.pk(), s(statusPk(id, i.companyId(), i.status())));
        m.put(Tables.GSI1.sk(), s(i.priority() + "#" + i.created() + "#" + i.id()));
        m.put(Tables.GSI2.pk(), s(assigneePk(id, i.assigneeId())));
        m.put(Tables.GSI2.sk(), s(i.status() + "#" + i.created() + "#" + i.id()));
        m.put(Tables.GSI3.pk(), s(priorityPk(id, i.companyId(), i.priority())));
        m.put(Tables.GSI3.sk(), s(i.created() + "#" + i.id()));
        if (i.isUrgent()) {
            m.put(Tables.URGENT.pk(), s(companyPk(id, i.companyId())));
            m.put(Tables.URGENT.sk(), s(i.created() + "#" + i.id()));
        }
        return m;
    }

    /** An item with its table keys, its owner-index keys and its TTL: the attributes every shared-table item carries. */
    public static Map<String, AttributeValue> item(AttendeeId id, String expiresEpochSeconds, String pk, String sk,
                                                   String type, String... attributes) {
        Map<String, AttributeValue> m = new LinkedHashMap<>();
        m.put(Tables.PK, s(pk));
        m.put(Tables.SK, s(sk));
        m.put("Type", s(type));
        for (int a = 0; a + 1 < attributes.length; a += 2) {
            m.put(attributes[a], s(attributes[a + 1]));
        }
        m.put(Tables.BY_OWNER.pk(), s(id.prefix()));
        m.put(Tables.BY_OWNER.sk(), s(pk + "|" + sk));
        m.put(Tables.TTL, AttributeValue.fromN(expiresEpochSeconds));
        return m;
    }

    /**
     * Whether an item read from the shared table (or any of its indexes) belongs to the attendee: its *table* partition
     * key is in their namespace. IAM's dynamodb:LeadingKeys guards only that key of a write, so an index key attribute
     * can carry anyone's prefix (lab 4, step 4); whoever counts or trusts the items of an index partition keeps only
     * the ones this accepts. Every index projection carries the table keys (KEYS_ONLY included), so it can always tell.
     */
    public static boolean belongsTo(Map<String, AttributeValue> item, AttendeeId id) {
        AttributeValue pk = item.get(Tables.PK);
        return pk != null && pk.s() != null && pk.s().startsWith(id.prefix());
    }

    /** The attendee's items among those read, in order (see {@link #belongsTo}). */
    public static List<Map<String, AttributeValue>> ownedBy(AttendeeId id, List<Map<String, AttributeValue>> items) {
        return items.stream().filter(i -> belongsTo(i, id)).toList();
    }

    /**
     * The same test server-side, for counts ({@code Select.COUNT} returns no items to filter): the query with
     * {@code begins_with(PK, ATT#id#)} added to its filter. The filter does not change what the query reads or costs.
     */
    public static QueryRequest ownItemsOnly(QueryRequest q, AttendeeId id) {
        Map<String, String> names = new LinkedHashMap<>(q.hasExpressionAttributeNames() ? q.expressionAttributeNames() : Map.of());
        Map<String, AttributeValue> values = new LinkedHashMap<>(q.hasExpressionAttributeValues() ? q.expressionAttributeValues() : Map.of());
        names.put("#ownTablePk", Tables.PK);
        values.put(":ownPrefix", s(id.prefix()));
        String own = "begins_with(#ownTablePk, :ownPrefix)";
        return q.toBuilder().filterExpression(q.filterExpression() == null ? own : "(" + q.filterExpression() + ") AND " + own)
                .expressionAttributeNames(names).expressionAttributeValues(values).build();
    }

    public static String expiresFrom(Instant now) {
        return Long.toString(now.plus(TTL).getEpochSecond());
    }

    public static AttributeValue s(String v) {
        return AttributeValue.fromS(v);
    }
}
