package dev.flowlens.ingest.connector.github;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.events.FlowEventCodec;
import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.pull.AuthHeader;
import dev.flowlens.ingest.connector.pull.PullContext;
import dev.flowlens.ingest.connector.pull.ToolCheck;
import dev.flowlens.ingest.connector.pull.ToolHttp;
import dev.flowlens.ingest.connector.pull.ToolProbe;
import jakarta.enterprise.context.ApplicationScoped;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GitHub's connection test: {@code GET /user} takes the token (401 "Bad credentials" when GitHub refuses it), then
 * each repository of the selector is read as the pull first reads it, {@code GET /repos/{owner}/{repo}/issues}, one
 * object (404 "Not Found" for a repository the token cannot see).
 */
@ApplicationScoped
public class GithubCheck implements ToolCheck {

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.GITHUB;
    }

    @Override
    public void check(PullContext context, List<Check> done) {
        ToolProbe probe = new ToolProbe(context, "github", GithubClient.apiBase(context.settings().baseUrl()),
                new AuthHeader("Authorization", "Bearer " + context.token()), GithubClient.RATE_LIMIT, GithubClient.ERROR_MESSAGE);
        Check credentials = Check.of("credentials", () -> accepted(probe.get("user", Map.of()), "login"));
        done.add(credentials);
        GithubClient client = new GithubClient(context);
        for (String part : context.settings().selector().split(",")) {
            String repo = part.trim();
            if (repo.isEmpty()) {
                continue;
            }
            String name = "selector " + repo;
            if (!credentials.ok()) {
                done.add(Check.skipped(name, "the credentials were refused"));
                continue;
            }
            done.add(Check.of(name, () -> {
                Map<String, String> q = new LinkedHashMap<>();
                q.put("state", "all");
                q.put("per_page", "1");
                client.issues(repo, q);
                return "readable";
            }));
        }
    }

    /** "accepted for <name>", the name as the tool's answer gives it in {@code field}. */
    public static String accepted(ToolHttp.Answer answer, String field) {
        JsonNode me;
        try {
            me = FlowEventCodec.readTree(answer.body().getBytes(StandardCharsets.UTF_8));
        } catch (RuntimeException notJson) {
            me = null;
        }
        String who = me == null ? null : me.path(field).asText(null);
        return who == null || who.isBlank() ? "accepted" : "accepted for " + who;
    }
}
