package dev.flowlens.ingest.connector.jira;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.events.FlowEventCodec;
import dev.flowlens.ingest.connector.pull.AuthHeader;
import dev.flowlens.ingest.connector.pull.PullContext;
import dev.flowlens.ingest.connector.pull.PullFailure;
import dev.flowlens.ingest.connector.pull.ToolHttp;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.DateTimeException;
import java.time.Duration;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Jira Cloud's REST API for one connector and run: {@link JiraApi} plus the credential, retries
 * and circuit breaking ({@link ToolHttp}) and Jira's rate limit (429 with {@code Retry-After}).
 *
 * <p>Credential: the connector's token is {@code <email>:<api token>} for Jira Cloud, sent as
 * HTTP Basic; a token without {@code :} is a personal access token (Jira Data Center), sent as
 * {@code Bearer}.
 */
final class JiraClient {

    /** Jira's rate-limit rule (developer.atlassian.com "Rate limiting"): 429 says how long in Retry-After. */
    static final ToolHttp.RateLimitRule RATE_LIMIT = (a, now) -> a.status() == 429
            ? Optional.of(ToolHttp.retryAfter(a).orElse(Duration.ofSeconds(10)))
            : Optional.empty();

    private final JiraApi api;
    private final ToolHttp http;

    /**
     * Jira's JSON errors: {@code {"errorMessages": ["..."], "errors": {"field": "..."}}}; some endpoints answer
     * {@code {"message": "..."}} instead.
     */
    static final ToolHttp.ErrorMessage ERROR_MESSAGE = error -> {
        List<String> parts = new ArrayList<>();
        ToolHttp.text(error.get("errorMessages")).ifPresent(parts::add);
        ToolHttp.text(error.get("errors")).ifPresent(parts::add);
        return parts.isEmpty() ? ToolHttp.text(error.get("message")) : Optional.of(String.join("; ", parts));
    };

    JiraClient(PullContext context) {
        URI base = URI.create(context.settings().baseUrl().trim().replaceAll("/+$", ""));
        this.http = context.http("jira", base, RATE_LIMIT, ERROR_MESSAGE);
        String token = context.token();
        String auth = token.contains(":")
                ? "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8))
                : "Bearer " + token;
        this.api = context.restClient(base).register(new AuthHeader("Authorization", auth)).build(JiraApi.class);
    }

    /** One page of {@code GET /rest/api/3/search/jql}: {@code {issues, nextPageToken?, isLast?}} (or the older {@code startAt/total}). */
    JsonNode search(Map<String, String> query) {
        return object("GET /rest/api/3/search/jql", http.get("GET /rest/api/3/search/jql", () -> api.search(query)));
    }

    /**
     * Every history entry of an issue's changelog ({@code GET /rest/api/3/issue/{id}/changelog}),
     * paged by {@code startAt} until {@code isLast} (or {@code total}).
     */
    List<JsonNode> changelog(String issueId, int pageSize) {
        String what = "GET /rest/api/3/issue/" + issueId + "/changelog";
        List<JsonNode> all = new ArrayList<>();
        while (true) {
            Map<String, String> q = Map.of("startAt", String.valueOf(all.size()), "maxResults", String.valueOf(pageSize));
            JsonNode page = object(what, http.get(what, () -> api.changelog(issueId, q)));
            JsonNode values = page.path("values");
            if (!values.isArray()) {
                throw new PullFailure(what + " answered no values array");
            }
            values.forEach(all::add);
            boolean last = page.has("isLast") ? page.path("isLast").asBoolean()
                    : all.size() >= page.path("total").asInt(0);
            if (last || values.isEmpty()) {
                return all;
            }
        }
    }

    /** {@code GET /rest/api/3/myself}: the token's user. */
    JsonNode myself() {
        return object("GET /rest/api/3/myself", http.get("GET /rest/api/3/myself", api::myself));
    }

    /** The zone the token's user reads JQL dates in; UTC when Jira does not say. */
    ZoneId userZone() {
        JsonNode me = myself();
        String zone = me.path("timeZone").asText(null);
        try {
            return zone == null ? ZoneOffset.UTC : ZoneId.of(zone);
        } catch (DateTimeException e) {
            return ZoneOffset.UTC;
        }
    }

    private static JsonNode object(String what, ToolHttp.Answer a) {
        JsonNode body = FlowEventCodec.readTree(a.body().getBytes(StandardCharsets.UTF_8));
        if (body == null || !body.isObject()) {
            throw new PullFailure(what + " did not answer a JSON object (" + a.status() + ")");
        }
        return body;
    }
}
