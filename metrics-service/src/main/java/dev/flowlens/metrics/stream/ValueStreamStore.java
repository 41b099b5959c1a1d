package dev.flowlens.metrics.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.ValueStreams;
import dev.flowlens.metrics.config.JsonColumns;
import io.quarkus.hibernate.reactive.panache.Panache;
import io.quarkus.panache.common.Sort;
import io.smallrye.mutiny.Uni;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;
import org.hibernate.exception.ConstraintViolationException;

/**
 * Value stream definitions ({@link ValueStreamEntity}, table {@code metrics.value_stream}), through Hibernate Reactive
 * with Panache: saved whole as JSON, validated before they are stored. Every method opens its own session (or joins
 * the one of the Vert.x context it runs on): subscribe on a Vert.x context, or, from a worker thread, through
 * {@code VertxContextSupport.subscribeAndAwait}.
 */
@ApplicationScoped
public class ValueStreamStore {

    /** The id of the writing transaction, as the column's default computes it: pg_current_xact_id()::text::bigint. */
    private static final String WRITING_TXID = "cast(cast(function('pg_current_xact_id') as String) as Long)";

    /** Every stream, by name. */
    public Uni<List<ValueStream>> list() {
        return Panache.withSession(() -> ValueStreamEntity.<ValueStreamEntity>list("deleted = false", Sort.by("name").and("id")))
                .map(rows -> rows.stream().map(r -> ValueStreams.normalized(r.definition)).toList());
    }

    /** The streams with these ids that exist, keyed by id. */
    public Uni<Map<String, ValueStream>> byIds(List<String> ids) {
        if (ids.isEmpty()) {
            return Uni.createFrom().item(Map.of());
        }
        return Panache.withSession(() -> ValueStreamEntity.<ValueStreamEntity>list("id in ?1 and deleted = false", ids))
                .map(rows -> rows.stream().map(r -> ValueStreams.normalized(r.definition))
                        .collect(Collectors.toMap(ValueStream::id, v -> v)));
    }

    /**
     * Creates (no id: a new UUID) or replaces (by id) a stream. A replace is one update statement, which also brings a
     * deleted stream back; when it finds no row the stream is inserted. Each save sets {@code txid} and
     * {@code updated_at} again, even when the definition is the same. Two creates of one new id race on the primary
     * key, and the loser is run again, as a replace: the last save wins, as with an upsert.
     *
     * @throws IllegalArgumentException naming what is wrong with the definition
     */
    public Uni<ValueStream> save(ValueStream input) {
        ValueStream normalized = ValueStreams.normalized(input);
        List<String> problems = ValueStreams.validate(normalized);
        if (!problems.isEmpty()) {
            return Uni.createFrom().failure(new IllegalArgumentException(String.join("; ", problems)));
        }
        String id = normalized.id() == null || normalized.id().isBlank() ? UUID.randomUUID().toString()
                : normalized.id().trim();
        ValueStream stored = new ValueStream(id, normalized.name().trim(), normalized.scope(), normalized.stages(),
                normalized.doneStatuses(), normalized.productionEnvironments(), normalized.visibleToGroups(),
                normalized.incidentAttribution(), normalized.sle());
        return Uni.createFrom().deferred(() -> Panache.withTransaction(() -> ValueStreamEntity.update(
                        "name = ?1, definition = ?2, deleted = false, updatedAt = current_timestamp, txid = " + WRITING_TXID
                                + " where id = ?3", stored.name(), stored, id)
                        .chain(updated -> {
                            if (updated > 0) {
                                return Uni.createFrom().voidItem();
                            }
                            ValueStreamEntity row = new ValueStreamEntity();
                            row.id = id;
                            row.name = stored.name();
                            row.definition = stored;
                            return row.persist().replaceWithVoid();
                        })))
                .onFailure(ValueStreamStore::duplicateId).retry().atMost(1)
                .replaceWith(stored);
    }

    /**
     * Deletes a stream; false when there was none with this id. The row stays as a tombstone (with the deleting
     * transaction's id) so that every instance's fact cache learns of the deletion.
     */
    public Uni<Boolean> delete(String id) {
        return Panache.withTransaction(() -> ValueStreamEntity.update(
                        "deleted = true, updatedAt = current_timestamp, txid = " + WRITING_TXID + " where id = ?1 and deleted = false",
                        id))
                .map(updated -> updated > 0);
    }

    /** Reads a definition as stored (normalised); the fact cache reads the table itself, in its own transaction. */
    public ValueStream read(String definition) {
        try {
            return ValueStreams.normalized(JsonColumns.MAPPER.readValue(definition, ValueStream.class));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Whether a save lost the race to create the same new id (then it is run again, as a replace). */
    private static boolean duplicateId(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof ConstraintViolationException c && c.getKind() == ConstraintViolationException.ConstraintKind.UNIQUE) {
                return true;
            }
        }
        return false;
    }
}
