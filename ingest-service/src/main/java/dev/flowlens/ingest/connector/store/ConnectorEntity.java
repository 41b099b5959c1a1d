package dev.flowlens.ingest.connector.store;

import dev.flowlens.ingest.connector.ConnectorKind;
import dev.flowlens.ingest.connector.ConnectorSettings;
import dev.flowlens.ingest.connector.MappingOptions;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.DynamicUpdate;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of {@code ingest.connector} (V2__connectors.sql). The secrets are stored as {@link SecretBox} sealed them and
 * never opened here. Updates write only the columns that changed, so a sync recording {@code last_sync_at} and an
 * admin's save never overwrite each other's columns.
 */
@Entity
@Table(schema = "ingest", name = "connector")
@DynamicUpdate
public class ConnectorEntity extends PanacheEntityBase {

    /** A UUID unless the admin chose the id; also in the webhook URL. */
    @Id
    public String id;

    @Enumerated(EnumType.STRING)
    public ConnectorKind kind;

    public String name;

    @Column(name = "base_url")
    public String baseUrl;

    public String selector;

    /** The mapping options, normalised ({@link ConnectorSettings#options()}); JSON through Jackson. */
    @JdbcTypeCode(SqlTypes.JSON)
    public MappingOptions settings;

    /** The API token, sealed (nonce || ciphertext+tag); null for a webhook-only connector. */
    @Column(name = "token_enc")
    public byte[] tokenSealed;

    /** The webhook secret, sealed like the token. */
    @Column(name = "webhook_secret_enc")
    public byte[] webhookSecretSealed;

    @Column(name = "last_sync_at")
    public Instant lastSyncAt;

    @Column(name = "last_error")
    public String lastError;

    /** Set by the database's default when the row is inserted; orders the list. */
    @Column(name = "created_at", insertable = false, updatable = false)
    public Instant createdAt;
}
