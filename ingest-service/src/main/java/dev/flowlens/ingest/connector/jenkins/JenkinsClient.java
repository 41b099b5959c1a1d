package dev.flowlens.ingest.connector.jenkins;

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
import java.util.Base64;
import java.util.Optional;

/**
 * The Jenkins JSON API for one connector and run: {@link JenkinsApi} per job, with the credential
 * ({@code <user>:<api token>} as HTTP Basic), retries and circuit breaking ({@link ToolHttp}). Jenkins has no rate
 * limit of its own; a proxy's 429 is waited out ({@code Retry-After}, else 60 s).
 */
final class JenkinsClient {

    /** The build fields the pull reads, newest first, {@code {from,to}} appended per page. */
    static final String BUILD_TREE = "allBuilds[number,url,result,building,timestamp,duration,"
            + "actions[lastBuiltRevision[SHA1,branch[name]],remoteUrls],changeSets[kind,items[commitId,timestamp]],"
            + "changeSet[kind,items[commitId,timestamp]]]";

    static final ToolHttp.RateLimitRule RATE_LIMIT = (a, now) -> a.status() == 429
            ? Optional.of(ToolHttp.retryAfter(a).orElse(Duration.ofSeconds(60)))
            : Optional.empty();

    static final ToolHttp.ErrorMessage ERROR_MESSAGE = error -> ToolHttp.text(error.get("message"));

    private final PullContext context;
    private final ToolHttp http;
    private final String base;
    private final AuthHeader auth;

    JenkinsClient(PullContext context) {
        this.context = context;
        this.base = context.settings().baseUrl().trim().replaceAll("/+$", "");
        this.http = context.http("jenkins", URI.create(base), RATE_LIMIT, ERROR_MESSAGE);
        String token = context.token();
        this.auth = new AuthHeader("Authorization", token.contains(":")
                ? "Basic " + Base64.getEncoder().encodeToString(token.getBytes(StandardCharsets.UTF_8))
                : "Bearer " + token);
    }

    /** A job's URL path below Jenkins: {@code folder/app} -> {@code /job/folder/job/app}. */
    static String jobPath(String jobFullName) {
        StringBuilder p = new StringBuilder();
        for (String name : jobFullName.split("/")) {
            p.append("/job/").append(URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20"));
        }
        return p.toString();
    }

    /** Builds {@code from} (inclusive) to {@code to} (exclusive) of a job, newest first. */
    JsonNode builds(String jobFullName, int from, int to) {
        String path = jobPath(jobFullName);
        JenkinsApi api = context.restClient(URI.create(base + path)).register(auth).build(JenkinsApi.class);
        String what = "GET " + path + "/api/json";
        ToolHttp.Answer a = http.get(what, () -> api.job(BUILD_TREE + "{" + from + "," + to + "}"));
        JsonNode body = FlowEventCodec.readTree(a.body().getBytes(StandardCharsets.UTF_8));
        if (body == null || !body.isObject()) {
            throw new PullFailure(what + " did not answer a JSON object (" + a.status() + ")");
        }
        return body;
    }

    /** Jenkins's base URL, without a trailing slash. */
    String base() {
        return base;
    }

    /** The credential header every request carries. */
    AuthHeader auth() {
        return auth;
    }

    /** The API URL of a job, as stored with its builds. */
    String jobUrl(String jobFullName) {
        return base + jobPath(jobFullName);
    }
}
