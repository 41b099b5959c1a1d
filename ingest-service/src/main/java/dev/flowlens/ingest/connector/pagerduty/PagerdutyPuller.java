package dev.flowlens.ingest.connector.pagerduty;

import static dev.flowlens.ingest.connector.PayloadFields.text;
import static dev.flowlens.ingest.connector.PayloadFields.time;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.Pulled;
import dev.flowlens.ingest.connector.pull.PullClock;
import dev.flowlens.ingest.connector.pull.PullContext;
import dev.flowlens.ingest.connector.pull.ToolPuller;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * PagerDuty's incremental pull, per service the selector lists (comma-separated service ids; resource
 * {@code incidents:<service id>}): {@code GET /incidents?service_ids[]=<id>&since=<cursor>&until=<window end>
 * &sort_by=created_at:asc&time_zone=UTC}, paged by {@code offset}/{@code limit} while {@code more}. PagerDuty filters
 * incidents by creation and answers at most six months per request, so the time from the cursor to now is read in
 * windows of {@link #WINDOW}. The cursor is the newest creation read, held at the creation of the oldest incident
 * not yet resolved, so that its resolution is read by a later sync (an incident is stored again, and mapped, when
 * its {@code last_status_change_at} changes).
 */
@ApplicationScoped
public class PagerdutyPuller implements ToolPuller {

    static final String RESOURCE = "incidents";
    /** Longest date range of one listing (PagerDuty allows six months). */
    static final Duration WINDOW = Duration.ofDays(180);

    private final PullClock clock;

    public PagerdutyPuller(PullClock clock) {
        this.clock = clock;
    }

    @Override
    public ConnectorKind kind() {
        return ConnectorKind.PAGERDUTY;
    }

    @Override
    public void pull(PullContext context) {
        PagerdutyClient client = new PagerdutyClient(context);
        PagerdutyMapper mapper = new PagerdutyMapper(context.settings());
        Instant now = clock.now();
        for (String service : Arrays.stream(context.settings().selector().split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList()) {
            String resource = RESOURCE + ":" + service;
            Instant held = null;
            Instant newest = null;
            for (Instant from = context.since(resource); from.isBefore(now); from = from.plus(WINDOW)) {
                Instant until = from.plus(WINDOW).isBefore(now) ? from.plus(WINDOW) : now;
                int offset = 0;
                while (true) {
                    Map<String, String> q = new LinkedHashMap<>();
                    q.put("service_ids[]", service);
                    q.put("since", from.toString());
                    q.put("until", until.toString());
                    q.put("sort_by", "created_at:asc");
                    q.put("time_zone", "UTC");
                    q.put("limit", String.valueOf(context.config().pageSize()));
                    q.put("offset", String.valueOf(offset));
                    JsonNode page = client.incidents(q);
                    List<Pulled> items = new ArrayList<>();
                    for (JsonNode incident : page.get("incidents")) {
                        Instant created = time(incident, "created_at");
                        if (created != null && (newest == null || created.isAfter(newest))) {
                            newest = created;
                        }
                        if (created != null && !"resolved".equals(text(incident, "status")) && (held == null || created.isBefore(held))) {
                            held = created;
                        }
                        String url = text(incident, "self") != null ? text(incident, "self") : "/incidents/" + text(incident, "id");
                        String version = text(incident, "last_status_change_at") != null ? text(incident, "last_status_change_at")
                                : String.valueOf(text(incident, "created_at"));
                        Map<String, String> metadata = Map.of(Pulled.RESOURCE, resource);
                        items.add(new Pulled(url + "@" + version, url, metadata, incident.toString(),
                                mapper.mapPulled(resource, incident, metadata).events()));
                    }
                    context.commit(resource, items, held != null ? held : newest);
                    int size = page.get("incidents").size();
                    if (!page.path("more").asBoolean(false) || size == 0) {
                        break;
                    }
                    offset += size;
                }
            }
        }
    }
}
