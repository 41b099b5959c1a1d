package dev.flowlens.metrics.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.flowlens.internalapi.metrics.Alert;
import dev.flowlens.internalapi.metrics.AlertKind;
import dev.flowlens.internalapi.metrics.NotifierFormat;
import java.time.Instant;

/**
 * What a notifier's receiver gets (docs/operations.md "Notifiers"): pure functions of the event.
 *
 * <p>JSON: the {@link Alert}'s fields as the API names them, with {@code event} ({@code raised} or {@code ended}) and
 * {@code valueStreamName}. SLACK: an incoming-webhook message, {@code {"text": ...}}, one line of plain text in which
 * Slack's control characters ({@code & < >}) are escaped, so that a stage or stream name is shown as it is, never as
 * a link or a mention.
 */
public final class NotifierBodies {
    private static final ObjectMapper JSON = new ObjectMapper();

    private NotifierBodies() {
    }

    /** The body in a notifier's format, as the bytes that are signed and sent. */
    public static byte[] of(NotifierFormat format, AlertEvent event) {
        ObjectNode body = format == NotifierFormat.SLACK ? slack(event) : json(event);
        try {
            return JSON.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an alert body could not be written", e);
        }
    }

    static ObjectNode json(AlertEvent event) {
        Alert a = event.alert();
        ObjectNode body = JSON.createObjectNode();
        body.put("event", event.event());
        body.put("id", a.id());
        body.put("valueStreamId", a.valueStreamId());
        body.put("valueStreamName", event.streamName());
        body.put("kind", a.kind().name());
        body.put("stage", a.stage());
        body.put("itemId", a.itemId());
        body.put("since", a.since().toString());
        body.put("until", a.until() == null ? null : a.until().toString());
        return body;
    }

    static ObjectNode slack(AlertEvent event) {
        return JSON.createObjectNode().put("text", slackText(event));
    }

    /** The Slack message's text, already escaped for Slack. */
    static String slackText(AlertEvent event) {
        Alert a = event.alert();
        boolean raised = AlertEvent.RAISED.equals(event.event());
        String stream = escape(event.streamName());
        String what = a.kind() == AlertKind.WIP_LIMIT
                ? (raised ? "WIP limit exceeded" : "WIP limit respected again") + ": stage " + escape(a.stage()) + " of " + stream
                : (raised ? "SLE breached" : "SLE breach ended") + ": item " + escape(a.itemId()) + " of " + stream;
        String when = raised ? "since " + time(a.since()) : "from " + time(a.since()) + " until " + time(a.until());
        return (raised ? ":warning: " : ":white_check_mark: ") + what + ", " + when + " (alert " + escape(a.id()) + ")";
    }

    /** Slack's escaping of message text: &amp;, &lt; and &gt; are the only characters it reads as markup. */
    static String escape(String text) {
        return text == null ? "" : text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;");
    }

    private static String time(Instant t) {
        return t.toString();
    }
}
