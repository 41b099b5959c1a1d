package dev.flowlens.ingest.connector.jira;

import dev.flowlens.ingest.connector.webhook.HmacSha256;
import jakarta.ws.rs.core.HttpHeaders;

/**
 * Jira Cloud webhooks registered with a secret carry {@code X-Hub-Signature: sha256=<HMAC-SHA256
 * of the raw body>} (the WebSub form). That is the only header accepted: a Jira without the secret
 * feature cannot send to Flowlens.
 */
final class JiraSignature {

    static final String HEADER = "X-Hub-Signature";

    private JiraSignature() {
    }

    static boolean verify(String secret, byte[] body, HttpHeaders headers) {
        return HmacSha256.matches(secret, body, headers.getHeaderString(HEADER));
    }
}
