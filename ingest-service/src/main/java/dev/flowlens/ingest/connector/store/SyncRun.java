package dev.flowlens.ingest.connector.store;

import com.fasterxml.jackson.databind.JsonNode;
import java.time.Instant;

/**
 * One run of a connector's pull (schema.graphql {@code SyncRun} plus its progress).
 *
 * @param status   RUNNING, SUCCEEDED or FAILED
 * @param pages    pages fetched and committed so far
 * @param items    objects fetched
 * @param stored   new raw rows (an object version stored before is not stored again)
 * @param events   outbox rows written
 * @param progress per resource: {@code {"pages", "items", "cursor"}}
 * @param error    why a FAILED run stopped
 */
public record SyncRun(String id, String connectorId, Trigger trigger, String status, Instant startedAt, Instant finishedAt,
        int pages, int items, int stored, int events, JsonNode progress, String error) {

    /** Who started a run. */
    public enum Trigger {
        MANUAL, SCHEDULE
    }
}
