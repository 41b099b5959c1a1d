package dev.flowlens.tools.common;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * An access token of the flowlens realm, fetched from Keycloak's token endpoint and fetched again once it is older
 * than the renewal age (before Keycloak's expiry), or after {@link #invalidate}.
 */
public final class Token {

    private final HttpClient http;
    private final String tokenUrl;
    private final Map<String, String> form;
    private final Duration renewAfter;
    private String value;
    private Instant fetchedAt = Instant.EPOCH;

    private Token(HttpClient http, String realmUrl, Map<String, String> form, Duration renewAfter) {
        this.http = http;
        this.tokenUrl = realmUrl + "/protocol/openid-connect/token";
        this.form = form;
        this.renewAfter = renewAfter;
    }

    /** The ingest client's token (client credentials of flowlens-ingest, as a connector's sender has). */
    public static Token ingest(HttpClient http, String realmUrl, Duration renewAfter) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", "flowlens-ingest");
        form.put("client_secret", "flowlens-ingest-secret");
        return new Token(http, realmUrl, form, renewAfter);
    }

    /**
     * The gateway's service token (client credentials of flowlens-gateway), the only one metrics-service's
     * {@code /internal} API accepts.
     */
    public static Token gateway(HttpClient http, String realmUrl, Duration renewAfter) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "client_credentials");
        form.put("client_id", "flowlens-gateway");
        form.put("client_secret", "flowlens-gateway-secret");
        return new Token(http, realmUrl, form, renewAfter);
    }

    /** A realm user's token through the flowlens-cli client (password grant). */
    public static Token user(HttpClient http, String realmUrl, String username, String password, Duration renewAfter) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", "flowlens-cli");
        form.put("username", username);
        form.put("password", password);
        return new Token(http, realmUrl, form, renewAfter);
    }

    /** The token, fetched first when there is none yet or it is older than the renewal age. */
    public synchronized String get() throws IOException, InterruptedException {
        if (value == null || !fetchedAt.plus(renewAfter).isAfter(Instant.now())) {
            value = fetch();
            fetchedAt = Instant.now();
        }
        return value;
    }

    /** The next {@link #get} fetches a new token (e.g. after a 401). */
    public synchronized void invalidate() {
        fetchedAt = Instant.EPOCH;
    }

    private String fetch() throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8) + "="
                        + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        HttpResponse<String> r;
        try {
            r = http.send(HttpRequest.newBuilder(URI.create(tokenUrl)).timeout(Duration.ofSeconds(30))
                    .header("Content-Type", "application/x-www-form-urlencoded")
                    .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (IOException e) {
            throw new IOException("POST " + tokenUrl + " failed: " + e, e);
        }
        JsonNode token = r.statusCode() == 200 ? Json.tree(r.body()).path("access_token") : null;
        if (token == null || !token.isTextual()) {
            throw new IllegalStateException("token request answered " + r.statusCode() + ": " + r.body());
        }
        return token.asText();
    }
}
