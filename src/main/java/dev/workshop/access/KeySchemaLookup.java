package dev.workshop.access;

import dev.workshop.model.Tables;
import java.util.Optional;
import software.amazon.awssdk.services.dynamodb.model.CreateTableRequest;
import software.amazon.awssdk.services.dynamodb.model.KeyType;

/**
 * The partition-key attribute of a table or of one of its indexes, so that {@code dynamodb:LeadingKeys} can be
 * read from a request. The lead backs it with table descriptions; {@link #workshop(String)} knows the workshop's
 * own definitions.
 */
@FunctionalInterface
public interface KeySchemaLookup {
    /**
     * @param index null for the base table
     * @return the partition-key attribute name, or empty when the table or index is unknown
     */
    Optional<String> partitionKey(String table, String index);

    /** The workshop's tables as {@link Tables} defines them: the shared table and its indexes, and ws-att-* tables. */
    static KeySchemaLookup workshop(String sharedTable) {
        CreateTableRequest shared = Tables.sharedTable(sharedTable);
        return (table, index) -> {
            if (table.equals(sharedTable)) return fromCreateTable(shared, index);
            if (table.startsWith(Tables.PERSONAL_PREFIX) && index == null) return Optional.of(Tables.PK);
            return Optional.empty();
        };
    }

    static Optional<String> fromCreateTable(CreateTableRequest t, String index) {
        var schema = index == null ? t.keySchema()
                : t.globalSecondaryIndexes().stream().filter(g -> g.indexName().equals(index))
                        .findFirst().map(g -> g.keySchema()).orElse(null);
        if (schema == null) return Optional.empty();
        return schema.stream().filter(k -> k.keyType() == KeyType.HASH).map(k -> k.attributeName()).findFirst();
    }
}
