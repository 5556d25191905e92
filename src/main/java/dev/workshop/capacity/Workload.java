package dev.workshop.capacity;

import java.time.Duration;

/**
 * A steady load for {@link Simulation}: requests evenly spaced at {@code requestsPerSecond}, cycling over
 * {@code keyCount} partition keys ({@code keyPrefix + 0 .. keyCount-1}). Writes may also land in one GSI, with
 * {@code indexKeyCount} distinct GSI partition keys; set {@code index} to null for none.
 */
public record Workload(
        String table,
        Operation operation,
        double requestsPerSecond,
        long itemBytes,
        Consistency consistency,
        boolean transactional,
        int keyCount,
        String keyPrefix,
        Duration duration,
        String index,
        int indexKeyCount) {

    public Workload {
        if (!(requestsPerSecond > 0) || keyCount < 1 || duration.isNegative()) {
            throw new IllegalArgumentException("a workload needs a positive rate, at least one key and a duration");
        }
        if (index != null && indexKeyCount < 1) {
            throw new IllegalArgumentException("a GSI write needs at least one GSI key");
        }
    }

    public static Workload writes(String table, double requestsPerSecond, long itemBytes, int keyCount, Duration duration) {
        return new Workload(table, Operation.WRITE, requestsPerSecond, itemBytes, Consistency.STRONG, false,
                keyCount, "key-", duration, null, 0);
    }

    public static Workload reads(String table, double requestsPerSecond, long itemBytes, Consistency consistency,
            int keyCount, Duration duration) {
        return new Workload(table, Operation.READ, requestsPerSecond, itemBytes, consistency, false,
                keyCount, "key-", duration, null, 0);
    }

    public Workload asTransactional() {
        return new Workload(table, operation, requestsPerSecond, itemBytes, consistency, true, keyCount, keyPrefix,
                duration, index, indexKeyCount);
    }

    public Workload keyPrefix(String prefix) {
        return new Workload(table, operation, requestsPerSecond, itemBytes, consistency, transactional, keyCount,
                prefix, duration, index, indexKeyCount);
    }

    /** Every write also writes the item to {@code gsi}, under one of {@code gsiKeyCount} GSI partition keys. */
    public Workload alsoWriting(String gsi, int gsiKeyCount) {
        return new Workload(table, operation, requestsPerSecond, itemBytes, consistency, transactional, keyCount,
                keyPrefix, duration, gsi, gsiKeyCount);
    }

    /** Units one request costs, by DynamoDB's rounding rules. */
    public double unitsPerRequest() {
        return operation == Operation.READ
                ? Units.readUnits(itemBytes, transactional ? Consistency.TRANSACTIONAL : consistency)
                : Units.writeUnits(itemBytes, transactional);
    }
}
