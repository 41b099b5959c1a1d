package dev.flowlens.ingest.connector.store;

import dev.flowlens.ingest.connector.ConnectorConfig;
import dev.flowlens.outbound.SecretCipher;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/**
 * Encrypts connector secrets at rest with the key {@code FLOWLENS_SECRET_KEY} ({@link SecretCipher}: AES-256-GCM, a
 * random nonce per value). Plaintexts never leave through logs or answers.
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

    private final SecretCipher cipher;

    public SecretBox(ConnectorConfig config) {
        this.cipher = config.secretKey().filter(s -> !s.isBlank()).map(SecretCipher::of).orElse(null);
        if (cipher == null) {
            LOG.warn("FLOWLENS_SECRET_KEY is not set: connectors with secrets cannot be saved and their webhooks answer 503");
        }
    }

    /** Whether a key is configured. */
    public boolean ready() {
        return cipher != null;
    }

    /** Encrypts a secret; null stays null. */
    public byte[] seal(String plaintext) {
        if (plaintext == null) {
            return null;
        }
        return cipher().seal(plaintext, "a connector secret");
    }

    /** Decrypts what {@link #seal} made; null stays null. */
    public String open(byte[] sealed) {
        if (sealed == null) {
            return null;
        }
        return cipher().open(sealed, "connector secret");
    }

    private SecretCipher cipher() {
        if (cipher == null) {
            throw new NoKeyException();
        }
        return cipher;
    }
}
