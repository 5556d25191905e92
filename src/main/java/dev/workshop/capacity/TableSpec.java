package dev.workshop.capacity;

import java.util.ArrayList;
import java.util.List;

/**
 * What the model needs to know about a table: billing mode, provisioned units (PROVISIONED only), the optional
 * on-demand maximum (PAY_PER_REQUEST only, {@link DynamoDbLimits#NO_MAXIMUM} when unset) and its GSIs.
 * The table's creation time is taken from the model's clock when it is defined.
 */
public record TableSpec(
        String name,
        BillingMode billingMode,
        long readCapacityUnits,
        long writeCapacityUnits,
        long maxReadRequestUnits,
        long maxWriteRequestUnits,
        List<IndexSpec> indexes) {

    public TableSpec {
        if (name == null || name.isEmpty()) {
            throw new IllegalArgumentException("a table needs a name");
        }
        if (billingMode == BillingMode.PROVISIONED && (readCapacityUnits < 1 || writeCapacityUnits < 1)) {
            // The API's own rule: ProvisionedThroughput values have a minimum of 1.
            throw new IllegalArgumentException("provisioned table " + name + " needs at least 1 RCU and 1 WCU");
        }
        indexes = List.copyOf(indexes);
    }

    public static TableSpec onDemand(String name, String... gsiNames) {
        List<IndexSpec> gsis = new ArrayList<>();
        for (String gsi : gsiNames) {
            gsis.add(IndexSpec.onDemand(gsi));
        }
        return new TableSpec(name, BillingMode.PAY_PER_REQUEST, 0, 0,
                DynamoDbLimits.NO_MAXIMUM, DynamoDbLimits.NO_MAXIMUM, gsis);
    }

    /** GSIs named here get the table's own RCU/WCU, which is what AWS recommends for GSI write capacity. */
    public static TableSpec provisioned(String name, long readCapacityUnits, long writeCapacityUnits, String... gsiNames) {
        List<IndexSpec> gsis = new ArrayList<>();
        for (String gsi : gsiNames) {
            gsis.add(IndexSpec.provisioned(gsi, readCapacityUnits, writeCapacityUnits));
        }
        return new TableSpec(name, BillingMode.PROVISIONED, readCapacityUnits, writeCapacityUnits,
                DynamoDbLimits.NO_MAXIMUM, DynamoDbLimits.NO_MAXIMUM, gsis);
    }

    public TableSpec withMaxOnDemand(long maxReadRequestUnits, long maxWriteRequestUnits) {
        return new TableSpec(name, billingMode, readCapacityUnits, writeCapacityUnits,
                maxReadRequestUnits, maxWriteRequestUnits, indexes);
    }

    public TableSpec withIndex(IndexSpec index) {
        List<IndexSpec> more = new ArrayList<>(indexes);
        more.add(index);
        return new TableSpec(name, billingMode, readCapacityUnits, writeCapacityUnits,
                maxReadRequestUnits, maxWriteRequestUnits, more);
    }
}
