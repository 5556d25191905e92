package dev.workshop.capacity;

/**
 * Capacity units a single item costs, from its size in bytes (the gateway computes the size).
 * Rules: https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/read-write-operations.html
 */
public final class Units {
    private Units() {}

    /** Reads round the item up to the next 4 KB; eventual costs half a unit per block, transactional two. */
    public static double readUnits(long itemBytes, Consistency consistency) {
        return blocks(itemBytes, DynamoDbLimits.READ_BLOCK_BYTES) * consistency.unitsPerBlock;
    }

    /** Writes round the item up to the next 1 KB; a transactional write costs two units per block. */
    public static double writeUnits(long itemBytes, boolean transactional) {
        return blocks(itemBytes, DynamoDbLimits.WRITE_BLOCK_BYTES) * (transactional ? 2 : 1);
    }

    // Even an empty or missing item is charged one block: a GetItem that finds nothing still consumes
    // capacity, so zero is never a valid cost.
    private static long blocks(long bytes, int blockBytes) {
        if (bytes < 0) {
            throw new IllegalArgumentException("item size cannot be negative: " + bytes);
        }
        return Math.max(1, (bytes + blockBytes - 1) / blockBytes);
    }
}
