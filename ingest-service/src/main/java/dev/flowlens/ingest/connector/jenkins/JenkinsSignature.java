package dev.flowlens.ingest.connector.jenkins;

import dev.flowlens.ingest.connector.webhook.HmacSha256;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Jenkins signs nothing: its build notifications are accepted when they carry the connector's webhook secret in
 * {@code X-Flowlens-Token} (compared in constant time), set by whatever posts them (docs/connectors.md, Jenkins).
 */
final class JenkinsSignature {

    static final String HEADER = "X-Flowlens-Token";

    private JenkinsSignature() {
    }

    static boolean verify(String secret, byte[] body, HttpHeaders headers) {
        return HmacSha256.sameSecret(secret, headers.getHeaderString(HEADER));
    }
}
