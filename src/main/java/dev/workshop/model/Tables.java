package dev.workshop.model;

import java.util.List;
import software.amazon.awssdk.services.dynamodb.model.AttributeDefinition;
import software.amazon.awssdk.services.dynamodb.model.BillingMode;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.GlobalSecondaryIndex;
import software.amazon.awssdk.services.dynamodb.model.KeySchemaElement;
import software.amazon.awssdk.services.dynamodb.model.KeyType;
import software.amazon.awssdk.services.dynamodb.model.Projection;
import software.amazon.awssdk.services.dynamodb.model.ProjectionType;
import software.amazon.awssdk.services.dynamodb.model.ScalarAttributeType;
import software.amazon.awssdk.services.dynamodb.model.Tag;

/**
 * The one source of the workshop's table definitions: the local target, AWS and the CloudFormation
 * template are all generated from here so they cannot drift apart.
 */
public final class Tables {
    public static final String DEFAULT_SHARED = "ws-shared";
    public static final String PERSONAL_PREFIX = "ws-att-";
    /** ws-att-ID.scratch: lab 5 compares projections on it (see {@link SiloDesign#scratchTable}). */
    public static final String SCRATCH_SUFFIX = ".scratch";
    public static final String WORKSHOP_TAG_KEY = "Workshop";
    public static final String WORKSHOP_TAG_VALUE = "dynamodb-workshop";
    public static final String OWNER_TAG_KEY = "Owner";

    public static final String PK = "PK";
    public static final String SK = "SK";
    public static final String TTL = "ExpiresAt";

    /** Overloaded index: issues by status (sorted by priority), users by email. */
    public static final Index GSI1 = new Index("GSI1", "GSI1PK", "GSI1SK", ProjectionType.ALL);
    /** Issues by assignee. */
    public static final Index GSI2 = new Index("GSI2", "GSI2PK", "GSI2SK", ProjectionType.ALL);
    /** Issues by priority within a company. */
    public static final Index GSI3 = new Index("GSI3", "GSI3PK", "GSI3SK", ProjectionType.ALL);
    /** Sparse: only open, high-priority issues carry its key. */
    public static final Index URGENT = new Index("Urgent", "UrgentPK", "UrgentSK", ProjectionType.ALL);
    /**
     * One attendee's whole namespace under one partition key (exactly the prefix ATT#ID#), so cleanup reads only
     * that attendee's keys, never a Scan. KEYS_ONLY: cleanup needs nothing but the table keys.
     */
    public static final Index BY_OWNER = new Index("ByOwner", "OwnerPK", "OwnerSK", ProjectionType.KEYS_ONLY);

    public static final List<Index> SHARED_INDEXES = List.of(GSI1, GSI2, GSI3, URGENT, BY_OWNER);

    private Tables() {}

    public record Index(String name, String pk, String sk, ProjectionType projection) {
        GlobalSecondaryIndex toGsi() {
            return GlobalSecondaryIndex.builder()
                    .indexName(name)
                    .keySchema(key(pk, KeyType.HASH), key(sk, KeyType.RANGE))
                    .projection(Projection.builder().projectionType(projection).build())
                    .build();
        }
    }

    public static CreateTableRequest sharedTable(String name) {
        List<AttributeDefinition> attrs = new java.util.ArrayList<>(List.of(attr(PK), attr(SK)));
        for (Index i : SHARED_INDEXES) {
            attrs.add(attr(i.pk()));
            attrs.add(attr(i.sk()));
        }
        return CreateTableRequest.builder()
                .tableName(name)
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attrs)
                .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                .globalSecondaryIndexes(SHARED_INDEXES.stream().map(Index::toGsi).toList())
                .tags(workshopTag())
                .build();
    }

    public static CreateTableRequest personalTable(AttendeeId id) {
        return CreateTableRequest.builder()
                .tableName(id.personalTable())
                .billingMode(BillingMode.PAY_PER_REQUEST)
                .attributeDefinitions(attr(PK), attr(SK))
                .keySchema(key(PK, KeyType.HASH), key(SK, KeyType.RANGE))
                .tags(workshopTag(), ownerTag(id))
                .build();
    }

    public static Tag workshopTag() {
        return Tag.builder().key(WORKSHOP_TAG_KEY).value(WORKSHOP_TAG_VALUE).build();
    }

    public static Tag ownerTag(AttendeeId id) {
        return Tag.builder().key(OWNER_TAG_KEY).value(id.value()).build();
    }

    /** The attendee id a personal table belongs to, or null when the name is not a personal table's. */
    public static AttendeeId ownerOfPersonalTable(String tableName) {
        if (!tableName.startsWith(PERSONAL_PREFIX)) return null;
        String rest = tableName.substring(PERSONAL_PREFIX.length());
        return AttendeeId.isValid(rest) ? AttendeeId.of(rest) : null;
    }

    /**
     * The attendee a workshop table of one attendee belongs to (the personal table or lab 5's scratch table), or null.
     * For finding tables by name where tags are missing; the roster counts personal tables only
     * ({@link #ownerOfPersonalTable}).
     */
    public static AttendeeId ownerOfAttendeeTable(String tableName) {
        String name = tableName.endsWith(SCRATCH_SUFFIX) ? tableName.substring(0, tableName.length() - SCRATCH_SUFFIX.length()) : tableName;
        return ownerOfPersonalTable(name);
    }

    static KeySchemaElement key(String name, KeyType type) {
        return KeySchemaElement.builder().attributeName(name).keyType(type).build();
    }

    static AttributeDefinition attr(String name) {
        return AttributeDefinition.builder().attributeName(name).attributeType(ScalarAttributeType.S).build();
    }
}
