package dev.flowlens.ingest.connector.store;

import dev.flowlens.ingest.connector.ConnectorConfig;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;
import org.jboss.logging.Logger;

/**
 * Encrypts connector secrets at rest: AES-256-GCM, a random 12-byte nonce per value, stored as
 * {@code nonce || ciphertext+tag}. The tag makes a tampered or wrongly keyed value fail loudly
 * instead of decrypting to garbage. Plaintexts never leave through logs or answers.
 */
@ApplicationScoped
@Startup
public class SecretBox {

    /** Raised when no key is configured; the message is safe to show. */
    public static final class NoKeyException extends IllegalStateException {
        public NoKeyException() {
            super("connector secrets cannot be stored or checked: FLOWLENS_SECRET_KEY is not set");
        }
    }

    private static final Logger LOG = Logger.getLogger(SecretBox.class);
    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    public SecretBox(ConnectorConfig config) {
        this.key = config.secretKey().filter(s -> !s.isBlank()).map(SecretBox::parseKey).orElse(null);
        if (key == null) {
            LOG.warn("FLOWLENS_SECRET_KEY is not set: connectors with secrets cannot be saved and their webhooks answer 503");
        }
    }

    static SecretKey parseKey(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("FLOWLENS_SECRET_KEY: not base64");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException("FLOWLENS_SECRET_KEY: must be 32 bytes (base64 of 32 random bytes), got " + raw.length);
        }
        return new SecretKeySpec(raw, "AES");
    }

    /** Whether a key is configured. */
    public boolean ready() {
        return key != null;
    }

    /** Encrypts a secret; null stays null. */
    public byte[] seal(String plaintext) {
        if (plaintext == null) {
            return null;
        }
        requireKey();
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encrypt a connector secret: " + e.getClass().getSimpleName());
        }
    }

    /** Decrypts what {@link #seal} made; null stays null. */
    public String open(byte[] sealed) {
        if (sealed == null) {
            return null;
        }
        requireKey();
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("stored connector secret is truncated");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            return new String(c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // wrong key or tampered row: say so, never which bytes
            throw new IllegalStateException("stored connector secret cannot be decrypted with FLOWLENS_SECRET_KEY (key changed?)");
        }
    }

    private void requireKey() {
        if (key == null) {
            throw new NoKeyException();
        }
    }
}
