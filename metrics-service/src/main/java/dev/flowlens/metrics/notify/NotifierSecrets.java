package dev.flowlens.metrics.notify;

import dev.flowlens.outbound.SecretCipher;
import dev.flowlens.problem.UnavailableException;
import io.quarkus.runtime.Startup;
import jakarta.enterprise.context.ApplicationScoped;
import org.jboss.logging.Logger;

/** Seals notifier secrets at rest with {@code FLOWLENS_SECRET_KEY} ({@link SecretCipher}); plaintexts never leave. */
@ApplicationScoped
@Startup
public class NotifierSecrets {
    private static final Logger LOG = Logger.getLogger(NotifierSecrets.class);

    private final SecretCipher cipher;

    public NotifierSecrets(NotifierConfig config) {
        this.cipher = config.secretKey().filter(s -> !s.isBlank()).map(SecretCipher::of).orElse(null);
        if (cipher == null) {
            LOG.warn("FLOWLENS_SECRET_KEY is not set: notifiers with a secret cannot be saved or delivered to");
        }
    }

    /** Encrypts a secret; null stays null. @throws UnavailableException (503) without a key */
    public byte[] seal(String secret) {
        if (secret == null) {
            return null;
        }
        if (cipher == null) {
            throw new UnavailableException("FLOWLENS_SECRET_KEY is not set: a notifier secret cannot be stored");
        }
        return cipher.seal(secret, "a notifier secret");
    }

    /** Decrypts what {@link #seal} made; null stays null. @throws IllegalStateException saying why it cannot */
    public String open(byte[] sealed) {
        if (sealed == null) {
            return null;
        }
        if (cipher == null) {
            throw new IllegalStateException("FLOWLENS_SECRET_KEY is not set: the notifier's secret cannot be read to sign");
        }
        return cipher.open(sealed, "notifier secret");
    }
}
