package dev.flowlens.ingest.connector.jenkins;

import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.pull.PullContext;
import dev.flowlens.ingest.connector.pull.ToolCheck;
import dev.flowlens.ingest.connector.pull.ToolProbe;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.URI;
import java.util.List;
import java.util.Map;

/**
 * Jenkins's connection test: {@code GET /whoAmI/api/json} takes the credential ({@code <user>:<api token>}; 401 when
 * Jenkins refuses it, with an HTML page that is not echoed) and says who Jenkins took it for, then each job of the
 * selector is read as the pull first reads it, {@code GET /job/<..>/api/json} with its newest build (404 for a job
 * that does not exist or that the user may not read: Jenkins hides those).
 */
@ApplicationScoped
public class JenkinsCheck implements ToolCheck {

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.JENKINS;
    }

    @Override
    public void check(PullContext context, List<Check> done) {
        JenkinsClient client = new JenkinsClient(context);
        ToolProbe probe = new ToolProbe(context, "jenkins", URI.create(client.base()), client.auth(), JenkinsClient.RATE_LIMIT,
                JenkinsClient.ERROR_MESSAGE);
        Check credentials = Check.of("credentials", () -> ToolCheck.acceptedFor(probe.get("whoAmI/api/json", Map.of()), "name"));
        done.add(credentials);
        ToolCheck.eachSelectorPart(context, credentials, done, job -> {
            client.builds(job, 0, 1);
            return "readable";
        });
    }
}
