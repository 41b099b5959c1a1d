package dev.flowlens.ingest.connector.opsgenie;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.events.FlowEventCodec;
import dev.flowlens.ingest.connector.pull.AuthHeader;
import dev.flowlens.ingest.connector.pull.PullContext;
import dev.flowlens.ingest.connector.pull.PullFailure;
import dev.flowlens.ingest.connector.pull.ToolHttp;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;

/**
 * Opsgenie's REST API for one connector and run: {@link OpsgenieApi} plus the API key
 * ({@code Authorization: GenieKey <key>}), retries and circuit breaking ({@link ToolHttp}) and Opsgenie's rate limit
 * (429, {@code X-RateLimit-State: THROTTLED}): wait {@code Retry-After}, else 60 s.
 */
final class OpsgenieClient {

    static final ToolHttp.RateLimitRule RATE_LIMIT = (a, now) -> a.status() == 429
            ? Optional.of(ToolHttp.retryAfter(a).orElse(Duration.ofSeconds(60)))
            : Optional.empty();

    /** Opsgenie's JSON errors: {@code {"message": "...", "took": 0.0, "requestId": "..."}}. */
    static final ToolHttp.ErrorMessage ERROR_MESSAGE = error -> ToolHttp.text(error.get("message"));

    private final OpsgenieApi api;
    private final ToolHttp http;

    OpsgenieClient(PullContext context) {
        URI base = apiBase(context.settings().baseUrl());
        this.http = context.http("opsgenie", base, RATE_LIMIT, ERROR_MESSAGE);
        this.api = context.restClient(base).register(new AuthHeader("Authorization", "GenieKey " + context.token()))
                .build(OpsgenieApi.class);
    }

    /**
     * Where the API of an account is: {@code https://api.opsgenie.com} for {@code https://<account>.app.opsgenie.com},
     * {@code https://api.eu.opsgenie.com} for an EU account, any other base URL itself.
     */
    static URI apiBase(String baseUrl) {
        URI given = URI.create(baseUrl.trim().replaceAll("/+$", ""));
        String host = given.getHost() == null ? "" : given.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".app.eu.opsgenie.com")) {
            return URI.create("https://api.eu.opsgenie.com");
        }
        if (host.endsWith(".app.opsgenie.com")) {
            return URI.create("https://api.opsgenie.com");
        }
        return given;
    }

    /** One page of {@code GET /v1/incidents}. */
    JsonNode incidents(Map<String, String> query) {
        ToolHttp.Answer a = http.get("GET /v1/incidents", () -> api.incidents(query));
        JsonNode body = FlowEventCodec.readTree(a.body().getBytes(StandardCharsets.UTF_8));
        if (body == null || !body.isObject() || !body.path("data").isArray()) {
            throw new PullFailure("GET /v1/incidents did not answer {\"data\": [...]} (" + a.status() + ")");
        }
        return body;
    }

    /** {@code GET /v1/services/{id}}: the service's name, or its id when the answer has none. */
    String service(String id) {
        String path = "/v1/services/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        ToolHttp.Answer a = http.get("GET " + path, () -> api.service(id));
        JsonNode body = FlowEventCodec.readTree(a.body().getBytes(StandardCharsets.UTF_8));
        String name = body == null ? null : body.path("data").path("name").asText(null);
        return name == null || name.isBlank() ? id : name;
    }
}
