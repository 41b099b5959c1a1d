package dev.flowlens.ingest.connector.pagerduty;

import static dev.flowlens.ingest.connector.PayloadFields.text;
import static dev.flowlens.ingest.connector.PayloadFields.time;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.events.EventData;
import dev.flowlens.events.EventType;
import dev.flowlens.events.FlowEvent;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.Mapping;
import dev.flowlens.ingest.connector.ToolMapper;
import java.time.Instant;
import java.util.Arrays;
import java.util.Map;

/**
 * PagerDuty incidents -> {@code incident.opened} and {@code incident.resolved}. Pure.
 *
 * <p>Ids: the incident is {@code pagerduty:<account>:<incident id>}; its opening is that id plus {@code :opened}
 * (one fact, however often it is delivered or pulled), a resolution that id plus {@code :resolved:<resolvedAt>}
 * (a reopened incident resolved again is a later fact). The service is the connector's {@code serviceNames}
 * entry for the PagerDuty service's id or name, else its name.
 */
public final class PagerdutyMapper implements ToolMapper {

    private final ConnectorSettings settings;
    private final String account;

    public PagerdutyMapper(ConnectorSettings settings) {
        this.settings = settings;
        this.account = account(settings);
    }

    /**
     * The PagerDuty account as it appears in ids: the subdomain of the connector's {@code baseUrl}
     * ({@code https://acme.pagerduty.com}, {@code https://acme.eu.pagerduty.com} -> {@code acme}); another host
     * (a proxy, a test server) as {@link ConnectorSettings#site()} gives it.
     */
    static String account(ConnectorSettings settings) {
        return settings.account(".eu.pagerduty.com", ".pagerduty.com");
    }

    /**
     * One v3 webhook delivery: {@code {"event": {"id", "event_type", "resource_type", "occurred_at", "data"}}}.
     * Every {@code incident.*} event whose {@code data} is the incident says it was opened (at its
     * {@code created_at}); {@code incident.resolved} also says when it was resolved ({@code occurred_at}). Other
     * events ({@code pagey.ping}, {@code service.*}, and notes, whose {@code data} is the note) map to nothing.
     */
    @Override
    public Mapping mapWebhook(String eventKind, JsonNode payload) {
        Mapping m = new Mapping();
        JsonNode event = payload.path("event");
        String type = text(event, "event_type");
        JsonNode data = event.path("data");
        if (type == null || !type.startsWith("incident.") || !"incident".equals(text(data, "type"))) {
            return m;
        }
        PagerdutyPayloads.Incident i = PagerdutyPayloads.incident(data);
        Instant resolvedAt = null;
        if ("incident.resolved".equals(type)) {
            resolvedAt = time(event, "occurred_at");
            if (resolvedAt == null) {
                m.skip("incident.resolved " + i.id() + " without occurred_at: resolution left out");
            }
        }
        return m.addAll(incident(i, resolvedAt));
    }

    /** A pulled object: every resource of the PagerDuty pull ({@code incidents:<service id>}) is one REST incident. */
    @Override
    public Mapping mapPulled(String resource, JsonNode body, Map<String, String> metadata) {
        return restIncident(body);
    }

    /** One REST incident ({@code GET /incidents}): its opening and, when resolved, its resolution. */
    public Mapping restIncident(JsonNode incident) {
        return incident(PagerdutyPayloads.incident(incident), PagerdutyPayloads.restResolvedAt(incident));
    }

    private Mapping incident(PagerdutyPayloads.Incident i, Instant resolvedAt) {
        Mapping m = new Mapping();
        if (i.id() == null || i.createdAt() == null) {
            return m.skip("incident without an id or created_at");
        }
        String service = settings.serviceName(Arrays.asList(i.serviceId(), i.serviceName()), Arrays.asList(i.serviceName(), i.serviceId()))
                .orElse(null);
        if (service == null) {
            return m.skip("incident " + i.id() + " without a service");
        }
        String incidentId = "pagerduty:" + account + ":" + i.id();
        // PagerDuty has no deployments of its own: only a canonical deployment id (with ':') in the title is a link
        String cause = settings.causeReference(i.title()).filter(r -> r.contains(":")).orElse(null);
        String subject = i.number() != null ? "#" + i.number() : i.id();
        String source = "pagerduty/" + account;
        m.add(new FlowEvent(incidentId + ":opened", source, EventType.INCIDENT_OPENED, i.createdAt(), subject,
                new EventData.IncidentOpened(incidentId, service, i.severity(), i.createdAt(), cause, i.title(), i.url())));
        if (resolvedAt != null) {
            m.add(new FlowEvent(incidentId + ":resolved:" + resolvedAt, source, EventType.INCIDENT_RESOLVED, resolvedAt, subject,
                    new EventData.IncidentResolved(incidentId, service, i.createdAt(), resolvedAt, cause, i.title(), i.url())));
        }
        return m;
    }
}
