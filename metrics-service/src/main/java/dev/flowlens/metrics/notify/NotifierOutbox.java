package dev.flowlens.metrics.notify;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.json.JsonMapper;
import com.fasterxml.jackson.datatype.jsr310.JavaTimeModule;
import dev.flowlens.internalapi.metrics.Alert;
import io.vertx.core.json.JsonObject;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.time.Duration;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Puts alert events into the notifiers' persisted outbox ({@code metrics.notifier_delivery}), whence
 * {@link NotifierDispatcher} delivers them. Every instance enqueues what its alert announcer finds; the unique key
 * (notifier, alert id, event) keeps one row of each, whoever enqueued it first, so that several instances, or an
 * instance catching up after a restart, never deliver an event twice by themselves (a receiver still sees a retry of
 * an event whose answer was lost: the same {@code Idempotency-Key}).
 *
 * <p>Blocks the calling thread on the database (the announcer's worker thread).
 */
@ApplicationScoped
public class NotifierOutbox {
    private static final Duration DB_WAIT = Duration.ofSeconds(30);
    private static final ObjectMapper JSON = JsonMapper.builder().addModule(new JavaTimeModule())
            .disable(SerializationFeature.WRITE_DATES_AS_TIMESTAMPS).disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();

    /** One row per notifier of the stream that was created before the event's instant, when {@code $7} says so. */
    private static final String INSERT = "insert into metrics.notifier_delivery"
            + " (notifier_id, value_stream_id, value_stream_name, alert_id, event, alert)"
            + " select n.id, $1, $2, $3, $4, $5 from metrics.notifier n"
            + " where n.streams -> 'valueStreamIds' @> jsonb_build_array($1::text) and ($7 = false or n.created_at <= $6)"
            + " on conflict (notifier_id, alert_id, event) do nothing";

    private final Pool pool;
    private final NotifierConfig config;

    public NotifierOutbox(Pool pool, NotifierConfig config) {
        this.pool = pool;
        this.config = config;
    }

    /**
     * Enqueues alerts raised or ended just now (the announcer's news), in their order, for every notifier of the
     * stream. An alert that is news already ended (raised and ended between two looks, or while the instance was
     * starting) is enqueued raised, then ended, so that a receiver hears of both; its raise is skipped when it was
     * enqueued before, or when it began before the window that the outbox remembers ({@code max-age}).
     */
    public void enqueue(String streamId, String streamName, List<Alert> news) {
        if (news.isEmpty()) {
            return;
        }
        Instant remembered = Instant.now().minus(config.maxAge());
        List<AlertEvent> events = new ArrayList<>();
        for (Alert a : news) {
            if (a.until() != null && !a.since().isBefore(remembered)) {
                events.add(new AlertEvent(AlertEvent.RAISED, a, streamName));
            }
            events.add(AlertEvent.of(a, streamName));
        }
        insert(streamId, events, false);
    }

    /**
     * Enqueues what may have been missed (after a start, or after an enqueue failed): every event of the stream's
     * alerts, as of now, that happened within {@code flowlens.notifiers.max-age} and after a notifier was created,
     * in the order they happened. Those enqueued before are skipped by the unique key.
     */
    public void catchUp(String streamId, String streamName, List<Alert> all, Instant now) {
        Instant from = now.minus(config.maxAge());
        List<AlertEvent> events = all.stream()
                .flatMap(a -> a.until() == null ? java.util.stream.Stream.of(new AlertEvent(AlertEvent.RAISED, a, streamName))
                        : java.util.stream.Stream.of(new AlertEvent(AlertEvent.RAISED, a, streamName),
                                new AlertEvent(AlertEvent.ENDED, a, streamName)))
                .filter(e -> !e.at().isBefore(from) && !e.at().isAfter(now))
                .sorted(AlertEvent.CHRONOLOGICAL).toList();
        insert(streamId, events, true);
    }

    /** The ids of the value streams that some notifier receives. */
    public Set<String> streamsWithNotifiers() {
        Set<String> ids = new HashSet<>();
        for (Row r : pool.query("select distinct jsonb_array_elements_text(streams -> 'valueStreamIds') from metrics.notifier")
                .execute().await().atMost(DB_WAIT)) {
            ids.add(r.getString(0));
        }
        return ids;
    }

    private void insert(String streamId, List<AlertEvent> events, boolean onlyAfterCreation) {
        if (events.isEmpty()) {
            return;
        }
        List<Tuple> rows = events.stream().map(e -> Tuple.from(List.of(streamId, e.streamName() == null ? "" : e.streamName(),
                e.alert().id(), e.event(), alertJson(e.alert()), OffsetDateTime.ofInstant(e.at(), ZoneOffset.UTC),
                onlyAfterCreation))).toList();
        pool.withTransaction(c -> c.preparedQuery(INSERT).executeBatch(rows)).await().atMost(DB_WAIT);
    }

    static JsonObject alertJson(Alert alert) {
        try {
            return new JsonObject(JSON.writeValueAsString(alert));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an alert could not be written", e);
        }
    }

    static Alert alert(JsonObject json) {
        try {
            return JSON.readValue(json.encode(), Alert.class);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a stored alert could not be read: " + e.getOriginalMessage(), e);
        }
    }
}
