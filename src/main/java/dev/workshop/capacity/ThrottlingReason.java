package dev.workshop.capacity;

/** One entry of DynamoDB's ThrottlingReasons: the reason string and the ARN of the throttled table or index. */
public record ThrottlingReason(String reason, String resource) {}
