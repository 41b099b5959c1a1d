package dev.flowlens.ingest.connector.pagerduty;

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
 * PagerDuty's REST API for one connector and run: {@link PagerdutyApi} plus the API token
 * ({@code Authorization: Token token=<token>}), retries and circuit breaking ({@link ToolHttp}) and PagerDuty's rate
 * limit: 429, waiting {@code Retry-After} or else {@code ratelimit-reset} (seconds); a 2xx with
 * {@code ratelimit-remaining: 0} waits {@code ratelimit-reset} before the next request.
 */
final class PagerdutyClient {

    static final ToolHttp.RateLimitRule RATE_LIMIT = (a, now) -> {
        Optional<Duration> reset = seconds(a.header("ratelimit-reset"));
        if (a.status() == 429) {
            Optional<Duration> after = ToolHttp.retryAfter(a);
            return after.isPresent() ? after : reset.isPresent() ? reset : Optional.of(Duration.ofSeconds(60));
        }
        return "0".equals(a.header("ratelimit-remaining")) ? reset : Optional.empty();
    };

    /** PagerDuty's JSON errors: {@code {"error": {"message": "...", "code": 2001, "errors": ["..."]}}}. */
    static final ToolHttp.ErrorMessage ERROR_MESSAGE = error -> {
        JsonNode e = error.path("error");
        Optional<String> message = ToolHttp.text(e.get("message"));
        Optional<String> details = ToolHttp.text(e.get("errors"));
        if (message.isPresent() && details.isPresent()) {
            return Optional.of(message.get() + ": " + details.get());
        }
        return message.or(() -> details).or(() -> ToolHttp.text(error.get("message")));
    };

    private final PagerdutyApi api;
    private final ToolHttp http;

    PagerdutyClient(PullContext context) {
        URI base = apiBase(context.settings().baseUrl());
        this.http = context.http("pagerduty", base, RATE_LIMIT, ERROR_MESSAGE);
        this.api = context.restClient(base).register(new AuthHeader("Authorization", "Token token=" + context.token()))
                .build(PagerdutyApi.class);
    }

    /**
     * Where the REST API of an account is: {@code https://api.pagerduty.com} for {@code https://<account>.pagerduty.com},
     * {@code https://api.eu.pagerduty.com} for an EU account, any other base URL itself (a proxy).
     */
    static URI apiBase(String baseUrl) {
        URI given = URI.create(baseUrl.trim().replaceAll("/+$", ""));
        String host = given.getHost() == null ? "" : given.getHost().toLowerCase(Locale.ROOT);
        if (host.endsWith(".eu.pagerduty.com") || host.equals("api.eu.pagerduty.com")) {
            return URI.create("https://api.eu.pagerduty.com");
        }
        if (host.endsWith(".pagerduty.com") || host.equals("pagerduty.com")) {
            return URI.create("https://api.pagerduty.com");
        }
        return given;
    }

    /** One page of {@code GET /incidents}. */
    JsonNode incidents(Map<String, String> query) {
        ToolHttp.Answer a = http.get("GET /incidents", () -> api.incidents(query));
        JsonNode body = FlowEventCodec.readTree(a.body().getBytes(StandardCharsets.UTF_8));
        if (body == null || !body.isObject() || !body.path("incidents").isArray()) {
            throw new PullFailure("GET /incidents did not answer {\"incidents\": [...]} (" + a.status() + ")");
        }
        return body;
    }

    /** {@code GET /abilities}: answers when PagerDuty accepts the key (any key may read them). */
    void abilities() {
        http.get("GET /abilities", api::abilities);
    }

    /** {@code GET /services/{id}}: the service's name, or its id when the answer has none. */
    String service(String id) {
        String path = "/services/" + URLEncoder.encode(id, StandardCharsets.UTF_8);
        ToolHttp.Answer a = http.get("GET " + path, () -> api.service(id));
        JsonNode body = FlowEventCodec.readTree(a.body().getBytes(StandardCharsets.UTF_8));
        String name = body == null ? null : body.path("service").path("name").asText(null);
        return name == null || name.isBlank() ? id : name;
    }

    /** {@code ratelimit-reset}: seconds until the limit resets. */
    private static Optional<Duration> seconds(String v) {
        if (v == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Duration.ofSeconds(Math.max(0, Long.parseLong(v.trim()))));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }
}
