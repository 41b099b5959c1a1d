package dev.flowlens.ingest.connector.opsgenie;

import static dev.flowlens.ingest.connector.PayloadFields.text;
import static dev.flowlens.ingest.connector.PayloadFields.time;

import com.fasterxml.jackson.databind.JsonNode;
import dev.flowlens.events.EventData;
import dev.flowlens.events.EventType;
import dev.flowlens.events.FlowEvent;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.Mapping;
import dev.flowlens.ingest.connector.PayloadFields;
import dev.flowlens.ingest.connector.ToolMapper;
import dev.flowlens.ingest.connector.ToolTime;
import java.time.Instant;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Opsgenie incidents (pulled) and incident-tagged alerts (webhook) -> {@code incident.opened} and
 * {@code incident.resolved}. Pure.
 *
 * <p>An incident of the Incident API is {@code opsgenie:<account>:<incident id>}: opened at {@code createdAt}, about
 * the connector's {@code serviceNames} entry for its first impacted service (else that service's id), titled by its
 * {@code message}, shown at {@code links.web}, with its priority ({@code P1}..{@code P5}) as severity; resolved
 * ({@code resolved} or {@code closed}) at {@code impactEndDate}, else {@code updatedAt}. Opsgenie's webhook
 * integration sends alert activity, not incidents: an alert whose tags include one of the connector's
 * {@code incidentLabels} is an incident {@code opsgenie:<account>:alert:<alert id>} of the service its {@code entity}
 * names (through {@code serviceNames}), opened by {@code Create} at the alert's {@code createdAt} and resolved by
 * {@code Close} at its {@code updatedAt}.
 */
public final class OpsgenieMapper implements ToolMapper {

    private final ConnectorSettings settings;
    private final String account;

    public OpsgenieMapper(ConnectorSettings settings) {
        this.settings = settings;
        this.account = account(settings);
    }

    /**
     * The account as it appears in ids: the subdomain of {@code https://<account>.app.opsgenie.com} (or
     * {@code .app.eu.opsgenie.com}); another host as {@link ConnectorSettings#site()} gives it.
     */
    static String account(ConnectorSettings settings) {
        return settings.account(".app.eu.opsgenie.com", ".app.opsgenie.com");
    }

    @Override
    public Mapping mapWebhook(String eventKind, JsonNode payload) {
        Mapping m = new Mapping();
        String action = text(payload, "action");
        JsonNode alert = payload.path("alert");
        if (action == null || !alert.isObject() || !settings.isIncident(PayloadFields.labels(alert.get("tags")))) {
            return m; // alert activity of an alert that is no incident (or no alert at all): kept raw
        }
        String alertId = text(alert, "alertId");
        Instant created = millis(alert.get("createdAt"));
        if (alertId == null || created == null) {
            return m.skip("incident alert without an alertId or createdAt");
        }
        String entity = text(alert, "entity");
        String service = settings.serviceName(Arrays.asList(entity), Arrays.asList(entity)).orElse(null);
        if (service == null) {
            return m.skip("incident alert " + alertId + " without an entity (its service)");
        }
        String incidentId = "opsgenie:" + account + ":alert:" + alertId;
        String title = text(alert, "message");
        String cause = settings.causeReference(title, text(alert, "description")).filter(r -> r.contains(":")).orElse(null);
        String source = "opsgenie/" + account;
        String subject = text(alert, "tinyId") != null ? "#" + text(alert, "tinyId") : alertId;
        m.add(new FlowEvent(incidentId + ":opened", source, EventType.INCIDENT_OPENED, created, subject,
                new EventData.IncidentOpened(incidentId, service, text(alert, "priority"), created, cause, title, null)));
        if ("Close".equals(action)) {
            Instant closed = millis(alert.get("updatedAt"));
            if (closed == null) {
                return m.skip("Close of " + alertId + " without updatedAt: resolution left out");
            }
            m.add(new FlowEvent(incidentId + ":resolved:" + closed, source, EventType.INCIDENT_RESOLVED, closed, subject,
                    new EventData.IncidentResolved(incidentId, service, created, closed, cause, title, null)));
        }
        return m;
    }

    /** A pulled object: every resource of the Opsgenie pull ({@code incidents:<service id>}) is one incident. */
    @Override
    public Mapping mapPulled(String resource, JsonNode body, Map<String, String> metadata) {
        return restIncident(body);
    }

    /** One incident of the Incident API ({@code GET /v1/incidents}). */
    public Mapping restIncident(JsonNode i) {
        Mapping m = new Mapping();
        String id = text(i, "id");
        Instant created = time(i, "createdAt");
        if (id == null || created == null) {
            return m.skip("incident without an id or createdAt");
        }
        List<String> impacted = PayloadFields.labels(i.get("impactedServices"));
        String first = impacted.isEmpty() ? null : impacted.get(0);
        String service = settings.serviceName(impacted, Arrays.asList(first)).orElse(null);
        if (service == null) {
            return m.skip("incident " + id + " without an impacted service");
        }
        String incidentId = "opsgenie:" + account + ":" + id;
        String title = text(i, "message");
        String url = text(i, "links", "web");
        String cause = settings.causeReference(title, text(i, "description")).filter(r -> r.contains(":")).orElse(null);
        String source = "opsgenie/" + account;
        String subject = text(i, "tinyId") != null ? "#" + text(i, "tinyId") : id;
        m.add(new FlowEvent(incidentId + ":opened", source, EventType.INCIDENT_OPENED, created, subject,
                new EventData.IncidentOpened(incidentId, service, text(i, "priority"), created, cause, title, url)));
        String status = text(i, "status");
        if ("resolved".equals(status) || "closed".equals(status)) {
            Instant resolved = time(i, "impactEndDate") != null ? time(i, "impactEndDate") : time(i, "updatedAt");
            if (resolved == null) {
                return m.skip("incident " + id + " " + status + " without impactEndDate or updatedAt");
            }
            m.add(new FlowEvent(incidentId + ":resolved:" + resolved, source, EventType.INCIDENT_RESOLVED, resolved, subject,
                    new EventData.IncidentResolved(incidentId, service, created, resolved, cause, title, url)));
        }
        return m;
    }

    /** An epoch time of the webhook: milliseconds, or nanoseconds (Opsgenie's {@code updatedAt}). */
    private static Instant millis(JsonNode n) {
        if (n == null || n.isNull()) {
            return null;
        }
        if (!n.isNumber()) {
            return ToolTime.parse(n.asText());
        }
        long v = n.asLong();
        // the webhook's createdAt is in milliseconds, its updatedAt in nanoseconds
        return ToolTime.ofEpochMilli(v > 100_000_000_000_000L ? v / 1_000_000 : v);
    }
}
