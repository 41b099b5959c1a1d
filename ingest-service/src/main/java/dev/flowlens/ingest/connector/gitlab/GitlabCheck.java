package dev.flowlens.ingest.connector.gitlab;

import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.pull.AuthHeader;
import dev.flowlens.ingest.connector.pull.PullContext;
import dev.flowlens.ingest.connector.pull.ToolCheck;
import dev.flowlens.ingest.connector.pull.ToolProbe;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * GitLab's connection test: {@code GET /api/v4/user} takes the token (401 "401 Unauthorized" when GitLab refuses it),
 * then each project of the selector is read as the pull first reads it, {@code GET /projects/:id/issues}, one object
 * (404 "404 Project Not Found" for a project the token cannot see).
 */
@ApplicationScoped
public class GitlabCheck implements ToolCheck {

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.GITLAB;
    }

    @Override
    public void check(PullContext context, List<Check> done) {
        URI base = URI.create(context.settings().baseUrl().trim().replaceAll("/+$", ""));
        ToolProbe probe = new ToolProbe(context, "gitlab", base, new AuthHeader("PRIVATE-TOKEN", context.token()),
                GitlabClient.RATE_LIMIT, GitlabClient.ERROR_MESSAGE);
        Check credentials = Check.of("credentials", () -> ToolCheck.acceptedFor(probe.get("api/v4/user", Map.of()), "username"));
        done.add(credentials);
        GitlabClient client = new GitlabClient(context);
        ToolCheck.eachSelectorPart(context, credentials, done, project -> {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("updated_after", context.since("issues:" + project).toString());
            q.put("order_by", "updated_at");
            q.put("sort", "asc");
            q.put("scope", "all");
            q.put("per_page", "1");
            client.issues(project, q);
            return "readable";
        });
    }
}
