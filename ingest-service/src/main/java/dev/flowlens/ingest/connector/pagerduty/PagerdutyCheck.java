package dev.flowlens.ingest.connector.pagerduty;

import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.pull.PullContext;
import dev.flowlens.ingest.connector.pull.ToolCheck;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;

/**
 * PagerDuty's connection test: {@code GET /abilities} takes the API key (any valid key, account or user, may read
 * it; 401 with PagerDuty's error object when it refuses the key), then each service of the selector is read,
 * {@code GET /services/{id}} (404 "Not Found", code 2100, for a service the key cannot see). The incidents listing
 * would answer an unknown service id with an empty page, so it cannot name a wrong selector.
 */
@ApplicationScoped
public class PagerdutyCheck implements ToolCheck {

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.PAGERDUTY;
    }

    @Override
    public void check(PullContext context, List<Check> done) {
        PagerdutyClient client = new PagerdutyClient(context);
        Check credentials = Check.of("credentials", () -> {
            client.abilities();
            return "accepted";
        });
        done.add(credentials);
        ToolCheck.eachSelectorPart(context, credentials, done, service -> "readable: " + client.service(service));
    }
}
