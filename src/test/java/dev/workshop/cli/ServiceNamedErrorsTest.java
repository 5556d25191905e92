package dev.workshop.cli;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;
import software.amazon.awssdk.awscore.exception.AwsErrorDetails;
import software.amazon.awssdk.awscore.exception.AwsServiceException;

/** An AWS error names the service that answered: a CloudWatch throttle once read "DynamoDB answered Throttling". */
class ServiceNamedErrorsTest {
    private static AwsServiceException error(String service, String code) {
        return AwsServiceException.builder().statusCode(400)
                .awsErrorDetails(AwsErrorDetails.builder().serviceName(service).errorCode(code).errorMessage("Rate exceeded").build())
                .build();
    }

    @Test
    void aCloudWatchThrottleSaysCloudWatchAndWhatToDo() {
        ErrorHandler.Failure f = ErrorHandler.classify(error("CloudWatch", "Throttling"));
        assertEquals(ExitCode.FAILED, f.code());
        assertEquals("CloudWatch is throttling (Throttling): Rate exceeded", f.message());
        assertEquals("wait a minute, then run the same command again", f.fix());
    }

    @Test
    void dynamoDbKeepsItsOwnSpelling() {
        assertEquals("DynamoDB answered ValidationException: Rate exceeded",
                ErrorHandler.classify(error("DynamoDb", "ValidationException")).message());
    }
}
