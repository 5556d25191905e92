package dev.workshop.capacity;

import java.util.List;

/**
 * The model's answer to one request. Throttled decisions carry DynamoDB's ThrottlingReasons (base table first,
 * then GSIs in the order the write listed them) and the exception DynamoDB would return, which is the one that
 * goes with the first reason.
 */
public final class Decision {
    /** Shared so that admitting allocates nothing. */
    public static final Decision ADMITTED = new Decision(null, List.of());

    private final ErrorType errorType;
    private final List<ThrottlingReason> reasons;

    private Decision(ErrorType errorType, List<ThrottlingReason> reasons) {
        this.errorType = errorType;
        this.reasons = reasons;
    }

    static Decision throttled(ErrorType errorType, List<ThrottlingReason> reasons) {
        return new Decision(errorType, List.copyOf(reasons));
    }

    public boolean admitted() {
        return errorType == null;
    }

    public boolean throttled() {
        return errorType != null;
    }

    /** Null when admitted. */
    public ErrorType errorType() {
        return errorType;
    }

    /** Empty when admitted. */
    public List<ThrottlingReason> reasons() {
        return reasons;
    }

    /** The first reason's resource: the table or index ARN the exception points at. Null when admitted. */
    public String resource() {
        return reasons.isEmpty() ? null : reasons.get(0).resource();
    }

    @Override
    public String toString() {
        return admitted() ? "admitted" : "throttled " + errorType.code() + " " + reasons;
    }
}
