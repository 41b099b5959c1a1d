package dev.flowlens.ingest.connector.github;

import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.pull.AuthHeader;
import dev.flowlens.ingest.connector.pull.PullContext;
import dev.flowlens.ingest.connector.pull.ToolCheck;
import dev.flowlens.ingest.connector.pull.ToolProbe;
import jakarta.enterprise.context.ApplicationScoped;
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
        Check credentials = Check.of("credentials", () -> ToolCheck.acceptedFor(probe.get("user", Map.of()), "login"));
        done.add(credentials);
        GithubClient client = new GithubClient(context);
        ToolCheck.eachSelectorPart(context, credentials, done, repo -> {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("state", "all");
            q.put("per_page", "1");
            client.issues(repo, q);
            return "readable";
        });
    }
}
