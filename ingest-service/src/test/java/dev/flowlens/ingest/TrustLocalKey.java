package dev.flowlens.ingest;

import dev.flowlens.testkey.LocalKey;
import io.quarkus.test.junit.QuarkusTestProfile;
import java.util.Map;

/** This service trusts the test key ({@link LocalKey}) alone: without a server URL, Quarkus verifies with it. */
public class TrustLocalKey implements QuarkusTestProfile {
    @Override
    public Map<String, String> getConfigOverrides() {
        return Map.of("quarkus.oidc.public-key", LocalKey.publicKey(), "quarkus.oidc.auth-server-url", "");
    }
}
