package dev.workshop.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import dev.workshop.TestSupport;
import dev.workshop.target.Principal;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.HttpURLConnection;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.UUID;
import org.junit.jupiter.api.Test;

/**
 * The gateway reads each request body itself, chunk by chunk, before any filter sees it. These requests reach it over
 * real HTTP the ways a client may send one: with Content-Length in one piece, chunked with no length, in many small
 * pieces written apart in time, and one large item across many chunks. Each must reach DynamoDB Local whole: the item
 * read back straight from DynamoDB Local is the one written.
 */
class GatewayBodyTest {
    private static final URI GATEWAY = TestSupport.server().endpoint();
    private static final URI DIRECT = TestSupport.server().backendEndpoint();

    @Test
    void aBodyReachesDynamoDbLocalWholeHoweverItArrives() throws Exception {
        String table = "ws-body-" + UUID.randomUUID().toString().substring(0, 8);
        assertEquals(200, call(GATEWAY, "CreateTable", "{\"TableName\":\"" + table + "\",\"BillingMode\":\"PAY_PER_REQUEST\","
                + "\"AttributeDefinitions\":[{\"AttributeName\":\"PK\",\"AttributeType\":\"S\"}],"
                + "\"KeySchema\":[{\"AttributeName\":\"PK\",\"KeyType\":\"HASH\"}]}", Mode.LENGTH).status);
        // 300 KB: many of Jetty's buffers; "é" makes the UTF-8 bytes differ from the characters.
        String big = "é".repeat(150_000);
        for (Mode mode : Mode.values()) {
            for (String payload : new String[] {"small " + mode, big}) {
                String key = mode + "-" + payload.length();
                Answer put = call(GATEWAY, "PutItem", "{\"TableName\":\"" + table + "\",\"Item\":{\"PK\":{\"S\":\"" + key
                        + "\"},\"D\":{\"S\":\"" + payload + "\"}}}", mode);
                assertEquals(200, put.status, mode + ": " + put.body);
                Answer got = call(DIRECT, "GetItem", "{\"TableName\":\"" + table + "\",\"Key\":{\"PK\":{\"S\":\"" + key + "\"}}}", Mode.LENGTH);
                assertTrue(got.body.contains("\"D\":{\"S\":\"" + payload + "\"}"), mode + ", " + payload.length() + " characters: the item read back differs");
            }
        }
        call(GATEWAY, "DeleteTable", "{\"TableName\":\"" + table + "\"}", Mode.LENGTH);
    }

    private enum Mode {
        /** Content-Length, written at once. */
        LENGTH,
        /** Transfer-Encoding: chunked, no length. */
        CHUNKED,
        /** Chunked in 1 KB pieces flushed 5 ms apart: the handler runs before the body has arrived. */
        TRICKLE
    }

    private record Answer(int status, String body) {}

    private static Answer call(URI endpoint, String operation, String json, Mode mode) throws Exception {
        byte[] body = json.getBytes(StandardCharsets.UTF_8);
        HttpURLConnection c = (HttpURLConnection) endpoint.toURL().openConnection();
        c.setRequestMethod("POST");
        c.setDoOutput(true);
        c.setRequestProperty("Content-Type", "application/x-amz-json-1.0");
        c.setRequestProperty("X-Amz-Target", "DynamoDB_20120810." + operation);
        c.setRequestProperty("X-Amz-Date", "20240101T000000Z");
        c.setRequestProperty("Authorization", "AWS4-HMAC-SHA256 Credential=" + Principal.admin().localAccessKeyId()
                + "/20240101/us-east-1/dynamodb/aws4_request, SignedHeaders=host, Signature=0");
        if (mode == Mode.LENGTH) c.setFixedLengthStreamingMode(body.length);
        else c.setChunkedStreamingMode(1024);
        try (OutputStream out = c.getOutputStream()) {
            if (mode == Mode.TRICKLE) {
                for (int i = 0; i < body.length; i += 1024) {
                    out.write(body, i, Math.min(1024, body.length - i));
                    out.flush();
                    if (i < 8 * 1024) Thread.sleep(5); // the first pieces apart in time; the rest at once, to keep it short
                }
            } else {
                out.write(body);
            }
        }
        int status = c.getResponseCode();
        try (InputStream in = status < 400 ? c.getInputStream() : c.getErrorStream()) {
            return new Answer(status, in == null ? "" : new String(in.readAllBytes(), StandardCharsets.UTF_8));
        }
    }
}
