package dev.workshop.capacity;

/**
 * The last part of a ThrottlingReason: reason = ResourceType (Table|Index) + Operation (Read|Write) + LimitType.
 * https://docs.aws.amazon.com/amazondynamodb/latest/APIReference/API_ThrottlingReason.html
 */
public enum LimitType {
    /** Consumption exceeds a provisioned table's or GSI's provisioned units (after burst). */
    PROVISIONED("ProvisionedThroughputExceeded"),
    /** An on-demand table or GSI exceeds the per-table account quota. */
    ACCOUNT_LIMIT("AccountLimitExceeded"),
    /** An on-demand table or GSI exceeds its user-set MaxRead/WriteRequestUnits. */
    MAX_ON_DEMAND("MaxOnDemandThroughputExceeded"),
    /** One partition (of the table or of a GSI) exceeds its per-partition limit: a hot key. */
    KEY_RANGE("KeyRangeThroughputExceeded");

    final String word;

    LimitType(String word) {
        this.word = word;
    }

    String reason(boolean index, Operation operation) {
        return (index ? "Index" : "Table") + operation.reasonWord + word;
    }

    /**
     * Sources: gsi-throttling.html lists ProvisionedThroughputExceededException for
     * IndexWriteProvisionedThroughputExceeded and ThrottlingException for the index's MaxOnDemand, AccountLimit and
     * KeyRange reasons; throttling-diagnosing-workflow.html shows ProvisionedThroughputExceededException with
     * TableWriteKeyRangeThroughputExceeded and ThrottlingException with TableReadMaxOnDemandThroughputExceeded.
     * The pages do not name the exception for every combination; where they are silent (table AccountLimit),
     * we follow the index rule.
     */
    ErrorType errorType(boolean index) {
        switch (this) {
            case PROVISIONED:
                return ErrorType.PROVISIONED_THROUGHPUT_EXCEEDED;
            case KEY_RANGE:
                return index ? ErrorType.THROTTLING : ErrorType.PROVISIONED_THROUGHPUT_EXCEEDED;
            default:
                return ErrorType.THROTTLING;
        }
    }
}
