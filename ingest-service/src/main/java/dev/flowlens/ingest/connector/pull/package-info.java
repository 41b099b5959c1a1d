/**
 * The pull from a tool's API: the scheduled and manual sync runs ({@link dev.flowlens.ingest.connector.pull.SyncService}),
 * the per-tool {@link dev.flowlens.ingest.connector.pull.ToolPuller} SPI and the context a run pulls through (token,
 * cursors, page commits, clock), and the tool HTTP client with its retries, rate-limit waits, paging and failures.
 */
package dev.flowlens.ingest.connector.pull;
