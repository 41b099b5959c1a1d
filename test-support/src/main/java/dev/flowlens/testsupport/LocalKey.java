package dev.flowlens.testsupport;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A test-only RSA key (this module's resources, {@code local-key/}) and tokens signed with it, for the services' tests
 * of tokens Keycloak will not issue: expired, meant for another service, with groups no demo user has. A service's
 * test profile trusts it instead of Keycloak by setting {@code quarkus.oidc.public-key} to {@link #publicKey()} and
 * clearing {@code quarkus.oidc.auth-server-url}, which {@link TrustLocalKey} does.
 */
public final class LocalKey {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Base64.Encoder URL = Base64.getUrlEncoder().withoutPadding();

    private LocalKey() {
    }

    /** The public key, as quarkus.oidc.public-key takes it (the base64 body of the PEM). */
    public static String publicKey() {
        return pem("local-key/public.pem");
    }

    /**
     * Claims as Keycloak writes them (realm_access.roles, groups), valid for five minutes, for this audience (with
     * "account" beside it, as Keycloak adds; null: no aud at all). Mutable: a test changes what it is about.
     */
    public static Map<String, Object> claims(String audience, List<String> roles, List<String> groups) {
        long now = Instant.now().getEpochSecond();
        Map<String, Object> claims = new LinkedHashMap<>();
        claims.put("iss", "https://test.invalid/realms/flowlens");
        claims.put("sub", "someone");
        claims.put("iat", now);
        claims.put("exp", now + 300);
        if (audience != null) {
            claims.put("aud", List.of(audience, "account"));
        }
        claims.put("realm_access", Map.of("roles", roles));
        claims.put("groups", groups);
        return claims;
    }

    /** A token with these claims for this audience. */
    public static String token(String audience, List<String> roles, List<String> groups) {
        return sign(claims(audience, roles, groups));
    }

    /** The claims as a JWT signed with the local key (RS256). */
    public static String sign(Map<String, Object> claims) {
        try {
            String signed = URL.encodeToString(JSON.writeValueAsBytes(Map.of("alg", "RS256", "typ", "JWT"))) + "."
                    + URL.encodeToString(JSON.writeValueAsBytes(claims));
            Signature rsa = Signature.getInstance("SHA256withRSA");
            rsa.initSign(KeyFactory.getInstance("RSA").generatePrivate(
                    new PKCS8EncodedKeySpec(Base64.getDecoder().decode(pem("local-key/private.pem")))));
            rsa.update(signed.getBytes(StandardCharsets.US_ASCII));
            return signed + "." + URL.encodeToString(rsa.sign());
        } catch (JsonProcessingException | GeneralSecurityException e) {
            throw new IllegalStateException("cannot sign a test token", e);
        }
    }

    /** The base64 body of a PEM file on the test classpath. */
    private static String pem(String resource) {
        try (InputStream in = LocalKey.class.getClassLoader().getResourceAsStream(resource)) {
            String text = new String(in.readAllBytes(), StandardCharsets.US_ASCII);
            return text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", "");
        } catch (IOException | NullPointerException e) {
            throw new IllegalStateException("test resource " + resource + " missing", e);
        }
    }
}
