package dev.flowlens.ingest.connector;

import com.fasterxml.jackson.databind.JsonNode;

/**
 * A tool's pure webhook mapping: one delivery in, canonical events out. No I/O, so replays of the
 * raw archive give the same events as the first ingest.
 */
public interface ToolMapper {

    /**
     * Maps one webhook delivery.
     *
     * @param eventKind the tool's event kind header ({@code X-GitHub-Event}, {@code X-Gitlab-Event});
     *                  null for Jira, whose kind is in the body
     * @param payload   the parsed body
     */
    Mapping mapWebhook(String eventKind, JsonNode payload);
}
