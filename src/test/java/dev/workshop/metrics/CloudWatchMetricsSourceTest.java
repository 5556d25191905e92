package dev.workshop.metrics;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.URI;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.SortedMap;
import java.util.concurrent.CopyOnWriteArrayList;
import org.junit.jupiter.api.Test;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;
import software.amazon.awssdk.regions.Region;
import software.amazon.awssdk.services.cloudwatch.CloudWatchClient;
import software.amazon.awssdk.thirdparty.jackson.core.JsonParser;
import software.amazon.awssdk.thirdparty.jackson.core.JsonToken;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORFactory;
import software.amazon.awssdk.thirdparty.jackson.dataformat.cbor.CBORGenerator;

/**
 * The CloudWatch metrics source against a loopback HTTP server that STANDS IN FOR CLOUDWATCH. It speaks the wire
 * format SDK 2.41.0 uses for CloudWatch: Smithy RPC v2 CBOR (the generated DefaultCloudWatchClient is built on
 * SmithyRpcV2CborProtocolFactory): POST /service/GraniteServiceVersion20100801/operation/GetMetricData with a
 * CBOR body and a "smithy-protocol: rpc-v2-cbor" header, answered in CBOR with timestamps as tag-1 epoch seconds.
 */
class CloudWatchMetricsSourceTest {
    record Seen(String path, String protocol, List<String> strings) {}

    @Test
    void getMetricDataSumsPerMinuteFromTheCloudWatchStandIn() throws Exception {
        List<Seen> seen = new CopyOnWriteArrayList<>();
        Instant m1 = Instant.parse("2025-01-01T10:01:00Z");
        Instant m2 = Instant.parse("2025-01-01T10:02:00Z");
        HttpServer server = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        server.createContext("/", http -> {
            byte[] body = http.getRequestBody().readAllBytes();
            seen.add(new Seen(http.getRequestURI().getPath(), http.getRequestHeaders().getFirst("smithy-protocol"), strings(body)));
            byte[] out = response(List.of(m1, m2), List.of(1600.0, 400.0));
            http.getResponseHeaders().set("Content-Type", "application/cbor");
            http.getResponseHeaders().set("smithy-protocol", "rpc-v2-cbor");
            http.sendResponseHeaders(200, out.length);
            try (OutputStream o = http.getResponseBody()) {
                o.write(out);
            }
        });
        server.start();
        try (CloudWatchClient cw = CloudWatchClient.builder()
                .endpointOverride(URI.create("http://127.0.0.1:" + server.getAddress().getPort()))
                .region(Region.US_EAST_1)
                .credentialsProvider(StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")))
                .build()) {
            CloudWatchMetricsSource source = new CloudWatchMetricsSource(cw, "us-east-1");
            SortedMap<Instant, Double> consumed = source.series("ws-att-alice", null, MetricNames.CONSUMED_WRITE,
                    Instant.parse("2025-01-01T10:00:00Z"), Instant.parse("2025-01-01T10:05:00Z"));
            assertEquals(1600.0, consumed.get(m1));
            assertEquals(400.0, consumed.get(m2));
            source.series("ws-att-alice", null, MetricNames.THROTTLED_REQUESTS,
                    Instant.parse("2025-01-01T10:00:00Z"), Instant.parse("2025-01-01T10:05:00Z"));
        } finally {
            server.stop(0);
        }
        assertEquals(2, seen.size());
        Seen first = seen.get(0);
        assertEquals("/service/GraniteServiceVersion20100801/operation/GetMetricData", first.path());
        assertEquals("rpc-v2-cbor", first.protocol());
        assertTrue(first.strings().containsAll(List.of("AWS/DynamoDB", "ConsumedWriteCapacityUnits", "TableName", "ws-att-alice", "Sum")),
                first.strings().toString());
        // ThrottledRequests exists only per TableName and Operation: fetched with a SEARCH summed over operations.
        assertTrue(seen.get(1).strings().stream().anyMatch(s -> s.startsWith("SUM(SEARCH('{AWS/DynamoDB,TableName,Operation}")
                && s.contains("ThrottledRequests") && s.contains("ws-att-alice")), seen.get(1).strings().toString());
    }

    /** Every text value in a CBOR document, in order. */
    static List<String> strings(byte[] cbor) throws IOException {
        List<String> out = new ArrayList<>();
        try (JsonParser p = new CBORFactory().createParser(cbor)) {
            JsonToken t;
            while ((t = p.nextToken()) != null) {
                if (t == JsonToken.VALUE_STRING) out.add(p.getText());
            }
        }
        return out;
    }

    static byte[] response(List<Instant> timestamps, List<Double> values) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (CBORGenerator g = new CBORFactory().createGenerator(bytes)) {
            g.writeStartObject();
            g.writeFieldName("MetricDataResults");
            g.writeStartArray();
            g.writeStartObject();
            g.writeStringField("Id", "m0");
            g.writeStringField("Label", "ConsumedWriteCapacityUnits");
            g.writeFieldName("Timestamps");
            g.writeStartArray();
            for (Instant t : timestamps) {
                g.writeTag(1);
                g.writeNumber(t.getEpochSecond());
            }
            g.writeEndArray();
            g.writeFieldName("Values");
            g.writeStartArray();
            for (double v : values) g.writeNumber(v);
            g.writeEndArray();
            g.writeStringField("StatusCode", "Complete");
            g.writeEndObject();
            g.writeEndArray();
            g.writeEndObject();
        }
        return bytes.toByteArray();
    }
}
