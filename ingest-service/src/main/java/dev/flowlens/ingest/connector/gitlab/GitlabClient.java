package dev.flowlens.ingest.connector.gitlab;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.events.FlowEventCodec;
import dev.flowlens.ingest.connector.pull.AuthHeader;
import dev.flowlens.ingest.connector.pull.PullContext;
import dev.flowlens.ingest.connector.pull.PullFailure;
import dev.flowlens.ingest.connector.pull.ToolHttp;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;

/**
 * GitLab's REST API for one connector and run: {@link GitlabApi} plus the token
 * ({@code PRIVATE-TOKEN}), retries and circuit breaking ({@link ToolHttp}), GitLab's rate limits
 * ({@code RateLimit-Remaining: 0} -> wait until {@code RateLimit-Reset}; 429 {@code Retry-After})
 * and paging by {@code X-Next-Page} (else {@code Link: rel="next"}).
 */
final class GitlabClient {

    /** One page: its objects, the URL it was read from, and the query of the next page if there is one. */
    record Page(List<JsonNode> items, String url, Optional<Map<String, String>> next, Optional<Integer> total) {
    }

    /** GitLab's rate-limit rule (docs.gitlab.com "Rate limits"). */
    static final ToolHttp.RateLimitRule RATE_LIMIT = (a, now) -> {
        Optional<Duration> reset = ToolHttp.untilEpochSeconds(a.header("ratelimit-reset"), now);
        if (a.status() == 429) {
            Optional<Duration> after = ToolHttp.retryAfter(a);
            return after.isPresent() ? after : reset.isPresent() ? reset : Optional.of(Duration.ofSeconds(60));
        }
        return "0".equals(a.header("ratelimit-remaining")) ? reset : Optional.empty();
    };

    private final GitlabApi api;
    private final ToolHttp http;
    private final String base;

    /**
     * GitLab's JSON errors: {@code {"message": "401 Unauthorized"}}, a message of field errors
     * ({@code {"message": {"base": ["..."]}}}), or OAuth's {@code {"error": ..., "error_description": ...}}.
     */
    static final ToolHttp.ErrorMessage ERROR_MESSAGE = error -> ToolHttp.text(error.get("message"))
            .or(() -> ToolHttp.text(error.get("error_description")))
            .or(() -> ToolHttp.text(error.get("error")));

    GitlabClient(PullContext context) {
        this.base = context.settings().baseUrl().trim().replaceAll("/+$", "");
        URI uri = URI.create(base);
        this.http = context.http("gitlab", uri, RATE_LIMIT, ERROR_MESSAGE);
        this.api = context.restClient(uri).register(new AuthHeader("PRIVATE-TOKEN", context.token())).build(GitlabApi.class);
    }

    Page issues(String project, Map<String, String> query) {
        return page(project, "issues", query, () -> api.issues(encode(project), query));
    }

    /** Every resource state event of one issue ({@code GET /projects/:id/issues/:iid/resource_state_events}), all pages. */
    List<JsonNode> issueStateEvents(String project, long iid, int pageSize) {
        List<JsonNode> all = new ArrayList<>();
        Map<String, String> q = new LinkedHashMap<>(Map.of("per_page", String.valueOf(pageSize)));
        while (true) {
            Map<String, String> query = q;
            Page p = page(project, "issues/" + iid + "/resource_state_events", query, () -> api.issueStateEvents(encode(project), iid, query));
            all.addAll(p.items());
            if (p.next().isEmpty()) {
                return all;
            }
            q = new LinkedHashMap<>(p.next().get());
        }
    }

    /** Every note of one merge request ({@code GET /projects/:id/merge_requests/:iid/notes?sort=asc}), all pages. */
    List<JsonNode> mergeRequestNotes(String project, long iid, int pageSize) {
        List<JsonNode> all = new ArrayList<>();
        Map<String, String> q = new LinkedHashMap<>(Map.of("per_page", String.valueOf(pageSize), "sort", "asc"));
        while (true) {
            Map<String, String> query = q;
            Page p = page(project, "merge_requests/" + iid + "/notes", query,
                    () -> api.mergeRequestNotes(encode(project), iid, query));
            all.addAll(p.items());
            if (p.next().isEmpty()) {
                return all;
            }
            q = new LinkedHashMap<>(p.next().get());
        }
    }

    Page mergeRequests(String project, Map<String, String> query) {
        return page(project, "merge_requests", query, () -> api.mergeRequests(encode(project), query));
    }

    Page deployments(String project, Map<String, String> query) {
        return page(project, "deployments", query, () -> api.deployments(encode(project), query));
    }

    Page pipelines(String project, Map<String, String> query) {
        return page(project, "pipelines", query, () -> api.pipelines(encode(project), query));
    }

    /** One pipeline ({@code GET /projects/:id/pipelines/:pipeline_id}). */
    JsonNode pipeline(String project, long id) {
        String path = "/api/v4/projects/" + encode(project) + "/pipelines/" + id;
        ToolHttp.Answer a = http.get("GET " + path, () -> api.pipeline(encode(project), id));
        JsonNode body = FlowEventCodec.readTree(a.body().getBytes(StandardCharsets.UTF_8));
        if (body == null || !body.isObject()) {
            throw new PullFailure("GET " + path + " did not answer a JSON object (" + a.status() + ")");
        }
        return body;
    }

    private Page page(String project, String resource, Map<String, String> query, Supplier<Response> call) {
        String path = "/api/v4/projects/" + encode(project) + "/" + resource;
        ToolHttp.Answer a = http.get("GET " + path, call);
        JsonNode body = FlowEventCodec.readTree(a.body().getBytes(StandardCharsets.UTF_8));
        if (body == null || !body.isArray()) {
            throw new PullFailure("GET " + path + " did not answer a JSON array (" + a.status() + ")");
        }
        List<JsonNode> items = new ArrayList<>();
        body.forEach(items::add);
        Optional<Map<String, String>> next;
        String nextPage = a.header("x-next-page");
        if (nextPage != null && !nextPage.isBlank()) {
            Map<String, String> q = new LinkedHashMap<>(query);
            q.put("page", nextPage.trim());
            next = Optional.of(q);
        } else {
            // keyset pagination and large collections send no X-Next-Page, only the Link header
            next = ToolHttp.nextLink(a.header("link")).map(ToolHttp::query);
        }
        return new Page(items, base + path + "?" + String.join("&", query.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).toList()), next, total(a));
    }

    /** {@code X-Total}: the objects of the whole listing (gitlab.com leaves it out past 10,000). */
    private static Optional<Integer> total(ToolHttp.Answer a) {
        String t = a.header("x-total");
        try {
            return t == null || t.isBlank() ? Optional.empty() : Optional.of(Integer.parseInt(t.trim()));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static String encode(String project) {
        return URLEncoder.encode(project, StandardCharsets.UTF_8);
    }
}
