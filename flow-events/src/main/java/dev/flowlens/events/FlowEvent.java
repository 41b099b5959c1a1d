package dev.flowlens.events;

import java.time.Instant;
import java.util.Objects;

/**
 * A canonical flow event: a CloudEvents 1.0 envelope around typed {@link EventData}.
 *
 * @param id       stable id: the same fact from the same tool always has the same id
 * @param source   the tool instance, e.g. {@code jira/acme}
 * @param type     the event type
 * @param time     when the fact happened in the tool (UTC)
 * @param subject  optional subject, e.g. the issue key
 * @param data     the typed payload; its class matches {@code type}
 * @param revision the mapping revision: when ingest-service mapped (or accepted) this version of the event, in
 *                 microseconds since the epoch, from the CloudEvents extension attribute {@value #MAPPED_ATTRIBUTE};
 *                 0 when the event carries none. Of two versions of the same id, the higher revision is the newer
 *                 mapping and wins (docs/decisions.md, "Replay: newer mapping wins").
 */
public record FlowEvent(String id, String source, EventType type, Instant time, String subject, EventData data,
        long revision) {

    /** CloudEvents spec version written and accepted. */
    public static final String SPEC_VERSION = "1.0";

    /**
     * The CloudEvents extension attribute (a Timestamp, RFC 3339) that ingest-service stamps on every event it puts
     * into its outbox: when this version of the event was mapped or accepted.
     */
    public static final String MAPPED_ATTRIBUTE = "flowlensmapped";

    public FlowEvent {
        Objects.requireNonNull(id, "id");
        Objects.requireNonNull(source, "source");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(data, "data");
        if (data.getClass() != type.dataType()) {
            throw new IllegalArgumentException("the data of a " + type.wireName() + " is a "
                    + type.dataType().getSimpleName() + ", got " + data.getClass().getSimpleName());
        }
        if (revision < 0) {
            throw new IllegalArgumentException("revision must not be negative, got " + revision);
        }
    }

    /** An event without a mapping revision (revision 0), as mappers build it before ingest-service stamps it. */
    public FlowEvent(String id, String source, EventType type, Instant time, String subject, EventData data) {
        this(id, source, type, time, subject, data, 0L);
    }

    /** This event with another mapping revision. */
    public FlowEvent withRevision(long newRevision) {
        return new FlowEvent(id, source, type, time, subject, data, newRevision);
    }

    /** The revision of a mapping instant: microseconds since the epoch (sub-microsecond digits are dropped). */
    public static long revisionOf(Instant mapped) {
        return Math.addExact(Math.multiplyExact(mapped.getEpochSecond(), 1_000_000L), mapped.getNano() / 1_000);
    }

    /** The instant of a revision, as written in {@value #MAPPED_ATTRIBUTE}. */
    public static Instant mappedAt(long revision) {
        return Instant.ofEpochSecond(Math.floorDiv(revision, 1_000_000L), Math.floorMod(revision, 1_000_000L) * 1_000L);
    }
}
