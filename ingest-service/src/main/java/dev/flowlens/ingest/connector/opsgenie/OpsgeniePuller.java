package dev.flowlens.ingest.connector.opsgenie;

import static dev.flowlens.ingest.connector.PayloadFields.text;
import static dev.flowlens.ingest.connector.PayloadFields.time;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.Pulled;
import dev.flowlens.ingest.connector.pull.PullContext;
import dev.flowlens.ingest.connector.pull.ToolPuller;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Opsgenie's incremental pull, per impacted service the selector lists (comma-separated service ids; resource
 * {@code incidents:<service id>}): {@code GET /v1/incidents?query=impactedServices:<id> AND createdAt>=<cursor ms>
 * &sort=createdAt&order=asc}, paged by {@code offset}/{@code limit} until a page is short. As for PagerDuty, the
 * cursor is the newest creation read, held at the creation of the oldest incident still open; an incident is stored
 * again (and mapped) when its {@code updatedAt} changes.
 */
@ApplicationScoped
public class OpsgeniePuller implements ToolPuller {

    static final String RESOURCE = "incidents";

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.OPSGENIE;
    }

    @Override
    public void pull(PullContext context) {
        OpsgenieClient client = new OpsgenieClient(context);
        OpsgenieMapper mapper = new OpsgenieMapper(context.settings());
        int size = context.config().pageSize();
        for (String service : Arrays.stream(context.settings().selector().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
            String resource = RESOURCE + ":" + service;
            Instant since = context.since(resource);
            Instant held = null;
            Instant newest = null;
            for (int offset = 0; ; ) {
                Map<String, String> q = new LinkedHashMap<>();
                q.put("query", "impactedServices:" + service + " AND createdAt>=" + since.toEpochMilli());
                q.put("sort", "createdAt");
                q.put("order", "asc");
                q.put("limit", String.valueOf(size));
                q.put("offset", String.valueOf(offset));
                JsonNode page = client.incidents(q);
                List<Pulled> items = new ArrayList<>();
                for (JsonNode incident : page.get("data")) {
                    Instant created = time(incident, "createdAt");
                    String status = text(incident, "status");
                    if (created != null && (newest == null || created.isAfter(newest))) {
                        newest = created;
                    }
                    if (created != null && !"resolved".equals(status) && !"closed".equals(status) && (held == null || created.isBefore(held))) {
                        held = created;
                    }
                    String url = text(incident, "links", "api") != null ? text(incident, "links", "api") : "/v1/incidents/" + text(incident, "id");
                    Map<String, String> metadata = Map.of(Pulled.RESOURCE, resource);
                    items.add(new Pulled(url + "@" + text(incident, "updatedAt"), url, metadata, incident.toString(),
                            mapper.mapPulled(resource, incident, metadata).events()));
                }
                context.commit(resource, items, held != null ? held : newest);
                int n = page.get("data").size();
                if (n < size || n == 0) {
                    break;
                }
                offset += n;
            }
        }
    }
}
