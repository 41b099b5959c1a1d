package dev.flowlens.ingest.connector.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.events.FlowEventCodec;
import dev.flowlens.ingest.connector.pull.AuthHeader;
import dev.flowlens.ingest.connector.pull.PullContext;
import dev.flowlens.ingest.connector.pull.PullFailure;
import dev.flowlens.ingest.connector.pull.ToolHttp;
import jakarta.ws.rs.core.Response;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.function.Supplier;
import java.util.stream.Collectors;

/**
 * GitHub's REST API for one connector and run: {@link GithubApi} plus the token
 * ({@code Authorization: Bearer}), retries and circuit breaking ({@link ToolHttp}), GitHub's rate
 * limits ({@code X-RateLimit-Remaining: 0} -> wait until {@code X-RateLimit-Reset};
 * {@code Retry-After} on 403/429, the secondary limits) and paging by {@code Link: rel="next"}.
 */
final class GithubClient {

    /**
     * One page: its objects, the URL it was read from, the query of the next page if there is one,
     * and, for a listing wrapped in an object ({@code {"total_count", "workflow_runs"}}), its
     * {@code total_count} (-1 for a plain array).
     */
    record Page(List<JsonNode> items, String url, Optional<Map<String, String>> next, long totalCount) {
    }

    /** GitHub's rate-limit rule (docs.github.com "Rate limits for the REST API"). */
    static final ToolHttp.RateLimitRule RATE_LIMIT = (a, now) -> {
        boolean spent = "0".equals(a.header("x-ratelimit-remaining"));
        if (a.status() == 403 || a.status() == 429) {
            Optional<Duration> after = ToolHttp.retryAfter(a);
            if (after.isPresent()) {
                return after;
            }
            // a 403 without these headers is a missing permission, not a limit
            return spent ? ToolHttp.untilEpochSeconds(a.header("x-ratelimit-reset"), now).map(d -> d.plusSeconds(1)) : Optional.empty();
        }
        return spent ? ToolHttp.untilEpochSeconds(a.header("x-ratelimit-reset"), now).map(d -> d.plusSeconds(1)) : Optional.empty();
    };

    private final GithubApi api;
    private final ToolHttp http;
    private final URI base;

    /** GitHub's JSON errors: {@code {"message": "Bad credentials", "documentation_url": ...}}. */
    static final ToolHttp.ErrorMessage ERROR_MESSAGE = error -> ToolHttp.text(error.get("message"));

    GithubClient(PullContext context) {
        this.base = apiBase(context.settings().baseUrl());
        this.http = context.http("github", base, RATE_LIMIT, ERROR_MESSAGE);
        this.api = context.restClient(base).register(new AuthHeader("Authorization", "Bearer " + context.token()))
                .build(GithubApi.class);
    }

    /**
     * The REST base of a connector's {@code baseUrl}: {@code https://github.com} ->
     * {@code https://api.github.com}; any other host is GitHub Enterprise Server, {@code <baseUrl>/api/v3}.
     */
    static URI apiBase(String baseUrl) {
        String b = baseUrl.trim().replaceAll("/+$", "");
        String host = URI.create(b).getHost();
        if (host != null && (host.equalsIgnoreCase("github.com") || host.equalsIgnoreCase("www.github.com"))) {
            return URI.create("https://api.github.com");
        }
        if (host != null && host.toLowerCase(Locale.ROOT).startsWith("api.")) {
            return URI.create(b);
        }
        return URI.create(b + "/api/v3");
    }

    Page issues(String repo, Map<String, String> query) {
        String[] r = split(repo);
        return page("GET /repos/" + repo + "/issues", "/repos/" + repo + "/issues", query, () -> api.issues(r[0], r[1], query));
    }

    Page pulls(String repo, Map<String, String> query) {
        String[] r = split(repo);
        return page("GET /repos/" + repo + "/pulls", "/repos/" + repo + "/pulls", query, () -> api.pulls(r[0], r[1], query));
    }

    Page pullCommits(String repo, long number, Map<String, String> query) {
        String[] r = split(repo);
        String path = "/repos/" + repo + "/pulls/" + number + "/commits";
        return page("GET " + path, path, query, () -> api.pullCommits(r[0], r[1], number, query));
    }

    /** A page of a pull request's reviews, oldest first. */
    Page pullReviews(String repo, long number, Map<String, String> query) {
        String[] r = split(repo);
        String path = "/repos/" + repo + "/pulls/" + number + "/reviews";
        return page("GET " + path, path, query, () -> api.pullReviews(r[0], r[1], number, query));
    }

    Page deployments(String repo, Map<String, String> query) {
        String[] r = split(repo);
        return page("GET /repos/" + repo + "/deployments", "/repos/" + repo + "/deployments", query,
                () -> api.deployments(r[0], r[1], query));
    }

    /** {@code GET /actions/runs}: its {@code workflow_runs}, with {@code total_count}. */
    Page workflowRuns(String repo, Map<String, String> query) {
        String[] r = split(repo);
        String path = "/repos/" + repo + "/actions/runs";
        return page("GET " + path, path, query, "workflow_runs", () -> api.workflowRuns(r[0], r[1], query));
    }

    Page deploymentStatuses(String repo, long id, Map<String, String> query) {
        String[] r = split(repo);
        String path = "/repos/" + repo + "/deployments/" + id + "/statuses";
        return page("GET " + path, path, query, () -> api.deploymentStatuses(r[0], r[1], id, query));
    }

    /** The earliest author time of a pull request's commits (all pages; GitHub lists at most 250). */
    Instant firstCommitAt(String repo, long number, int pageSize) {
        Instant first = null;
        Map<String, String> q = new LinkedHashMap<>(Map.of("per_page", String.valueOf(pageSize)));
        while (true) {
            Page p = pullCommits(repo, number, q);
            for (JsonNode c : p.items()) {
                Instant t = dev.flowlens.ingest.connector.ToolTime.parse(c.path("commit").path("author").path("date").asText(null));
                if (t != null && (first == null || t.isBefore(first))) {
                    first = t;
                }
            }
            if (p.next().isEmpty()) {
                return first;
            }
            q = new LinkedHashMap<>(p.next().get());
        }
    }

    int requests() {
        return http.requests();
    }

    private Page page(String what, String path, Map<String, String> query, Supplier<Response> call) {
        return page(what, path, query, null, call);
    }

    /** @param wrapper the field of the answer's object holding the list, or null when the answer is the list */
    private Page page(String what, String path, Map<String, String> query, String wrapper, Supplier<Response> call) {
        ToolHttp.Answer a = http.get(what, call);
        JsonNode answer = FlowEventCodec.readTree(a.body().getBytes(StandardCharsets.UTF_8));
        JsonNode body = wrapper == null || answer == null ? answer : answer.get(wrapper);
        if (body == null || !body.isArray()) {
            throw new PullFailure(what + " did not answer a JSON array" + (wrapper == null ? "" : " in '" + wrapper + "'")
                    + " (" + a.status() + ")");
        }
        long total = wrapper == null ? -1 : answer.path("total_count").asLong(-1);
        List<JsonNode> items = new ArrayList<>();
        body.forEach(items::add);
        String url = base + path + (query.isEmpty() ? "" : "?" + query.entrySet().stream()
                .map(e -> e.getKey() + "=" + java.net.URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&")));
        return new Page(items, url, ToolHttp.nextLink(a.header("link")).map(ToolHttp::query), total);
    }

    private static String[] split(String repo) {
        int slash = repo.indexOf('/');
        if (slash <= 0 || slash == repo.length() - 1 || repo.indexOf('/', slash + 1) >= 0) {
            throw new PullFailure("selector: '" + repo + "' is not a GitHub repository 'owner/name'");
        }
        return new String[] {repo.substring(0, slash), repo.substring(slash + 1)};
    }
}
