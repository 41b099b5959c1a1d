package dev.flowlens.ingest.connector.webhook;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/** {@code sha256=<hex HMAC-SHA256 of the raw body>} signature headers (GitHub, Jira Cloud). */
public final class HmacSha256 {

    private static final String PREFIX = "sha256=";

    private HmacSha256() {
    }

    /** The header value a sender with this secret would send for this body. */
    public static String sign(String secret, byte[] body) {
        return PREFIX + HexFormat.of().formatHex(mac(secret, body));
    }

    /**
     * Whether the header is the body's signature under the secret. Constant-time in the signature
     * bytes ({@link MessageDigest#isEqual}), so a forger learns nothing from response times.
     */
    public static boolean matches(String secret, byte[] body, String header) {
        if (secret == null || header == null || !header.regionMatches(true, 0, PREFIX, 0, PREFIX.length())) {
            return false;
        }
        byte[] given;
        try {
            given = HexFormat.of().parseHex(header.substring(PREFIX.length()).trim());
        } catch (IllegalArgumentException e) {
            return false;
        }
        return MessageDigest.isEqual(mac(secret, body), given);
    }

    /** Constant-time equality of two secrets (GitLab's token): compares digests, so lengths do not leak either. */
    public static boolean sameSecret(String expected, String given) {
        if (expected == null || given == null) {
            return false;
        }
        try {
            MessageDigest d = MessageDigest.getInstance("SHA-256");
            byte[] a = d.digest(expected.getBytes(StandardCharsets.UTF_8));
            byte[] b = d.digest(given.getBytes(StandardCharsets.UTF_8));
            return MessageDigest.isEqual(a, b);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static byte[] mac(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return mac.doFinal(body);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
