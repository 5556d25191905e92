package dev.workshop.capacity;

import java.util.List;

/**
 * One request's demand on capacity. {@code units} is authoritative (compute it with {@link Units});
 * {@code consistency} is carried for the caller's records. {@code index} is null for the base table.
 * A write lists every GSI it touches, each with that GSI's partition key value and units.
 */
public record Access(
        String table,
        String index,
        String partitionKey,
        Operation operation,
        double units,
        Consistency consistency,
        List<IndexWrite> indexWrites) {

    public Access {
        if (table == null || partitionKey == null || operation == null) {
            throw new IllegalArgumentException("table, partition key and operation are required");
        }
        if (!(units >= 0)) {
            throw new IllegalArgumentException("units must be zero or more: " + units);
        }
        if (operation == Operation.WRITE && index != null) {
            throw new IllegalArgumentException("writes go to the base table; list the GSIs as index writes");
        }
        indexWrites = indexWrites == null ? List.of() : List.copyOf(indexWrites);
    }

    public static Access read(String table, String partitionKey, double units, Consistency consistency) {
        return new Access(table, null, partitionKey, Operation.READ, units, consistency, List.of());
    }

    public static Access readIndex(String table, String index, String partitionKey, double units) {
        // GSIs only serve eventually consistent reads.
        return new Access(table, index, partitionKey, Operation.READ, units, Consistency.EVENTUAL, List.of());
    }

    public static Access write(String table, String partitionKey, double units, IndexWrite... indexWrites) {
        return new Access(table, null, partitionKey, Operation.WRITE, units, Consistency.STRONG, List.of(indexWrites));
    }
}
