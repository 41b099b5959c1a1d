package dev.flowlens.ingest.connector.pull;

import dev.flowlens.ingest.connector.ConnectorKind;

/**
 * A tool's incremental pull (docs/connectors.md "Pull"). One {@code @ApplicationScoped}
 * implementation per tool package; {@link SyncService} finds it by {@link #kind()}.
 */
public interface ToolPuller {

    ConnectorKind kind();

    /**
     * Fetches what changed since each resource's cursor and commits it page by page through
     * {@link PullContext#commit}. Runs on a sync worker thread and may block (requests, waits).
     *
     * @throws PullFailure when the sync cannot finish; what was committed stays, the cursors say
     *                     where the next run resumes
     */
    void pull(PullContext context);
}
