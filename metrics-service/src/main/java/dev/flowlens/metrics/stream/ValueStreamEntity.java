package dev.flowlens.metrics.stream;

import dev.flowlens.internalapi.metrics.ValueStream;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of {@code metrics.value_stream} (V1__facts_and_value_streams.sql, V2__change_tracking.sql). Every write sets
 * {@code txid} to the writing transaction's id, as the fact tables' upserts do, so that every instance's fact cache
 * polls the change (dev.flowlens.metrics.view.FactCache); a deleted stream stays as a tombstone. {@code updated_at}
 * and {@code txid} are the database's: an insert leaves them to the columns' defaults, and {@link ValueStreamStore}
 * changes a stored row with one update statement that sets them again.
 */
@Entity
@Table(schema = "metrics", name = "value_stream")
public class ValueStreamEntity extends PanacheEntityBase {

    @Id
    public String id;

    public String name;

    /** The whole definition, normalised and validated; JSON through Jackson. */
    @JdbcTypeCode(SqlTypes.JSON)
    public ValueStream definition;

    /** When the row was last written: the database's time, set by its default and by every save and delete. */
    @Column(name = "updated_at", insertable = false, updatable = false)
    public Instant updatedAt;

    /** The id of the transaction that wrote the row last: set by the column's default and by every save and delete. */
    @Column(insertable = false, updatable = false)
    public long txid;

    /** A deleted stream: kept so that the pollers learn of the deletion; saving the id again brings it back. */
    public boolean deleted;
}
