package dev.workshop.target;

import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * Where a command runs: the embedded local default, AWS through a profile, or any DynamoDB-compatible endpoint.
 * Labs and services see only this interface, never which kind it is, except through {@link #kind()} for the few
 * facilitator decisions that differ (e.g. creating the shared table).
 */
public interface Target extends AutoCloseable {
    enum Kind { LOCAL, AWS, ENDPOINT }

    Kind kind();

    /** One line naming the target, printed first by every command. */
    String describe();

    /** Sync client acting as the given principal (ignored on AWS: there the caller's own credentials act). */
    DynamoDbClient dynamo(Principal principal);

    /** Async client acting as the given principal, for load generators and bulk writes. */
    DynamoDbAsyncClient dynamoAsync(Principal principal);

    /**
     * A client whose every call the observer sees (labs meter round trips, consumed capacity and latency with it).
     * Built on demand, closed with the target.
     */
    DynamoDbClient dynamo(Principal principal, ExecutionInterceptor observer);

    DynamoDbAsyncClient dynamoAsync(Principal principal, ExecutionInterceptor observer);

    /** The caller as the target sees it (account, ARN); on local targets a synthetic identity. */
    Identity identity();

    /**
     * Why an access denial happened, when the target says so: the local gateway names the statement and condition
     * that decided; AWS gives nothing beyond its message (empty).
     */
    default java.util.Optional<String> denialExplanation(software.amazon.awssdk.awscore.exception.AwsServiceException denied) {
        return java.util.Optional.empty();
    }

    /** The same for a call that succeeded with per-item denials (BatchExecuteStatement's AccessDenied statements). */
    default java.util.Optional<String> denialExplanation(software.amazon.awssdk.http.SdkHttpResponse response) {
        return java.util.Optional.empty();
    }

    /** Problems worth telling the user about (e.g. SSO token close to expiry), each with its fix. Empty when none. */
    default java.util.List<Diagnosis> diagnose() {
        return java.util.List.of();
    }

    @Override
    void close();

    record Identity(String account, String arn, String region) {}

    record Diagnosis(boolean problem, String what, String fix) {}
}
