package dev.flowlens.ingest.connector.opsgenie;

import dev.flowlens.ingest.connector.webhook.HmacSha256;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Opsgenie's webhook integration signs nothing; it sends the custom headers it is configured with. The connector's
 * webhook secret goes in {@code X-Flowlens-Token}, compared in constant time.
 */
final class OpsgenieSignature {

    static final String HEADER = "X-Flowlens-Token";

    private OpsgenieSignature() {
    }

    static boolean verify(String secret, byte[] body, HttpHeaders headers) {
        return HmacSha256.sameSecret(secret, headers.getHeaderString(HEADER));
    }
}
