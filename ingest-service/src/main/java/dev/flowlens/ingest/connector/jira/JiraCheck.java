package dev.flowlens.ingest.connector.jira;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.pull.PullContext;
import dev.flowlens.ingest.connector.pull.ToolCheck;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Jira's connection test: {@code GET /rest/api/3/myself} takes the token (401 when Jira refuses it), then the
 * selector's JQL is run as the pull runs it, {@code GET /rest/api/3/search/jql}, one issue (400 with Jira's
 * {@code errorMessages}, e.g. "The value 'X' does not exist for the field 'project'.", when the token cannot read a
 * project it names or the JQL is wrong).
 */
@ApplicationScoped
public class JiraCheck implements ToolCheck {

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.JIRA;
    }

    @Override
    public void check(PullContext context, List<Check> done) {
        JiraClient client = new JiraClient(context);
        Check credentials = Check.of("credentials", () -> accepted(client.myself()));
        done.add(credentials);
        String name = "selector";
        if (!credentials.ok()) {
            done.add(Check.skipped(name, "the credentials were refused"));
            return;
        }
        done.add(Check.of(name, () -> {
            Map<String, String> q = new LinkedHashMap<>();
            q.put("jql", context.settings().selector());
            q.put("fields", "key");
            q.put("maxResults", "1");
            client.search(q);
            return "readable";
        }));
    }

    private static String accepted(JsonNode me) {
        String who = me.path("displayName").asText(null);
        return who == null || who.isBlank() ? "accepted" : "accepted for " + who;
    }
}
