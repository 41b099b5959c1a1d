package dev.flowlens.ingest.connector.opsgenie;

import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.pull.PullContext;
import dev.flowlens.ingest.connector.pull.ToolCheck;
import jakarta.enterprise.context.ApplicationScoped;
import java.util.List;
import java.util.Map;

/**
 * Opsgenie's connection test: the pull's own listing, {@code GET /v1/incidents?limit=1}, takes the API key (401
 * "Could not authenticate" when Opsgenie refuses it; an API integration's key has no "who am I" call), then each
 * impacted service of the selector is read, {@code GET /v1/services/{id}} (404 with Opsgenie's message for a service
 * that does not exist). The incidents search would answer an unknown service with an empty page, so it cannot name a
 * wrong selector.
 */
@ApplicationScoped
public class OpsgenieCheck implements ToolCheck {

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.OPSGENIE;
    }

    @Override
    public void check(PullContext context, List<Check> done) {
        OpsgenieClient client = new OpsgenieClient(context);
        Check credentials = Check.of("credentials", () -> {
            client.incidents(Map.of("limit", "1"));
            return "accepted";
        });
        done.add(credentials);
        ToolCheck.eachSelectorPart(context, credentials, done, service -> "readable: " + client.service(service));
    }
}
