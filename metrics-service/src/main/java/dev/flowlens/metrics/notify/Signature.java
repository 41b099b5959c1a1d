package dev.flowlens.metrics.notify;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The {@code X-Flowlens-Signature-256} header of a notifier's POST: {@code sha256=<hex HMAC-SHA256 of the exact body
 * bytes, keyed with the notifier's secret>}, the scheme GitHub uses for its webhooks, so receivers verify it the
 * same way (docs/operations.md "Notifiers").
 */
public final class Signature {
    /** The header's name. */
    public static final String HEADER = "X-Flowlens-Signature-256";

    private Signature() {
    }

    /** The header's value for a body. */
    public static String of(String secret, byte[] body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret.getBytes(StandardCharsets.UTF_8), "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal(body));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HMAC-SHA256 is not available", e);
        }
    }
}
