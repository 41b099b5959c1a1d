package dev.flowlens.metrics.notify;

import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import java.util.List;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of {@code metrics.notifier} (V6__notifiers.sql). The delivery state ({@code last_delivery_at},
 * {@code last_error}) is written by the dispatcher with its own statements ({@link NotifierDispatcher}), never through
 * the entity.
 */
@Entity
@Table(schema = "metrics", name = "notifier")
public class NotifierEntity extends PanacheEntityBase {

    /** The JSON of column {@code streams}. */
    public record Streams(List<String> valueStreamIds) {
    }

    @Id
    public String id;

    public String name;

    public String url;

    /** JSON or SLACK. */
    public String format;

    /** The signing secret sealed with FLOWLENS_SECRET_KEY; null for none. Never answered. */
    @Column(name = "secret_enc")
    public byte[] secretEnc;

    /** The value streams whose alerts it receives. */
    @JdbcTypeCode(SqlTypes.JSON)
    public Streams streams;

    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;

    @Column(name = "updated_at")
    public Instant updatedAt;

    @Column(name = "last_delivery_at", insertable = false, updatable = false)
    public Instant lastDeliveryAt;

    @Column(name = "last_error", insertable = false, updatable = false)
    public String lastError;
}
