package dev.workshop.capacity;

/**
 * A global secondary index. It has its own partitions and its own capacity: provisioned units when the table
 * is provisioned, and an optional on-demand maximum ({@link DynamoDbLimits#NO_MAXIMUM} when unset).
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/gsi-throttling.html
 */
public record IndexSpec(
        String name, long readCapacityUnits, long writeCapacityUnits, long maxReadRequestUnits, long maxWriteRequestUnits) {

    public IndexSpec {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("an index needs a name");
        }
    }

    /** An index of an on-demand table with no maximum. */
    public static IndexSpec onDemand(String name) {
        return new IndexSpec(name, 0, 0, DynamoDbLimits.NO_MAXIMUM, DynamoDbLimits.NO_MAXIMUM);
    }

    public static IndexSpec provisioned(String name, long readCapacityUnits, long writeCapacityUnits) {
        return new IndexSpec(name, readCapacityUnits, writeCapacityUnits, DynamoDbLimits.NO_MAXIMUM, DynamoDbLimits.NO_MAXIMUM);
    }
}
