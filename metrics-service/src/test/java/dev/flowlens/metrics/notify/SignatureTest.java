package dev.flowlens.metrics.notify;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class SignatureTest {

    /**
     * GitHub's published test vector for the same scheme ("Validating webhook deliveries": secret
     * "It's a Secret to Everybody", payload "Hello, World!"), so a receiver's GitHub-style check accepts ours.
     */
    @Test
    void theHeaderIsTheHexHmacSha256OfTheExactBodyBytes() {
        assertThat(Signature.of("It's a Secret to Everybody", "Hello, World!".getBytes(StandardCharsets.UTF_8)))
                .isEqualTo("sha256=757107ea0eb2509fc211221cce984b8a37570b6d7586c22c46f4379c8b043e17");
        assertThat(Signature.HEADER).isEqualTo("X-Flowlens-Signature-256");
    }

    @Test
    void anyChangeOfTheBodyOrTheSecretChangesIt() {
        byte[] body = "Hello, World!".getBytes(StandardCharsets.UTF_8);
        String signed = Signature.of("It's a Secret to Everybody", body);
        assertThat(Signature.of("It's a Secret to Everybody", "Hello, World! ".getBytes(StandardCharsets.UTF_8))).isNotEqualTo(signed);
        assertThat(Signature.of("it's a Secret to Everybody", body)).isNotEqualTo(signed);
    }
}
