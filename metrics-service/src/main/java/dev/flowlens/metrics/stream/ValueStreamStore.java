package dev.flowlens.metrics.stream;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.flowlens.internalapi.metrics.ValueStream;
import dev.flowlens.metrics.calc.ValueStreams;
import io.smallrye.mutiny.Uni;
import io.vertx.mutiny.sqlclient.Pool;
import io.vertx.mutiny.sqlclient.Row;
import io.vertx.mutiny.sqlclient.Tuple;
import jakarta.enterprise.context.ApplicationScoped;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Collectors;

/** Value stream definitions: saved whole as JSON, validated before they are stored. */
@ApplicationScoped
public class ValueStreamStore {

    private final Pool pool;
    private final ObjectMapper json;

    public ValueStreamStore(Pool pool, ObjectMapper json) {
        this.pool = pool;
        this.json = json;
    }

    /** Every stream, by name. */
    public Uni<List<ValueStream>> list() {
        return pool.query("select definition::text from metrics.value_stream where not deleted order by name, id").execute()
                .map(rows -> {
                    List<ValueStream> out = new ArrayList<>(rows.rowCount());
                    for (Row r : rows) {
                        out.add(read(r.getString(0)));
                    }
                    return out;
                });
    }

    /** The streams with these ids that exist, keyed by id. */
    public Uni<Map<String, ValueStream>> byIds(List<String> ids) {
        return pool.preparedQuery("select definition::text from metrics.value_stream where id = any($1) and not deleted")
                .execute(Tuple.of((Object) ids.toArray(String[]::new)))
                .map(rows -> {
                    List<ValueStream> out = new ArrayList<>(rows.rowCount());
                    rows.forEach(r -> out.add(read(r.getString(0))));
                    return out.stream().collect(Collectors.toMap(ValueStream::id, v -> v));
                });
    }

    /**
     * Creates (no id: a new UUID) or replaces (by id) a stream.
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
                normalized.doneStatuses(), normalized.productionEnvironments(), normalized.visibleToGroups());
        return pool.preparedQuery("""
                insert into metrics.value_stream (id, name, definition) values ($1, $2, $3::text::jsonb)
                on conflict (id) do update set name = excluded.name, definition = excluded.definition,
                    updated_at = now(), deleted = false, txid = excluded.txid""")
                .execute(Tuple.of(id, stored.name(), write(stored)))
                .replaceWith(stored);
    }

    /**
     * Deletes a stream; false when there was none with this id. The row stays as a tombstone (with the deleting
     * transaction's id) so that every instance's fact cache learns of the deletion.
     */
    public Uni<Boolean> delete(String id) {
        return pool.preparedQuery("""
                update metrics.value_stream set deleted = true, updated_at = now(),
                    txid = pg_current_xact_id()::text::bigint
                where id = $1 and not deleted""").execute(Tuple.of(id))
                .map(rows -> rows.rowCount() > 0);
    }

    /** Reads a stored definition (normalised). */
    public ValueStream read(String definition) {
        try {
            return ValueStreams.normalized(json.readValue(definition, ValueStream.class));
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }

    private String write(ValueStream stream) {
        try {
            return json.writeValueAsString(stream);
        } catch (JsonProcessingException e) {
            throw new UncheckedIOException(e);
        }
    }
}
