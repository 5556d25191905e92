package dev.workshop.target;

import java.net.URI;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.http.SdkHttpClient;
import software.amazon.awssdk.http.urlconnection.UrlConnectionHttpClient;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.dynamodb.DynamoDbAsyncClient;
import software.amazon.awssdk.services.dynamodb.DynamoDbClient;

/**
 * A target reached at a fixed endpoint with ordinary SDK clients: the local target (the endpoint is the gateway)
 * and {@code --endpoint-url}. Each principal signs with its own access key id, which is how the gateway tells
 * an attendee from the facilitator. One HTTP client of each kind is shared by all principals and closed once.
 */
public class LoopbackTarget implements Target {
    /** DynamoDB Local ignores the region with -sharedDb; one fixed region keeps signing deterministic. */
    public static final Region LOCAL_REGION = Region.US_EAST_1;

    private final Kind kind;
    private final URI endpoint;
    private final String description;
    private volatile String note;
    private final AutoCloseable resource;
    private final SdkHttpClient http;
    private final AsyncHttp asyncHttp = new AsyncHttp();
    private final Map<Principal, DynamoDbClient> sync = new ConcurrentHashMap<>();
    private final Map<Principal, DynamoDbAsyncClient> async = new ConcurrentHashMap<>();
    private final java.util.List<software.amazon.awssdk.core.SdkClient> extra = new java.util.concurrent.CopyOnWriteArrayList<>();

    /** @param resource closed with the target (the lease on the local server), or null */
    public LoopbackTarget(Kind kind, URI endpoint, String description, AutoCloseable resource) {
        this.kind = kind;
        this.endpoint = endpoint;
        this.description = description;
        this.resource = resource;
        this.http = UrlConnectionHttpClient.builder()
                .connectionTimeout(Duration.ofSeconds(5))
                .socketTimeout(Duration.ofMinutes(2))
                .build();
    }

    /** Adds what the user should know about this choice to the first line, e.g. an AWS profile that is not used. */
    public void note(String note) {
        this.note = note;
    }

    /**
     * Loads and initialises the SDK's client machinery (about 0.3 s of class loading and static set-up) on a daemon
     * thread, so that it overlaps with starting the local server on the calling thread. Nothing is sent.
     */
    static void warmUpInBackground() {
        Thread t = new Thread(() -> {
            try (SdkHttpClient http = UrlConnectionHttpClient.create();
                 DynamoDbClient c = DynamoDbClient.builder().endpointOverride(URI.create("http://127.0.0.1:9"))
                         .region(LOCAL_REGION).credentialsProvider(credentials(Principal.admin())).httpClient(http).build()) {
                c.serviceName();
            } catch (RuntimeException e) {
                // A failed warm-up costs only the time it would have saved.
            }
        }, "sdk-warm-up");
        t.setDaemon(true);
        t.start();
    }

    public URI endpoint() {
        return endpoint;
    }

    @Override
    public Kind kind() {
        return kind;
    }

    @Override
    public String describe() {
        String n = note;
        return n == null ? description : description + " -- " + n;
    }

    @Override
    public DynamoDbClient dynamo(Principal principal) {
        return sync.computeIfAbsent(principal, p -> buildSync(p, null));
    }

    @Override
    public DynamoDbAsyncClient dynamoAsync(Principal principal) {
        return async.computeIfAbsent(principal, p -> buildAsync(p, null));
    }

    @Override
    public DynamoDbClient dynamo(Principal principal, ExecutionInterceptor observer) {
        DynamoDbClient c = buildSync(principal, observer);
        extra.add(c);
        return c;
    }

    @Override
    public DynamoDbAsyncClient dynamoAsync(Principal principal, ExecutionInterceptor observer) {
        DynamoDbAsyncClient c = buildAsync(principal, observer);
        extra.add(c);
        return c;
    }

    private DynamoDbClient buildSync(Principal p, ExecutionInterceptor observer) {
        return DynamoDbClient.builder()
                .endpointOverride(endpoint)
                .region(LOCAL_REGION)
                .credentialsProvider(credentials(p))
                .httpClient(http)
                .overrideConfiguration(o -> { if (observer != null) o.addExecutionInterceptor(observer); })
                .build();
    }

    private DynamoDbAsyncClient buildAsync(Principal p, ExecutionInterceptor observer) {
        return DynamoDbAsyncClient.builder()
                .endpointOverride(endpoint)
                .region(LOCAL_REGION)
                .credentialsProvider(credentials(p))
                .httpClient(asyncHttp.client())
                .overrideConfiguration(o -> { if (observer != null) o.addExecutionInterceptor(observer); })
                .build();
    }

    /** The local gateway's explanation travels in the error body (and a header); a plain DynamoDB Local sends none. */
    @Override
    public java.util.Optional<String> denialExplanation(software.amazon.awssdk.awscore.exception.AwsServiceException denied) {
        try {
            var raw = denied.awsErrorDetails() == null ? null : denied.awsErrorDetails().rawResponse();
            if (raw != null) {
                var member = software.amazon.awssdk.protocols.jsoncore.JsonNode.parser().parse(raw.asUtf8String())
                        .field(dev.workshop.gateway.AccessFilter.EXPLANATION_MEMBER);
                if (member.isPresent() && member.get().isString()) return java.util.Optional.of(member.get().asString());
            }
        } catch (RuntimeException notJson) {
            // fall through to the header
        }
        return denied.awsErrorDetails() == null || denied.awsErrorDetails().sdkHttpResponse() == null ? java.util.Optional.empty()
                : denialExplanation(denied.awsErrorDetails().sdkHttpResponse());
    }

    @Override
    public java.util.Optional<String> denialExplanation(software.amazon.awssdk.http.SdkHttpResponse response) {
        return response.firstMatchingHeader(dev.workshop.gateway.AccessFilter.EXPLANATION_HEADER);
    }

    @Override
    public Identity identity() {
        return new Identity("000000000000", "arn:aws:iam::000000000000:role/local-workshop", LOCAL_REGION.id());
    }

    private static StaticCredentialsProvider credentials(Principal p) {
        return StaticCredentialsProvider.create(AwsBasicCredentials.create(p.localAccessKeyId(), "local-secret"));
    }

    @Override
    public void close() {
        sync.values().forEach(DynamoDbClient::close);
        async.values().forEach(DynamoDbAsyncClient::close);
        extra.forEach(software.amazon.awssdk.core.SdkClient::close);
        http.close();
        asyncHttp.close();
        if (resource != null) {
            try {
                resource.close();
            } catch (Exception e) {
                throw new IllegalStateException("Could not close the target: " + e.getMessage(), e);
            }
        }
    }
}
