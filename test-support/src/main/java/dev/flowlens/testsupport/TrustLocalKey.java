package dev.flowlens.testsupport;

import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/**
 * A test profile in which the service trusts the test key ({@link LocalKey}) alone: without a server URL, Quarkus
 * verifies tokens with {@code quarkus.oidc.public-key}.
 */
public class TrustLocalKey implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.oidc.public-key", LocalKey.publicKey(), "quarkus.oidc.auth-server-url", "");
    }
}
