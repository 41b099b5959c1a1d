package dev.flowlens.metrics.notify;

import dev.flowlens.internalapi.metrics.Alert;
import java.time.Instant;
import java.util.Comparator;

/**
 * One thing a notifier is told: an alert was raised or ended, in a value stream of this name. Its idempotency key,
 * {@code <alert id>:<raised|ended>}, is the same on every attempt and from every instance.
 *
 * @param event      {@link #RAISED} or {@link #ENDED}
 * @param alert      the alert as derived (an ended one has its until)
 * @param streamName the value stream's name when the event was enqueued
 */
public record AlertEvent(String event, Alert alert, String streamName) {
    public static final String RAISED = "raised";
    public static final String ENDED = "ended";

    /** Events in the order they happened: by instant, a raise before an end at the same instant, then alert id. */
    public static final Comparator<AlertEvent> CHRONOLOGICAL = Comparator.comparing(AlertEvent::at)
            .thenComparing(e -> ENDED.equals(e.event())).thenComparing(e -> e.alert().id());

    /** The event of an alert as it stands: ended when it has an until, else raised. */
    public static AlertEvent of(Alert alert, String streamName) {
        return new AlertEvent(alert.until() == null ? RAISED : ENDED, alert, streamName);
    }

    /** When it happened: the alert's since (raised) or until (ended). */
    public Instant at() {
        return ENDED.equals(event) ? alert.until() : alert.since();
    }

    /** The value of the {@code Idempotency-Key} header. */
    public String idempotencyKey() {
        return alert.id() + ":" + event;
    }
}
