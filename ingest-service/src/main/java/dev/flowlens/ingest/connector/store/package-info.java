/**
 * Connectors and sync runs at rest: their entities and stores (Hibernate Reactive with Panache), the sync cursors and
 * the one-transaction commit of a pulled page, and {@link dev.flowlens.ingest.connector.store.SecretBox}, which seals
 * API tokens and webhook secrets.
 */
package dev.flowlens.ingest.connector.store;
