package dev.flowlens.ingest.connector.pagerduty;

import static dev.flowlens.ingest.connector.PayloadFields.text;
import static dev.flowlens.ingest.connector.PayloadFields.time;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * The fields of a PagerDuty incident the mapping uses, read from either shape: the REST incident
 * ({@code GET /incidents}, API v2) and the incident a v3 webhook event carries in {@code event.data}.
 * Both name the fields alike ({@code id}, {@code title}, {@code status}, {@code created_at}, {@code html_url},
 * {@code service}, {@code urgency}, {@code priority}); only REST has {@code resolved_at},
 * {@code last_status_change_at} and, when asked for, {@code log_entries}.
 */
final class PagerdutyPayloads {

    private PagerdutyPayloads() {
    }

    /**
     * One incident.
     *
     * @param severity the priority's name ({@code P1}) when the account uses priorities, else the urgency
     *                 ({@code high}/{@code low})
     */
    record Incident(String id, String number, String title, String status, Instant createdAt, String url, String serviceId,
            String serviceName, String severity) {
    }

    static Incident incident(JsonNode i) {
        String severity = text(i, "priority", "summary");
        if (severity == null) {
            severity = text(i, "priority", "name");
        }
        if (severity == null) {
            severity = text(i, "urgency");
        }
        return new Incident(text(i, "id"), text(i, "incident_number") != null ? text(i, "incident_number") : text(i, "number"),
                text(i, "title"), text(i, "status"), time(i, "created_at"), text(i, "html_url"), text(i, "service", "id"),
                text(i, "service", "summary"), severity);
    }

    /**
     * When a REST incident that is {@code resolved} was resolved: its {@code resolved_at} (newer API versions), else
     * the newest {@code resolve_log_entry} among its {@code log_entries}, else its {@code last_status_change_at}
     * (the change to resolved is its last one). Null when it is not resolved.
     */
    static Instant restResolvedAt(JsonNode i) {
        if (!"resolved".equals(text(i, "status"))) {
            return null;
        }
        Instant at = time(i, "resolved_at");
        if (at != null) {
            return at;
        }
        for (JsonNode e : i.path("log_entries")) {
            if ("resolve_log_entry".equals(text(e, "type"))) {
                Instant t = time(e, "created_at");
                if (t != null && (at == null || t.isAfter(at))) {
                    at = t;
                }
            }
        }
        return at != null ? at : time(i, "last_status_change_at");
    }
}
