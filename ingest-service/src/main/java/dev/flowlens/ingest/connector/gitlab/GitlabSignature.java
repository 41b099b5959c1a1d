package dev.flowlens.ingest.connector.gitlab;

import dev.flowlens.ingest.connector.webhook.HmacSha256;
import jakarta.ws.rs.core.HttpHeaders;

/** GitLab does not sign bodies: it sends the configured secret token as {@code X-Gitlab-Token}. */
final class GitlabSignature {

    static final String HEADER = "X-Gitlab-Token";

    private GitlabSignature() {
    }

    static boolean verify(String secret, byte[] body, HttpHeaders headers) {
        return HmacSha256.sameSecret(secret, headers.getHeaderString(HEADER));
    }
}
