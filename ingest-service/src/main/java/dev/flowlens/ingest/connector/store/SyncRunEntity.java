package dev.flowlens.ingest.connector.store;

import com.fasterxml.jackson.databind.JsonNode;
import io.quarkus.hibernate.reactive.panache.PanacheEntityBase;
import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.EnumType;
import jakarta.persistence.Enumerated;
import jakarta.persistence.Id;
import jakarta.persistence.Table;
import java.time.Instant;
import org.hibernate.annotations.Generated;
import org.hibernate.annotations.JdbcTypeCode;
import org.hibernate.type.SqlTypes;

/**
 * A row of {@code ingest.sync_run} (V3__sync_runs.sql). The page counters ({@code pages}, {@code items},
 * {@code stored}, {@code events}) and {@code progress} also move in each page's transaction, next to the raw rows and
 * the outbox ({@link SyncStore#commitPage}), which stays on the Vert.x client.
 */
@Entity
@Table(schema = "ingest", name = "sync_run")
public class SyncRunEntity extends PanacheEntityBase {

    /** The status of a run that is going on. */
    public static final String RUNNING = "RUNNING";

    @Id
    public String id;

    @Column(name = "connector_id")
    public String connectorId;

    @Enumerated(EnumType.STRING)
    public SyncRun.Trigger trigger;

    /** RUNNING, SUCCEEDED or FAILED (the table's check constraint). */
    public String status;

    /** The database's time when the run was recorded (its default, read back after the insert). */
    @Generated
    @Column(name = "started_at")
    public Instant startedAt;

    @Column(name = "finished_at")
    public Instant finishedAt;

    public int pages;

    public int items;

    public int stored;

    public int events;

    @JdbcTypeCode(SqlTypes.JSON)
    public JsonNode progress;

    public String error;

    public String phase;

    public String endpoint;

    @Column(name = "phase_items")
    public int phaseItems;

    @Column(name = "phase_total")
    public Integer phaseTotal;

    @Column(name = "phase_started")
    public Instant phaseStarted;

    public int requests;

    @Column(name = "rate_limit_waits")
    public int rateLimitWaits;

    @Column(name = "wait_reason")
    public String waitReason;

    @Column(name = "wait_until")
    public Instant waitUntil;

    @Column(name = "updated_at")
    public Instant updatedAt;

    /** The run as the API shows it. */
    SyncRun toRun() {
        return new SyncRun(id, connectorId, trigger, status, startedAt, finishedAt, pages, items, stored, events, progress,
                error, new SyncRun.Live(phase, endpoint, phaseItems, phaseTotal, phaseStarted, requests, rateLimitWaits, waitReason,
                        waitUntil, updatedAt));
    }
}
