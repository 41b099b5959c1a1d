package dev.flowlens.outbound;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Base64;
import javax.crypto.Cipher;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * Keeps the secrets of outbound calls at rest (ingest-service's connector tokens and webhook secrets, metrics-service's
 * notifier signing secrets): AES-256-GCM under the key {@code FLOWLENS_SECRET_KEY}, a random 12-byte nonce per value,
 * stored as {@code nonce || ciphertext+tag}. The tag makes a tampered or wrongly keyed value fail loudly instead of
 * decrypting to garbage. Messages name what was sealed (the caller's words), never its bytes.
 */
public final class SecretCipher {
    /** The setting that holds the key, as messages name it. */
    public static final String KEY_SETTING = "FLOWLENS_SECRET_KEY";

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;

    private final SecretKey key;
    private final SecureRandom random = new SecureRandom();

    private SecretCipher(SecretKey key) {
        this.key = key;
    }

    /**
     * The cipher of a key given as base64 of 32 random bytes.
     *
     * @throws IllegalArgumentException saying what is wrong with the key (never the key)
     */
    public static SecretCipher of(String base64) {
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64.trim());
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException(KEY_SETTING + ": not base64");
        }
        if (raw.length != 32) {
            throw new IllegalArgumentException(KEY_SETTING + ": must be 32 bytes (base64 of 32 random bytes), got " + raw.length);
        }
        return new SecretCipher(new SecretKeySpec(raw, "AES"));
    }

    /**
     * Encrypts a secret; null stays null.
     *
     * @param what what is sealed, for a message: "a connector secret"
     */
    public byte[] seal(String plaintext, String what) {
        if (plaintext == null) {
            return null;
        }
        byte[] nonce = new byte[NONCE_BYTES];
        random.nextBytes(nonce);
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            byte[] sealed = c.doFinal(plaintext.getBytes(StandardCharsets.UTF_8));
            return ByteBuffer.allocate(NONCE_BYTES + sealed.length).put(nonce).put(sealed).array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("could not encrypt " + what + ": " + e.getClass().getSimpleName());
        }
    }

    /**
     * Decrypts what {@link #seal} made; null stays null.
     *
     * @param what what was sealed, for a message: "connector secret" ("stored connector secret is truncated")
     */
    public String open(byte[] sealed, String what) {
        if (sealed == null) {
            return null;
        }
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new IllegalStateException("stored " + what + " is truncated");
        }
        try {
            Cipher c = Cipher.getInstance("AES/GCM/NoPadding");
            c.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, sealed, 0, NONCE_BYTES));
            return new String(c.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES), StandardCharsets.UTF_8);
        } catch (GeneralSecurityException e) {
            // wrong key or tampered row: say so, never which bytes
            throw new IllegalStateException("stored " + what + " cannot be decrypted with " + KEY_SETTING + " (key changed?)");
        }
    }
}
