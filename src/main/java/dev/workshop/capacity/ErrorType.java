package dev.workshop.capacity;

/**
 * The exception DynamoDB answers a throttled request with. Which one goes with which reason is documented in
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/gsi-throttling.html and
 * https://docs.aws.amazon.com/amazondynamodb/latest/developerguide/throttling-diagnosing-workflow.html
 * (see {@link LimitType#errorType}).
 */
public enum ErrorType {
    PROVISIONED_THROUGHPUT_EXCEEDED("ProvisionedThroughputExceededException"),
    THROTTLING("ThrottlingException");

    private final String code;

    ErrorType(String code) {
        this.code = code;
    }

    /** e.g. ProvisionedThroughputExceededException */
    public String code() {
        return code;
    }

    /** The JSON error body's __type. */
    public String awsType() {
        return "com.amazonaws.dynamodb.v20120810#" + code;
    }
}
