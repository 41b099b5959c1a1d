package dev.flowlens.outbound;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Base64;
import org.junit.jupiter.api.Test;

class SecretCipherTest {

    static final String KEY = Base64.getEncoder().encodeToString("0123456789abcdef0123456789abcdef".getBytes());
    static final String OTHER_KEY = Base64.getEncoder().encodeToString("fedcba9876543210fedcba9876543210".getBytes());

    @Test
    void aSealedSecretOpensWithTheSameKeyOnlyAndNeverShowsItsPlaintext() {
        SecretCipher cipher = SecretCipher.of(KEY);
        byte[] sealed = cipher.seal("whsec-1", "a notifier secret");

        assertThat(new String(sealed, java.nio.charset.StandardCharsets.ISO_8859_1)).doesNotContain("whsec-1");
        assertThat(cipher.seal("whsec-1", "a notifier secret")).as("a new nonce each time").isNotEqualTo(sealed);
        assertThat(cipher.open(sealed, "notifier secret")).isEqualTo("whsec-1");
        assertThatThrownBy(() -> SecretCipher.of(OTHER_KEY).open(sealed, "notifier secret"))
                .hasMessage("stored notifier secret cannot be decrypted with FLOWLENS_SECRET_KEY (key changed?)");
        assertThatThrownBy(() -> cipher.open(new byte[10], "notifier secret")).hasMessage("stored notifier secret is truncated");
        assertThat(cipher.seal(null, "x")).isNull();
        assertThat(cipher.open(null, "x")).isNull();
    }

    @Test
    void aKeyThatIsNot32BytesOfBase64IsRefusedNamingTheSetting() {
        assertThatThrownBy(() -> SecretCipher.of("not base64!")).hasMessage("FLOWLENS_SECRET_KEY: not base64");
        assertThatThrownBy(() -> SecretCipher.of(Base64.getEncoder().encodeToString(new byte[16])))
                .hasMessage("FLOWLENS_SECRET_KEY: must be 32 bytes (base64 of 32 random bytes), got 16");
    }
}
