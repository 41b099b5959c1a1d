package dev.flowlens.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The tokens verify with the public key the services' test profiles trust, and carry the claims asked for. */
class LocalKeyTest {

    @Test
    void aTokenVerifiesWithThePublicKeyAndCarriesItsClaims() throws Exception {
        String[] token = LocalKey.token("flowlens-gateway", List.of("viewer"), List.of("/payments")).split("\\.");

        Signature rsa = Signature.getInstance("SHA256withRSA");
        rsa.initVerify(KeyFactory.getInstance("RSA")
                .generatePublic(new X509EncodedKeySpec(Base64.getDecoder().decode(LocalKey.publicKey()))));
        rsa.update((token[0] + "." + token[1]).getBytes(StandardCharsets.US_ASCII));
        assertThat(rsa.verify(Base64.getUrlDecoder().decode(token[2]))).isTrue();
        assertThat(new String(Base64.getUrlDecoder().decode(token[1]), StandardCharsets.UTF_8))
                .contains("\"aud\":[\"flowlens-gateway\",\"account\"]")
                .contains("\"realm_access\":{\"roles\":[\"viewer\"]}").contains("\"groups\":[\"/payments\"]");
    }
}
