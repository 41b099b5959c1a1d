package dev.flowlens.ingest.connector.pagerduty;

import dev.flowlens.ingest.connector.webhook.HmacSha256;
import jakarta.ws.rs.core.HttpHeaders;
import java.security.MessageDigest;
import java.util.HexFormat;

/**
 * PagerDuty v3 webhooks carry {@code X-PagerDuty-Signature: v1=<hex HMAC-SHA256 of the raw body>} under the webhook
 * subscription's secret. While a secret is being rotated the header lists several, comma-separated
 * ({@code v1=<a>,v1=<b>}): the delivery is genuine when any {@code v1} signature matches. Each comparison is
 * constant-time.
 */
final class PagerdutySignature {

    static final String HEADER = "X-PagerDuty-Signature";
    private static final String V1 = "v1=";

    private PagerdutySignature() {
    }

    /** The header PagerDuty would send for this body under this secret. */
    static String sign(String secret, byte[] body) {
        return V1 + HmacSha256.sign(secret, body).substring("sha256=".length());
    }

    static boolean verify(String secret, byte[] body, HttpHeaders headers) {
        return matches(secret, body, headers.getHeaderString(HEADER));
    }

    static boolean matches(String secret, byte[] body, String header) {
        if (secret == null || header == null || header.isBlank()) {
            return false;
        }
        byte[] expected = HexFormat.of().parseHex(sign(secret, body).substring(V1.length()));
        boolean any = false;
        for (String part : header.split(",")) {
            String p = part.trim();
            if (!p.regionMatches(true, 0, V1, 0, V1.length())) {
                continue;
            }
            byte[] given;
            try {
                given = HexFormat.of().parseHex(p.substring(V1.length()));
            } catch (IllegalArgumentException e) {
                continue;
            }
            // no early return: every listed signature is compared, so the time does not tell which one matched
            any |= MessageDigest.isEqual(expected, given);
        }
        return any;
    }
}
