package dev.flowlens.ingest.connector.github;

import dev.flowlens.ingest.connector.webhook.HmacSha256;
import jakarta.ws.rs.core.HttpHeaders;

/** GitHub signs each delivery with {@code X-Hub-Signature-256: sha256=<HMAC-SHA256 of the raw body>}. */
final class GithubSignature {

    static final String HEADER = "X-Hub-Signature-256";

    private GithubSignature() {
    }

    static boolean verify(String secret, byte[] body, HttpHeaders headers) {
        return HmacSha256.matches(secret, body, headers.getHeaderString(HEADER));
    }
}
