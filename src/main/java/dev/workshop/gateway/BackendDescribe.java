package dev.workshop.gateway;

import dev.workshop.target.Principal;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Function;
import software.amazon.awssdk.protocols.jsoncore.JsonNode;

/**
 * DescribeTable sent straight to DynamoDB Local (bypassing the gateway) as the administrator: how the filters learn
 * a table they did not see created, e.g. after a restart on persisted data. Plain {@link HttpURLConnection} on
 * loopback HTTP: {@code java.net.http.HttpClient} initialises TLS when it is built, a quarter of a second of every
 * command's start-up for a client that never speaks TLS.
 */
public final class BackendDescribe implements Function<String, Optional<JsonNode>> {
    private static final int TIMEOUT_MILLIS = 10_000;

    private final URI backend;

    public BackendDescribe(URI backend) {
        this.backend = backend;
    }

    /** The table's description (the "Table" member), or empty when DynamoDB Local does not know the table. */
    @Override
    public Optional<JsonNode> apply(String table) {
        Answer a = send(backend, "DescribeTable", "{\"TableName\":" + GatewayResponse.quote(table) + "}", TIMEOUT_MILLIS);
        return a.status() == 200 ? GatewayExchange.parse(a.body()).field("Table") : Optional.empty();
    }

    /** DynamoDB Local's HTTP status and body. */
    record Answer(int status, byte[] body) {}

    /**
     * One request straight to DynamoDB Local as the administrator (it reads the access key from the credential scope
     * but does not verify the signature); the filters' only way past themselves.
     */
    static Answer send(URI backend, String operation, String json, int timeoutMillis) {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        try {
            HttpURLConnection c = (HttpURLConnection) backend.resolve("/").toURL().openConnection();
            c.setConnectTimeout(timeoutMillis);
            c.setReadTimeout(timeoutMillis);
            c.setDoOutput(true);
            c.setRequestMethod("POST");
            c.setRequestProperty("Content-Type", "application/x-amz-json-1.0");
            c.setRequestProperty("X-Amz-Target", "DynamoDB_20120810." + operation);
            c.setRequestProperty("X-Amz-Date", "20240101T000000Z");
            c.setRequestProperty("Authorization", "AWS4-HMAC-SHA256 Credential=" + Principal.admin().localAccessKeyId()
                    + "/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host;x-amz-date, Signature=00");
            c.setFixedLengthStreamingMode(body.length);
            try (OutputStream out = c.getOutputStream()) {
                out.write(body);
            }
            int status = c.getResponseCode();
            try (InputStream in = status == 200 ? c.getInputStream() : c.getErrorStream()) {
                return new Answer(status, in == null ? new byte[0] : in.readAllBytes());
            }
        } catch (IOException e) {
            throw new IllegalStateException("DynamoDB Local did not answer " + operation + ": " + e.getMessage(), e);
        }
    }
}
