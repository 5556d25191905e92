package dev.workshop.gateway;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import org.junit.jupiter.api.Test;

/** The signer's access key, which decides who the gateway acts as, read from real SigV4 Authorization headers. */
class GatewayExchangeTest {
    @Test
    void readsTheAccessKeyOfASigV4Header() {
        assertEquals("WSATTENDEEaliceHb", GatewayExchange.accessKeyOf("AWS4-HMAC-SHA256 Credential=WSATTENDEEaliceHb/20261202/us-east-1/dynamodb/aws4_request, "
                + "SignedHeaders=host;x-amz-date;x-amz-target, Signature=0123abcd"));
        assertEquals("AKIDEXAMPLE", GatewayExchange.accessKeyOf("AWS4-HMAC-SHA256 SignedHeaders=host, Credential=AKIDEXAMPLE/20150830/us-east-1/iam/aws4_request"));
    }

    @Test
    void anythingElseHasNoAccessKey() {
        assertNull(GatewayExchange.accessKeyOf(null));
        assertNull(GatewayExchange.accessKeyOf("Bearer token"));
        assertNull(GatewayExchange.accessKeyOf("AWS4-HMAC-SHA256 Credential=/20150830/us-east-1/iam/aws4_request"));
        assertNull(GatewayExchange.accessKeyOf("AWS4-HMAC-SHA256 Credential=NOSLASH, Signature=x"));
        assertNull(GatewayExchange.accessKeyOf("AWS4-HMAC-SHA256 Credential=AKID"));
    }
}
